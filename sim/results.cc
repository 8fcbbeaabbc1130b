#include "sim/results.h"

#include <unistd.h>

namespace monsim::sim {

namespace fs = std::filesystem;

RunDir::RunDir(fs::path final_dir) : final_(std::move(final_dir)) {
  tmp_ = final_;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  fs::remove_all(tmp_);
  fs::create_directories(tmp_);
}

RunDir::~RunDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }
}

bool RunDir::commit(std::string* error) {
  std::error_code ec;
  fs::path old = final_;
  old += ".old-" + std::to_string(::getpid());
  if (fs::exists(final_)) fs::rename(final_, old, ec);
  if (!ec) fs::rename(tmp_, final_, ec);
  if (ec) {
    if (error) *error = ec.message();
    return false;
  }
  fs::remove_all(old, ec);
  committed_ = true;
  return true;
}

}  // namespace monsim::sim
