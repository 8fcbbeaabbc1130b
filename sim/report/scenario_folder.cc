#include "sim/report/scenario_folder.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <vector>

#include "sim/report/run_dir.h"

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {

const char* kMarkerHeader = "# monsim scenario folder: the runs of one scenario, `latest` the newest";
constexpr std::size_t kMarkerBytes = 64 * 1024;
constexpr int kNameTries = 1000;  // runs of one seed started in the same millisecond

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The scenario file as one spelling: absolute, with no `.`, `..` or symbolic links.
std::string canonical_file(const std::string& file) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(file, ec), ec);
  return ec ? file : p.string();
}

// The scenario file a folder's marker names ("" and false if there is no marker of ours).
bool read_marker(const fs::path& folder, std::string* file) {
  std::error_code ec;
  const fs::path m = folder / kScenarioMarker;
  if (!fs::is_regular_file(fs::symlink_status(m, ec)) || fs::file_size(m, ec) > kMarkerBytes || ec) return false;
  std::ifstream in(m, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line != kMarkerHeader) return false;
  while (std::getline(in, line))
    if (line.rfind("file: ", 0) == 0) *file = line.substr(6);
  return !file->empty();
}

// Writes the marker beside and renames it in, so that a reader never sees half of one.
bool write_marker(const fs::path& folder, const std::string& name, const std::string& file, std::string* why) {
  fs::path tmp = folder / kScenarioMarker;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << kMarkerHeader << "\nname: " << name << "\nfile: " << file << "\n";
    out.close();
    if (!out) {
      *why = "cannot write " + quoted(tmp);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, folder / kScenarioMarker, ec);
  if (ec) {
    *why = "cannot write " + quoted(folder / kScenarioMarker) + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

// Is `file` inside `folder` (the resolved scenario.yaml of one of its runs)?
bool inside(const std::string& file, const fs::path& folder) {
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(folder, ec);
  if (ec) return false;
  const std::string prefix = f.string() + "/";
  return file.compare(0, prefix.size(), prefix) == 0;
}

// Reserved run directories whose run never came (a SIGKILL): empty, with no temporary
// sibling left. Removed, as nothing of anyone's is in them.
void remove_empty_reservations(const fs::path& folder) {
  std::error_code ec;
  std::set<std::string> names;  // one listing: a history may hold thousands of runs
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    names.insert(it->path().filename().string());
  std::vector<fs::path> empty;
  for (const auto& name : names) {
    if (name.find("-seed") == std::string::npos || name.find(".tmp-") != std::string::npos) continue;
    const fs::path p = folder / name;
    if (!fs::is_directory(fs::symlink_status(p, ec)) || !fs::is_empty(p, ec)) continue;
    // A run still filling it has its NAME.tmp-PID beside it.
    const std::string tmp = name + ".tmp-";
    auto next = names.lower_bound(tmp);
    if (next != names.end() && next->compare(0, tmp.size(), tmp) == 0) continue;
    empty.push_back(p);
  }
  for (const auto& p : empty) fs::remove(p, ec);  // rmdir: only ever an empty directory
}

}  // namespace

bool ScenarioFolder::may_use(const fs::path& folder, const std::string& name, const std::string& scenario_file,
                             std::string* why) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(folder, ec);
  if (!fs::exists(st)) return may_write_run_dir(folder, why);  // says if an ancestor is a file
  if (fs::is_symlink(st) || !fs::is_directory(st)) {
    *why = quoted(folder) + " is not a directory: monsim keeps the runs of " + name + " there; move it away or " +
           "give --out";
    return false;
  }
  if (fs::exists(fs::symlink_status(folder / kRunMarker, ec))) {
    *why = quoted(folder) + " is a single run of an older monsim; runs are now kept side by side in " +
           (folder / "<time>-seed<N>").string() + ": move it away (mv " + folder.string() + " " + folder.string() +
           ".old) or give --out";
    return false;
  }
  if (fs::is_empty(folder, ec) && !ec) return true;
  std::string file;
  if (!read_marker(folder, &file)) {
    *why = quoted(folder) + " is not empty and is not a scenario folder monsim made (it has no " + kScenarioMarker +
           "): monsim does not write into it; move it away or give --out";
    return false;
  }
  const std::string mine = canonical_file(scenario_file);
  if (file != mine && !inside(mine, folder)) {
    *why = "name clash: " + quoted(folder) + " holds the runs of " + file + ", and " + scenario_file +
           " has the same name '" + name + "': rename one (name:) or give --out";
    return false;
  }
  const fs::file_status latest = fs::symlink_status(folder / kLatestLink, ec);
  if (fs::exists(latest) && !fs::is_symlink(latest)) {
    *why = quoted(folder / kLatestLink) + " is not a symbolic link: monsim does not replace it";
    return false;
  }
  return true;
}

bool ScenarioFolder::open(const fs::path& folder, const std::string& name, const std::string& scenario_file,
                          const std::string& stamp, std::uint64_t seed, std::string* why,
                          std::vector<std::string>* notes) {
  if (!may_use(folder, name, scenario_file, why)) return false;
  folder_ = folder;
  std::error_code ec;
  // The folder and its parents, where missing, made one at a time (the outermost first), so
  // that release() can take back exactly what this made.
  std::vector<fs::path> missing;
  for (fs::path p = folder; !p.empty() && !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path()) {
    missing.insert(missing.begin(), p);
    if (p == p.parent_path()) break;
  }
  for (const auto& p : missing) {
    if (!fs::create_directory(p, ec) && ec) {
      *why = "cannot create " + quoted(p) + ": " + ec.message();
      release();
      return false;
    }
    created_.push_back(p);
  }
  std::string file;
  if (!read_marker(folder, &file) && !write_marker(folder, name, canonical_file(scenario_file), why)) {
    release();
    return false;
  }
  remove_leftovers_in(folder, "", notes);  // the temporary directories of runs killed with SIGKILL
  remove_empty_reservations(folder);
  const std::string base = stamp + "-seed" + std::to_string(seed);
  for (int k = 1; k <= kNameTries; ++k) {
    const fs::path p = folder / (k == 1 ? base : base + "." + std::to_string(k));
    if (fs::create_directory(p, ec)) {
      run_ = p;
      return true;
    }
    if (ec) break;
  }
  *why = "cannot make a run directory in " + quoted(folder) + (ec ? ": " + ec.message() : "");
  release();
  return false;
}

bool ScenarioFolder::point_latest(std::string* why) {
  fs::path tmp = folder_ / ("." + std::string(kLatestLink) + ".tmp-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(run_.filename(), tmp, ec);
  const fs::file_status latest = fs::symlink_status(folder_ / kLatestLink);
  if (!ec && fs::exists(latest) && !fs::is_symlink(latest)) {
    fs::remove(tmp, ec);
    *why = quoted(folder_ / kLatestLink) + " is not a symbolic link: monsim does not replace it";
    return false;
  }
  if (!ec) fs::rename(tmp, folder_ / kLatestLink, ec);  // rename(2) replaces the old link in one step
  if (ec) {
    *why = "cannot point " + quoted(folder_ / kLatestLink) + " at " + run_.filename().string() + ": " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

void ScenarioFolder::release() {
  std::error_code ec;
  if (!run_.empty() && fs::is_directory(fs::symlink_status(run_, ec)) && fs::is_empty(run_, ec)) fs::remove(run_, ec);
  run_.clear();
  // A folder this made and no run went into: its marker, then it and the parents it made.
  if (!created_.empty() && created_.back() == folder_) {
    std::set<std::string> entries;
    for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec))
      entries.insert(it->path().filename().string());
    if (!ec && entries.size() == 1 && entries.count(kScenarioMarker)) fs::remove(folder_ / kScenarioMarker, ec);
  }
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ec);  // rmdir: only if empty
  created_.clear();
}

std::vector<fs::path> folder_runs(const fs::path& folder) {
  std::vector<fs::path> runs;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kLatestLink || name[0] == '.' || !fs::is_directory(it->symlink_status(ec))) continue;
    if (name.find(".tmp-") != std::string::npos) continue;  // a run being written, or a leftover
    runs.push_back(it->path());
  }
  std::sort(runs.begin(), runs.end(), [](const fs::path& a, const fs::path& b) { return a.filename() > b.filename(); });
  return runs;
}

fs::path resolve_run_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "summary.json", ec)) return dir;
  const fs::path target = fs::read_symlink(dir / kLatestLink, ec);
  if (ec) return dir;
  return target.is_absolute() ? target : dir / target;
}

}  // namespace monsim::sim
