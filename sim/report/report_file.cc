#include "sim/report/report_file.h"

#include "sim/report/file_out.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string head(const fs::path& file, std::size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string s(bytes, '\0');
  in.read(s.data(), static_cast<std::streamsize>(bytes));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

bool is_our_junit(const fs::path& file) {
  return head(file, 4096).find("<testsuites name=\"monsim\"") != std::string::npos;
}

bool is_our_baseline(const fs::path& file, const std::string& scenario) {
  std::error_code ec;
  if (fs::file_size(file, ec) > 1024 * 1024 || ec) return false;
  std::ifstream in(file, std::ios::binary);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains("scenario") && j["scenario"] == scenario && j.contains("metrics") &&
         j["metrics"].is_object();
}

}  // namespace

bool may_write_into(const fs::path& dir, std::string* why) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      *why = quoted(dir) + " exists and is not a directory";
      return false;
    }
    // Asked now, not after the runs: a read-only mount or someone else's directory.
    if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
      *why = "cannot write into " + quoted(dir) + ": " + std::strerror(errno);
      return false;
    }
    return true;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    *why = "cannot create " + quoted(dir) + ": " + ec.message();
    return false;
  }
  return true;
}

bool may_write_report(const fs::path& file, ReportKind kind, const std::string& scenario, std::string* why) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(file, ec);
  const char* what = kind == ReportKind::junit ? "a JUnit report" : "a baseline";
  if (fs::exists(st)) {
    if (fs::is_directory(st)) {
      *why = quoted(file) + " is a directory: give a file name for " + what;
      return false;
    }
    if (!fs::is_regular_file(st)) {
      *why = quoted(file) + " is not a regular file: monsim does not replace it";
      return false;
    }
    const bool ours = kind == ReportKind::junit ? is_our_junit(file) : is_our_baseline(file, scenario);
    if (!ours) {
      *why = quoted(file) + " exists and is not " + what + " monsim wrote" +
             (kind == ReportKind::baseline ? " for " + scenario : "") + ": monsim does not overwrite it";
      return false;
    }
  }
  const fs::path parent = file.has_parent_path() ? file.parent_path() : fs::path(".");
  return may_write_into(parent, why);
}

bool write_file_atomically(const fs::path& file, const std::string& text, std::string* why) {
  std::error_code ec;
  const fs::path parent = file.has_parent_path() ? file.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) {
    *why = "cannot create " + quoted(parent) + ": " + ec.message();
    return false;
  }
  const fs::path tmp = parent / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
  if (!write_text_file(tmp, text, why)) {
    fs::remove(tmp, ec);
    return false;
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    *why = "cannot write " + quoted(file) + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace monsim::sim
