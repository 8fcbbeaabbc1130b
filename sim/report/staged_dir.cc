#include "sim/report/staged_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

#include "sim/report/file_out.h"

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {

struct KindInfo {
  const char* marker;
  const char* header;
  const char* noun;                       // "a run directory"
  std::vector<std::string> legacy_names;  // what an older monsim's unlisted marker stood for
};

const KindInfo& info(DirKind kind) {
  static const KindInfo run{kRunMarker,
                            "# monsim run directory: every file monsim wrote here (it replaces this directory only "
                            "while it holds nothing else)",
                            "a run directory", {}};
  static const KindInfo sweep{kSweepMarker,
                              "# monsim sweep directory: every file monsim wrote here (it replaces this directory "
                              "only while it holds nothing else)",
                              "a sweep directory", {"sweep.csv", "sweep.json", "runs", "plots", kSweepMarker}};
  static const KindInfo explore{kExploreMarker,
                                "# monsim explore directory: every file monsim wrote here (it replaces this "
                                "directory only while it holds nothing else)",
                                "an exploration directory", {"explore.csv", "runs", "*-min.yaml", kExploreMarker}};
  return kind == DirKind::run ? run : kind == DirKind::sweep ? sweep : explore;
}

constexpr DirKind kKinds[] = {DirKind::run, DirKind::sweep, DirKind::explore};
constexpr std::size_t kMarkerBytes = 64 * 1024 * 1024;  // a sweep of 10^6 kept runs lists a lot
constexpr std::size_t kEntriesChecked = 1'000'000;
constexpr int kDepth = 16;  // monsim writes at most runs/<run>/plots/<file>

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

enum class MarkerState { none, listed, legacy };

// `dir`'s marker of `kind`: listed (the header, then the files), legacy (an older monsim's
// sweep or exploration marker: a plain list of names), or none.
MarkerState read_marker(const fs::path& dir, DirKind kind, std::set<std::string>* files) {
  std::error_code ec;
  const fs::path m = dir / info(kind).marker;
  const fs::file_status st = fs::symlink_status(m, ec);
  if (!fs::is_regular_file(st)) return MarkerState::none;
  if (fs::file_size(m, ec) > kMarkerBytes || ec) return MarkerState::none;
  std::ifstream in(m, std::ios::binary);
  std::string line;
  if (!std::getline(in, line)) return kind == DirKind::run ? MarkerState::none : MarkerState::legacy;
  if (line != info(kind).header) return kind == DirKind::run ? MarkerState::none : MarkerState::legacy;
  while (std::getline(in, line))
    if (!line.empty() && files) files->insert(line);
  return MarkerState::listed;
}

// Does `dir` carry any of monsim's markers (listed or legacy)?
bool marked(const fs::path& dir) {
  for (DirKind k : kKinds)
    if (read_marker(dir, k, nullptr) != MarkerState::none) return true;
  return false;
}

bool write_marker(const fs::path& dir, DirKind kind, const std::vector<std::string>& files, std::string* why) {
  std::string text = std::string(info(kind).header) + "\n";
  for (const auto& f : files) text += f + "\n";
  // Beside and renamed in: a kill never leaves half a marker (the directory would no longer
  // be recognisably monsim's, and nothing could clean it up).
  const fs::path m = dir / info(kind).marker;
  fs::path tmp = m;
  tmp += ".new";
  if (!write_text_file(tmp, text, why)) return false;
  if (::rename(tmp.c_str(), m.c_str()) != 0) {
    *why = cannot_write(m, errno);
    return false;
  }
  return true;
}

// Is `dir` the working directory, or one of its ancestors?
bool holds_cwd(const fs::path& dir) {
  std::error_code ec;
  const fs::path d = fs::canonical(dir, ec);
  if (ec) return false;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return false;
  auto [di, ci] = std::mismatch(d.begin(), d.end(), cwd.begin(), cwd.end());
  return di == d.end();
}

// The entries of `dir`, sorted (a message names the same one every time).
std::vector<fs::path> entries_of(const fs::path& dir, std::error_code& ec) {
  std::vector<fs::path> out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

// Finds an entry under `dir` that no marker accounts for. `files`: what the enclosing marker
// lists, relative to `base`. A directory with a listed marker of its own answers for itself.
struct ForeignSearch {
  std::size_t seen = 0;
  std::string error;

  // `top`: the directory checked (names are shown relative to it); `base`: the one whose
  // marker lists `files` (relative to it); `dir`: the one being read.
  std::string in(const fs::path& top, const fs::path& base, const fs::path& dir, const std::set<std::string>& files,
                 const char* own_marker, int depth) {
    std::error_code ec;
    const auto entries = entries_of(dir, ec);
    if (ec) {
      error = "cannot read " + quoted(dir) + ": " + ec.message();
      return "";
    }
    for (const auto& p : entries) {
      if (++seen > kEntriesChecked) return "(more than 1000000 entries)";
      if (dir == base && p.filename() == own_marker) continue;
      const std::string key = p.lexically_relative(base).generic_string();
      const std::string shown = p.lexically_relative(top).generic_string();
      const fs::file_status st = fs::symlink_status(p, ec);
      if (ec) {
        error = "cannot read " + quoted(p) + ": " + ec.message();
        return "";
      }
      if (fs::is_regular_file(st)) {
        if (!files.count(key)) return shown;
        continue;
      }
      if (!fs::is_directory(st) || depth >= kDepth) return shown;
      std::string found;
      if (std::set<std::string> own; read_marker(p, DirKind::run, &own) == MarkerState::listed)
        found = in(top, p, p, own, kRunMarker, depth + 1);  // a run kept inside a sweep or an exploration
      else if (listed_under(files, key))
        found = in(top, base, p, files, own_marker, depth + 1);
      else
        return shown;
      if (!found.empty() || !error.empty()) return found;
    }
    return "";
  }

  static bool listed_under(const std::set<std::string>& files, const std::string& rel) {
    const std::string prefix = rel + "/";
    auto it = files.lower_bound(prefix);
    return it != files.end() && it->compare(0, prefix.size(), prefix) == 0;
  }
};

// An older monsim's sweep or exploration (its marker unlisted): its own names at the top,
// runs/ holding run directories, plots/ holding files.
std::string legacy_foreign(const fs::path& dir, DirKind kind, std::string* error) {
  std::error_code ec;
  for (const auto& p : entries_of(dir, ec)) {
    const std::string name = p.filename().string();
    bool own = false;
    for (const auto& o : info(kind).legacy_names)
      own = own || o == name || (o.front() == '*' && name.size() > o.size() - 1 &&
                                 name.compare(name.size() - (o.size() - 1), o.size() - 1, o, 1) == 0);
    if (!own) return name;
    const fs::file_status st = fs::symlink_status(p, ec);
    if (name == "runs" || name == "plots") {
      if (!fs::is_directory(st)) return name;
      for (const auto& q : entries_of(p, ec)) {
        std::string why;
        if (name == "plots" ? !fs::is_regular_file(fs::symlink_status(q, ec)) : !may_write_dir(q, DirKind::run, &why))
          return name + "/" + q.filename().string();
      }
    } else if (!fs::is_regular_file(st)) {
      return name;
    }
  }
  if (ec) *error = "cannot read " + quoted(dir) + ": " + ec.message();
  return "";
}

// Can this user remove everything under `dir` (and `dir` from its parent)? Root can; anyone
// else only a tree of their own whose directories they may write.
bool removable(const fs::path& dir, std::string* why) {
  if (::geteuid() == 0) return true;
  struct stat st {};
  if (::lstat(dir.c_str(), &st) == 0 && st.st_uid != ::geteuid()) {
    *why = quoted(dir) + " belongs to another user (uid " + std::to_string(st.st_uid) +
           "): monsim replaces only what its own user wrote; give another directory";
    return false;
  }
  std::error_code ec;
  std::size_t seen = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end && ++seen < kEntriesChecked;
       it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (::access(it->path().c_str(), W_OK | X_OK) != 0) {
      *why = quoted(it->path()) + " cannot be emptied by this user (" + std::strerror(errno) +
             "): monsim would not be able to replace " + quoted(dir) + "; give another directory";
      return false;
    }
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    *why = quoted(dir) + " cannot be emptied by this user (" + std::string(std::strerror(errno)) +
           "): give another directory";
    return false;
  }
  return true;
}

// Removes the tree under `dir` depth first, each directory's markers after everything else in
// it, `dir` last: a kill half-way leaves a directory still marked as monsim's, which the next
// command removes. True if `dir` is gone.
bool remove_tree(const fs::path& dir, int depth = 0) {
  std::error_code ec;
  std::vector<fs::path> markers;
  for (const auto& p : entries_of(dir, ec)) {
    const fs::file_status st = fs::symlink_status(p, ec);
    const std::string name = p.filename().string();
    if (name == kRunMarker || name == kSweepMarker || name == kExploreMarker) {
      markers.push_back(p);
    } else if (fs::is_directory(st) && depth < kDepth) {
      remove_tree(p, depth + 1);
    } else {
      fs::remove(p, ec);
    }
  }
  for (const auto& m : markers) fs::remove(m, ec);
  return fs::remove(dir, ec) && !ec;
}

// Removes `dir` if it carries one of monsim's markers.
bool remove_marked(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(dir, ec)) && marked(dir) && remove_tree(dir);
}

// `DIR.tmp-PID` siblings of `dir` left by commands that are gone.
void remove_leftovers(const fs::path& dir, std::vector<std::string>* notes) {
  remove_leftovers_in(dir.has_parent_path() ? dir.parent_path() : fs::path("."), dir.filename().string() + ".tmp-",
                      notes);
}

}  // namespace

const char* marker_of(DirKind kind) { return info(kind).marker; }

void remove_leftovers_in(const fs::path& parent, const std::string& prefix, std::vector<std::string>* notes) {
  std::error_code ec;
  std::vector<fs::path> candidates;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto tmp = name.rfind(".tmp-");
    if (tmp == std::string::npos || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(tmp + 5);
    if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) continue;
    candidates.push_back(it->path());
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& found : candidates) {
    const fs::path c = found.lexically_normal();
    if (!fs::is_directory(fs::symlink_status(c, ec)) || !marked(c)) continue;
    const std::string name = c.filename().string();
    const pid_t pid = static_cast<pid_t>(std::stol(name.substr(name.rfind(".tmp-") + 5)));
    if (pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno == EPERM) {
      notes->push_back(c.string() + " belongs to a monsim still running (pid " + std::to_string(pid) +
                       "): left alone");
      continue;
    }
    const bool gone = remove_tree(c);
    notes->push_back(gone ? "removed " + c.string() + ", left by an interrupted run"
                          : "cannot remove all of " + c.string() + ", left by an interrupted run");
  }
}

fs::path normalise_out_path(const std::string& text) {
  std::string s = text;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return fs::path(s);
}

bool out_path_ok(const std::string& text, const char* option, std::string* why) {
  if (text.empty()) {
    *why = std::string(option) + ": an empty path; give a directory";
    return false;
  }
  const fs::path p = normalise_out_path(text);
  const std::string name = p.filename().string();
  // monsim writes beside it as NAME.tmp-PID: the name must leave room for that suffix.
  constexpr std::size_t kSuffix = 1 + 5 + 10;  // a report's leading ".", ".tmp-" and a pid
  const std::size_t most = NAME_MAX - kSuffix;
  if (name.size() > most) {
    *why = std::string(option) + ": the name '" + name.substr(0, 40) + "…' is " + std::to_string(name.size()) +
           " bytes; at most " + std::to_string(most) + " (monsim writes beside it as NAME.tmp-PID, within the " +
           std::to_string(NAME_MAX) + "-byte limit of a file name)";
    return false;
  }
  return true;
}

bool remove_result(const fs::path& dir, DirKind kind, std::string* why) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec)) || read_marker(dir, kind, nullptr) == MarkerState::none) {
    *why = quoted(dir) + " is not " + info(kind).noun + " monsim wrote";
    return false;
  }
  if (!may_write_dir(dir, kind, why)) return false;
  if (remove_tree(dir)) return true;
  *why = "could not remove all of " + quoted(dir);
  return false;
}

bool may_write_dir(const fs::path& dir, DirKind kind, std::string* why) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (ec == std::errc::not_a_directory) {  // some ancestor is a file
    fs::path p = dir;
    while (p.has_parent_path() && p.parent_path() != p && !fs::is_regular_file(fs::symlink_status(p.parent_path(), ec)))
      p = p.parent_path();
    *why = quoted(p.parent_path()) + " is a file, not a directory: the results cannot go under it";
    return false;
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    *why = "cannot use " + quoted(dir) + ": " + ec.message();
    return false;
  }
  if (!fs::exists(st)) return true;
  if (fs::is_symlink(st)) {
    *why = quoted(dir) + " is a symbolic link: give a directory of its own for the results";
    return false;
  }
  if (!fs::is_directory(st)) {
    *why = quoted(dir) + " exists and is not a directory: monsim does not replace it";
    return false;
  }
  if (holds_cwd(dir)) {
    *why = quoted(dir) + " is the current directory or holds it: monsim does not replace it";
    return false;
  }
  if (fs::is_empty(dir, ec) && !ec) return true;
  std::set<std::string> files;
  const MarkerState state = read_marker(dir, kind, &files);
  if (state == MarkerState::none) {
    for (DirKind other : kKinds)
      if (other != kind && read_marker(dir, other, nullptr) != MarkerState::none) {
        *why = quoted(dir) + " is " + info(other).noun + " monsim wrote, not " + info(kind).noun +
               ": monsim does not replace it with another kind; give another directory";
        return false;
      }
    *why = quoted(dir) + " is not empty and is not " + info(kind).noun + " monsim wrote (it has no " +
           info(kind).marker + "): monsim does not replace it; give a new or empty directory";
    return false;
  }
  std::string error;
  std::string foreign;
  if (state == MarkerState::legacy) {
    foreign = legacy_foreign(dir, kind, &error);
  } else {
    ForeignSearch search;
    foreign = search.in(dir, dir, dir, files, info(kind).marker, 0);
    error = search.error;
  }
  if (!error.empty()) {
    *why = error;
    return false;
  }
  if (!foreign.empty()) {
    *why = quoted(dir) + " holds '" + foreign + "', which monsim did not write: monsim does not replace it; " +
           "move that away or give another directory";
    return false;
  }
  return removable(dir, why);
}

bool StagedDir::prepare(const fs::path& dir, std::string* why, std::vector<std::string>* notes) {
  final_ = dir;
  committed_ = false;
  if (!may_write_dir(dir, kind_, why)) return false;
  std::error_code ec;
  // The parents to make, the outermost first (removed again if nothing is put in place).
  std::vector<fs::path> missing;
  for (fs::path p = dir.parent_path(); !p.empty() && !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path()) {
    missing.insert(missing.begin(), p);
    if (p == p.parent_path()) break;
  }
  for (const auto& p : missing) {
    if (!fs::create_directory(p, ec) && ec) {
      *why = "cannot create " + quoted(p) + ": " + ec.message();
      discard();
      return false;
    }
    created_.push_back(p);
  }
  remove_leftovers(dir, notes);
  tmp_ = dir;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  if (fs::exists(fs::symlink_status(tmp_, ec))) remove_marked(tmp_);
  if (!fs::create_directory(tmp_, ec) || ec) {
    *why = "cannot write into " + quoted(dir.has_parent_path() ? dir.parent_path() : fs::path(".")) + ": " +
           (ec ? ec.message() : "it already exists");
    tmp_.clear();
    discard();
    return false;
  }
  if (!write_marker(tmp_, kind_, {}, why)) {
    fs::remove_all(tmp_, ec);  // only what this call just made
    tmp_.clear();
    discard();
    return false;
  }
  return true;
}

bool StagedDir::replaces() const {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(final_, ec)) && !fs::is_empty(final_, ec);
}

bool StagedDir::commit(std::string* why, std::vector<std::string>* notes) {
  std::error_code ec;
  std::vector<std::string> files;
  const std::string marker = info(kind_).marker;
  for (fs::recursive_directory_iterator it(tmp_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(tmp_).generic_string();
    if (it->is_regular_file(ec) && rel != marker) files.push_back(rel);
  }
  std::sort(files.begin(), files.end());
  if (ec) {
    *why = "cannot read " + quoted(tmp_) + ": " + ec.message();
    return false;
  }
  if (!write_marker(tmp_, kind_, files, why)) return false;
  std::error_code ignored;
  const fs::file_status st = fs::symlink_status(final_, ignored);
  if (!fs::exists(st)) {
    if (::rename(tmp_.c_str(), final_.c_str()) != 0) ec.assign(errno, std::generic_category());
  } else if (!may_write_dir(final_, kind_, why)) {  // someone wrote into it while we ran
    *why += " (it changed while monsim ran: nothing of this run was put in place)";
    refused_ = true;
    return false;
  } else if (fs::is_empty(final_, ec)) {
    if (::rename(tmp_.c_str(), final_.c_str()) != 0) ec.assign(errno, std::generic_category());  // replaces an empty directory
  } else if (::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
    // The earlier result, now under the temporary name.
    if (!remove_marked(tmp_) && notes)
      notes->push_back("cannot remove all of the earlier " + std::string(info(kind_).noun).substr(2) + ", now " +
                       tmp_.string());
  } else {
    // A file system without RENAME_EXCHANGE: two renames, the earlier result kept until the second.
    fs::path old = final_;
    old += ".old-" + std::to_string(::getpid());
    fs::rename(final_, old, ec);
    if (!ec) {
      fs::rename(tmp_, final_, ec);
      if (ec) fs::rename(old, final_);
      else if (!remove_marked(old) && notes)
        notes->push_back("cannot remove all of the earlier result, now " + old.string());
    }
  }
  if (ec) {
    *why = "cannot put " + quoted(final_) + " in place: " + ec.message();
    return false;
  }
  committed_ = true;
  return true;
}

void StagedDir::discard() {
  if (!tmp_.empty()) remove_marked(tmp_);
  std::error_code ec;
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ec);  // rmdir: only if empty
  created_.clear();
}

}  // namespace monsim::sim
