// Run directories: where a run's results go, and the rule that monsim never deletes or
// overwrites what it did not write.
//
// The rule. A run writes into `results/<name>` (or `--out DIR`) only if that path
//   - does not exist (its missing parents are created), or
//   - is an empty directory, or
//   - is a run directory monsim wrote: it carries the marker file `.monsim-run`, which lists
//     every file monsim (or scripts/plot.py) wrote there, and holds nothing else.
// Anything else — a file, a symbolic link, a directory with files of someone else's, the
// current directory or one containing it — is refused before the run starts (exit 2, naming
// the directory and one foreign entry).
//
// Atomicity. Every file of a run is written into a sibling `DIR.tmp-PID` (which carries the
// marker from its first instant); `commit()` puts it in place in one step — rename(2) onto a
// new path or an empty directory, renameat2(RENAME_EXCHANGE) with an earlier run — and only
// then removes the earlier run. A reader sees the old run or the new one, never a mixture.
//
// Leftovers. A `DIR.tmp-PID` whose marker is there but whose process is gone (killed with
// SIGKILL, a crash of the machine) is removed by the next run into DIR, which says so; one
// whose process is alive is left alone and reported.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace monsim::sim {

inline constexpr const char* kRunMarker = ".monsim-run";

// May a run be written to `dir`? If not, `why` says why (naming `dir`).
bool may_write_run_dir(const std::filesystem::path& dir, std::string* why);

class RunDir {
 public:
  // Checks the rule, removes dead leftovers (their names go to `notes`), creates the parent
  // directories and `DIR.tmp-PID` with its marker. False (and `why`) if the rule refuses or
  // the file system does; nothing is left behind then.
  bool prepare(const std::filesystem::path& dir, std::string* why, std::vector<std::string>* notes);

  const std::filesystem::path& dir() const { return final_; }
  const std::filesystem::path& tmp() const { return tmp_; }
  // Path to write `name` to (inside the temporary directory).
  std::filesystem::path file(const std::string& name) const { return tmp_ / name; }

  // Lists what was written in the marker and puts the directory in place (see above).
  bool commit(std::string* why);

  // Removes the temporary directory if it is still there (a run that did not finish, or the
  // earlier run after an exchange). Only a directory carrying the marker is removed.
  void discard();

 private:
  std::filesystem::path final_, tmp_;
};

// Removes the `NAME.tmp-PID` directories in `parent` whose name starts with `prefix`, that
// carry the run marker and whose process is gone; says what it did (or left) in `notes`.
void remove_leftovers_in(const std::filesystem::path& parent, const std::string& prefix,
                         std::vector<std::string>* notes);

// The path as the user meant it: "out/" is "out" (a trailing slash is not a different name).
std::filesystem::path normalise_out_path(const std::string& text);

}  // namespace monsim::sim
