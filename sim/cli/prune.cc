#include "sim/cli/prune.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/cli/command_line.h"
#include "sim/cli/exit_codes.h"
#include "sim/report/scenario_folder.h"
#include "sim/report/staged_dir.h"

namespace monsim::sim {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kFolders = 100000;  // scenario folders one prune looks at

struct Tally {
  std::size_t folders = 0, removed = 0, kept = 0, refused = 0;
  std::uintmax_t bytes = 0;
};

std::uintmax_t size_of(const fs::path& dir) {
  std::uintmax_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end; !ec && it != end;
       it.increment(ec))
    if (fs::is_regular_file(it->symlink_status(ec))) n += fs::file_size(it->path(), ec);
  return n;
}

bool is_scenario_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(dir, ec)) && fs::is_regular_file(fs::symlink_status(dir / kScenarioMarker, ec));
}

// One scenario folder: its runs by name (their UTC start time), the newest `keep` and the one
// `latest` points at kept, the others removed if they are wholly monsim's.
void prune_folder(const fs::path& folder, std::size_t keep, bool dry_run, Tally& t) {
  std::error_code ec;
  const fs::path latest = fs::read_symlink(folder / kLatestLink, ec);
  const std::vector<fs::path> runs = folder_runs(folder);
  ++t.folders;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i < keep || (!latest.empty() && runs[i].filename() == latest.filename())) {
      ++t.kept;
      continue;
    }
    const std::uintmax_t bytes = size_of(runs[i]);
    std::string why;
    if (dry_run) {
      std::printf("would remove %s\n", runs[i].c_str());
    } else if (!remove_result(runs[i], DirKind::run, &why)) {
      std::fprintf(stderr, "monsim: prune: kept %s\n", why.c_str());
      ++t.refused;
      continue;
    }
    ++t.removed;
    t.bytes += bytes;
  }
}

}  // namespace

int cmd_prune(int argc, char** argv) {
  po::options_description opts(
      "monsim prune DIR... --keep N: in each scenario folder (DIR, or the folders in DIR), remove all but the newest N\n"
      "runs and the one `latest` points at; only runs wholly monsim's (a run holding a file of someone else's stays)");
  opts.add_options()("help,h", "this help")("dirs", po::value<std::vector<std::string>>(), "scenario folders, or directories of them")(
      "keep", po::value<std::string>(), "how many runs to keep in each folder (0..1000000; latest's is kept too)")(
      "dry-run", "say what would be removed; remove nothing");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "dirs", -1, vm, &rc)) return rc;
  if (!vm.count("dirs")) return usage("prune: which folders? (results, or results/NAME)");
  if (!vm.count("keep")) return usage("prune: how many runs to keep? (--keep N)");
  std::uint64_t keep = 0;
  if (!parse_seeds(vm["keep"].as<std::string>(), &keep, &keep) || keep > 1000000)
    return usage("--keep: a number from 0 to 1000000");
  std::vector<fs::path> folders;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) {
    const fs::path dir = normalise_out_path(d);
    std::error_code ec;
    if (is_scenario_folder(dir)) {
      folders.push_back(dir);
      continue;
    }
    if (!fs::is_directory(fs::symlink_status(dir, ec)))
      return refuse("prune: " + d + ": not a directory (a scenario folder, or a directory of them)");
    const std::size_t before = folders.size();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end && folders.size() < kFolders; it.increment(ec))
      if (is_scenario_folder(it->path())) folders.push_back(it->path());
    if (folders.size() == before) return refuse("prune: " + d + ": no scenario folder (one with " + kScenarioMarker + ") in it");
  }
  std::sort(folders.begin(), folders.end());
  Tally t;
  for (const auto& f : folders) prune_folder(f, keep, vm.count("dry-run") > 0, t);
  std::printf("prune: %s %zu run(s), %.1f MB, in %zu folder(s); kept %zu%s\n",
              vm.count("dry-run") ? "would remove" : "removed", t.removed, static_cast<double>(t.bytes) / 1e6,
              t.folders, t.kept, t.refused ? (", and " + std::to_string(t.refused) + " not wholly monsim's").c_str() : "");
  return kPass;  // (a run not wholly monsim's was kept, and said so: what prune promises)
}

}  // namespace monsim::sim
