#include "sim/report/run_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {

const char* kMarkerHeader = "# monsim run directory: every file monsim wrote here (it replaces this directory only "
                            "while it holds nothing else)";
constexpr std::size_t kMarkerBytes = 1024 * 1024;
constexpr std::size_t kEntriesChecked = 100'000;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The files a marker lists (relative, '/'-separated); false if `dir` has no marker of ours.
bool read_marker(const fs::path& dir, std::set<std::string>* files) {
  std::error_code ec;
  const fs::path m = dir / kRunMarker;
  if (!fs::is_regular_file(fs::symlink_status(m, ec)) || fs::file_size(m, ec) > kMarkerBytes || ec) return false;
  std::ifstream in(m, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line != kMarkerHeader) return false;
  while (std::getline(in, line))
    if (!line.empty()) files->insert(line);
  return true;
}

bool write_marker(const fs::path& dir, const std::vector<std::string>& files, std::string* why) {
  std::ofstream out(dir / kRunMarker, std::ios::binary | std::ios::trunc);
  out << kMarkerHeader << "\n";
  for (const auto& f : files) out << f << "\n";
  out.close();
  if (!out) {
    *why = "cannot write " + quoted(dir / kRunMarker);
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

// The first entry of `dir` that its marker does not account for ("" if none). `error` is set
// if the directory cannot be read through.
std::string foreign_entry(const fs::path& dir, const std::set<std::string>& files, std::string* error) {
  std::set<std::string> dirs;  // every directory a listed file sits in
  for (const auto& f : files)
    for (auto slash = f.find('/'); slash != std::string::npos; slash = f.find('/', slash + 1))
      dirs.insert(f.substr(0, slash));
  std::error_code ec;
  std::size_t seen = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (++seen > kEntriesChecked) return "(more than 100000 entries)";
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    if (rel == kRunMarker) continue;
    const fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(st) && dirs.count(rel)) continue;
    if (fs::is_regular_file(st) && files.count(rel)) continue;
    return rel;
  }
  if (ec) *error = "cannot read " + quoted(dir) + ": " + ec.message();
  return "";
}

// Removes `dir` if it carries our marker.
void remove_marked(const fs::path& dir) {
  std::set<std::string> files;
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(dir, ec)) && read_marker(dir, &files)) fs::remove_all(dir, ec);
}

}  // namespace

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
    std::set<std::string> files;
    if (!fs::is_directory(fs::symlink_status(c, ec)) || !read_marker(c, &files)) continue;
    const std::string name = c.filename().string();
    const pid_t pid = static_cast<pid_t>(std::stol(name.substr(name.rfind(".tmp-") + 5)));
    if (pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno == EPERM) {
      notes->push_back(c.string() + " belongs to a monsim still running (pid " + std::to_string(pid) +
                       "): left alone");
      continue;
    }
    fs::remove_all(c, ec);
    notes->push_back(ec ? "cannot remove " + c.string() + ", left by an interrupted run: " + ec.message()
                        : "removed " + c.string() + ", left by an interrupted run");
  }
}

namespace {

// `DIR.tmp-PID` siblings of `dir` left by runs that are gone.
void remove_leftovers(const fs::path& dir, std::vector<std::string>* notes) {
  remove_leftovers_in(dir.has_parent_path() ? dir.parent_path() : fs::path("."), dir.filename().string() + ".tmp-",
                      notes);
}

}  // namespace

fs::path normalise_out_path(const std::string& text) {
  std::string s = text;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return fs::path(s);
}

bool may_write_run_dir(const fs::path& dir, std::string* why) {
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
  if (!read_marker(dir, &files)) {
    *why = quoted(dir) + " is not empty and is not a run directory monsim wrote (it has no " + kRunMarker +
           "): monsim does not replace it; give a new or empty directory";
    return false;
  }
  std::string error;
  const std::string foreign = foreign_entry(dir, files, &error);
  if (!error.empty()) {
    *why = error;
    return false;
  }
  if (!foreign.empty()) {
    *why = quoted(dir) + " holds '" + foreign + "', which monsim did not write: monsim does not replace it; " +
           "move that away or give another directory";
    return false;
  }
  return true;
}

bool RunDir::prepare(const fs::path& dir, std::string* why, std::vector<std::string>* notes) {
  final_ = dir;
  if (!may_write_run_dir(dir, why)) return false;
  std::error_code ec;
  if (dir.has_parent_path()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec) {
      *why = "cannot create " + quoted(dir.parent_path()) + ": " + ec.message();
      return false;
    }
  }
  remove_leftovers(dir, notes);
  tmp_ = dir;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  if (fs::exists(fs::symlink_status(tmp_, ec))) remove_marked(tmp_);
  if (!fs::create_directory(tmp_, ec) || ec) {
    *why = "cannot write into " + quoted(dir.has_parent_path() ? dir.parent_path() : fs::path(".")) + ": " +
           (ec ? ec.message() : "it already exists");
    tmp_.clear();
    return false;
  }
  if (!write_marker(tmp_, {}, why)) {
    fs::remove_all(tmp_, ec);
    tmp_.clear();
    return false;
  }
  return true;
}

bool RunDir::commit(std::string* why) {
  std::error_code ec;
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(tmp_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename() != kRunMarker)
      files.push_back(it->path().lexically_relative(tmp_).generic_string());
  std::sort(files.begin(), files.end());
  if (ec || !write_marker(tmp_, files, why)) {
    if (ec) *why = "cannot read " + quoted(tmp_) + ": " + ec.message();
    return false;
  }
  const fs::file_status st = fs::symlink_status(final_, ec);
  if (!fs::exists(st)) {
    fs::rename(tmp_, final_, ec);
  } else if (!may_write_run_dir(final_, why)) {  // someone wrote into it while we ran
    return false;
  } else if (fs::is_empty(final_, ec)) {
    fs::rename(tmp_, final_, ec);  // rename(2) replaces an empty directory
  } else if (::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) == 0) {
    remove_marked(tmp_);  // the earlier run, now under the temporary name
  } else {
    // A file system without RENAME_EXCHANGE: two renames, the earlier run kept until the second.
    fs::path old = final_;
    old += ".old-" + std::to_string(::getpid());
    fs::rename(final_, old, ec);
    if (!ec) {
      fs::rename(tmp_, final_, ec);
      if (ec) fs::rename(old, final_);
      else remove_marked(old);
    }
  }
  if (ec) {
    *why = "cannot put " + quoted(final_) + " in place: " + ec.message();
    return false;
  }
  return true;
}

void RunDir::discard() {
  if (!tmp_.empty()) remove_marked(tmp_);
}

}  // namespace monsim::sim
