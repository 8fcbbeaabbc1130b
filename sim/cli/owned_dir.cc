#include "sim/cli/owned_dir.h"

#include <filesystem>

#include "sim/report/run_dir.h"

namespace monsim::sim {

namespace fs = std::filesystem;

bool owned_entry(const std::string& name, const std::vector<std::string>& own) {
  for (const auto& o : own) {
    if (o == name) return true;
    if (!o.empty() && o.back() == '*' && name.rfind(o.substr(0, o.size() - 1), 0) == 0) return true;
    if (!o.empty() && o.front() == '*' && name.size() >= o.size() - 1 &&
        name.compare(name.size() - (o.size() - 1), o.size() - 1, o, 1) == 0)
      return true;
  }
  return false;
}

bool may_write_owned_dir(const std::string& text, const char* marker, const std::vector<std::string>& own,
                         const char* what, std::string* why) {
  const fs::path dir = normalise_out_path(text);
  std::error_code ec;
  const auto st = fs::symlink_status(dir, ec);
  if (ec || st.type() == fs::file_type::not_found) return true;
  if (st.type() != fs::file_type::directory) {
    *why = dir.string() + ": exists and is not a directory";
    return false;
  }
  const bool earlier = fs::exists(dir / marker, ec);
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!earlier || !owned_entry(name, own)) {
      *why = dir.string() + ": holds " + name +
             (earlier ? std::string(", which monsim did not write there") : " and is not " + std::string(what) + " directory") +
             ": give a new or empty directory";
      return false;
    }
  }
  return true;
}

}  // namespace monsim::sim
