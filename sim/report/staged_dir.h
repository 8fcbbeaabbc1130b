// Directories monsim writes whole — a run's, a sweep's, an exploration's — and the rule that
// monsim never deletes or overwrites what it did not write.
//
// The rule. Such a directory is written at DIR only if DIR
//   - does not exist (its missing parents are created, and removed again if nothing is put in
//     place), or
//   - is an empty directory, or
//   - is a directory of the same kind that monsim wrote, holding nothing else: it carries the
//     kind's marker (`.monsim-run`, `.monsim-sweep`, `.monsim-explore`), which lists every file
//     monsim (or scripts/plot.py) wrote there; a directory inside it with a marker of its own
//     (a sweep's kept runs) answers for its own files; and it belongs to the user running
//     monsim (or monsim runs as root), so that replacing it cannot fail half-way.
// Anything else — a file, a symbolic link, a directory with files of someone else's, another
// kind's directory, the current directory or one containing it — is refused before anything
// runs (naming the directory and what is in the way).
//
// Atomicity. Everything is written into a sibling `DIR.tmp-PID`, which carries the marker
// from its first instant; `commit()` puts it in place in one step — rename(2) onto a new path
// or an empty directory, renameat2(RENAME_EXCHANGE) with an earlier result — and only then
// removes the earlier one (its files first, each directory's marker last). A reader sees the
// old result or the new one, never a mixture; an interrupt, a crash or a full disk before the
// exchange leaves the earlier result byte for byte as it was.
//
// Leftovers. A `DIR.tmp-PID` carrying one of monsim's markers whose process is gone (killed
// with SIGKILL, a crash of the machine) is removed by the next command writing DIR, which says
// so; one whose process is alive is left alone and reported. Unmarked ones are not monsim's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace monsim::sim {

enum class DirKind { run, sweep, explore };

inline constexpr const char* kRunMarker = ".monsim-run";
inline constexpr const char* kSweepMarker = ".monsim-sweep";
inline constexpr const char* kExploreMarker = ".monsim-explore";

// The marker file of a kind.
const char* marker_of(DirKind kind);

// May a directory of `kind` be written at `dir`? If not, `why` says why (naming `dir`).
bool may_write_dir(const std::filesystem::path& dir, DirKind kind, std::string* why);

class StagedDir {
 public:
  explicit StagedDir(DirKind kind) : kind_(kind) {}
  StagedDir(StagedDir&&) = default;
  StagedDir& operator=(StagedDir&&) = default;

  // Checks the rule, removes dead leftovers (their names go to `notes`), creates the missing
  // parent directories and `DIR.tmp-PID` with its marker. False (and `why`) if the rule refuses
  // or the file system does; nothing is left behind then.
  bool prepare(const std::filesystem::path& dir, std::string* why, std::vector<std::string>* notes);

  const std::filesystem::path& dir() const { return final_; }
  const std::filesystem::path& tmp() const { return tmp_; }
  // Path to write `name` to (inside the temporary directory).
  std::filesystem::path file(const std::string& name) const { return tmp_ / name; }
  // Does an earlier result (a non-empty directory) stand at dir() now?
  bool replaces() const;

  // Lists what was written in the marker and puts the directory in place (see above). What
  // could not be removed of the earlier result is said in `notes`.
  bool commit(std::string* why, std::vector<std::string>* notes = nullptr);
  // After a failed commit(): was it the rule (someone put a file of theirs into dir() while
  // monsim ran: bad input, exit 2) rather than the file system (exit 3)?
  bool refused() const { return refused_; }

  // Removes the temporary directory if it is still there (a command that did not finish), and
  // the parents prepare() created if they are empty. Only a directory carrying the marker is
  // removed.
  void discard();

 private:
  DirKind kind_;
  std::filesystem::path final_, tmp_;
  std::vector<std::filesystem::path> created_;  // parents prepare() made, the outermost first
  bool committed_ = false;
  bool refused_ = false;
};

// Removes the `NAME.tmp-PID` directories in `parent` whose name starts with `prefix`, that
// carry one of monsim's markers and whose process is gone; says what it did (or left) in
// `notes`.
void remove_leftovers_in(const std::filesystem::path& parent, const std::string& prefix,
                         std::vector<std::string>* notes);

// Removes an earlier result of `kind` at `dir` — only one the rule above would let monsim
// replace: marked as monsim's, holding nothing else, the user's. False (and `why`, naming it)
// when it is not such a result or could not be removed whole.
bool remove_result(const std::filesystem::path& dir, DirKind kind, std::string* why);

// The path as the user meant it: "out/" is "out" (a trailing slash is not a different name).
std::filesystem::path normalise_out_path(const std::string& text);

// Checks an --out path before anything runs: not empty, and a last component short enough to
// take the ".tmp-PID" suffix within the file system's name limit.
bool out_path_ok(const std::string& text, const char* option, std::string* why);

}  // namespace monsim::sim
