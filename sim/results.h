// Run directories, written atomically: every file goes to a fresh sibling directory which
// replaces the old run directory only once the run has finished.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace monsim::sim {

class RunDir {
 public:
  explicit RunDir(std::filesystem::path final_dir);
  ~RunDir();  // an uncommitted run leaves nothing behind

  // Path to write `name` to (inside the temporary directory).
  std::filesystem::path file(const std::string& name) const { return tmp_ / name; }
  // Replace the final directory with what was written. Returns false (and says why) on error.
  bool commit(std::string* error);

 private:
  std::filesystem::path final_, tmp_;
  bool committed_ = false;
};

}  // namespace monsim::sim
