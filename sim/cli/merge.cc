#include "sim/cli/merge.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/cli/exit_codes.h"
#include "sim/cli/staged_output.h"
#include "sim/cli/supervise.h"
#include "sim/cli/sweep_files.h"
#include "sim/report/file_out.h"
#include "sim/report/json_input.h"
#include "sim/report/staged_dir.h"
#include "sim/report/sweep_table.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {


struct Shard {
  std::string dir;
  SweepTable table;
};

// One shard's table and identity; false (and `why`, naming the file) if it is not a sweep's.
bool read_shard(const std::string& text, Shard* s, std::string* why) {
  s->dir = normalise_out_path(text).string();
  const fs::path dir(s->dir);
  std::string error;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(dir / kSweepMarker, ec))) {
    *why = s->dir + ": not a sweep directory monsim wrote (no " + kSweepMarker + ")";
    return false;
  }
  std::string csv;
  if (!read_input_file((dir / "sweep.csv").string(), limits::kSweepTableBytes, "a sweep table", &csv, &error)) {
    *why = (dir / "sweep.csv").string() + ": " + error;
    return false;
  }
  if (!parse_sweep_csv(csv, &s->table, &error)) {
    *why = (dir / "sweep.csv").string() + ":" + error;
    return false;
  }
  json stats;
  if (!read_json_file(dir / "sweep.json", limits::kSweepTableBytes, "a sweep.json", &stats, why)) return false;
  if (!parse_sweep_identity(stats, &s->table.identity, &error)) {
    *why = (dir / "sweep.json").string() + ": " + error;
    return false;
  }
  return true;
}

// Do the shards make one whole sweep? `why` names the first that does not fit.
bool one_sweep(const std::vector<Shard>& shards, std::string* why) {
  const SweepIdentity& first = shards.front().table.identity;
  std::map<std::size_t, const Shard*> by_k;
  for (const Shard& s : shards) {
    const SweepIdentity& id = s.table.identity;
    const std::string which = s.dir + " (shard " + std::to_string(id.shard) + "/" + std::to_string(id.shards) + ")";
    if (id.scenario_hash != first.scenario_hash || id.scenario != first.scenario)
      return *why = which + " is a sweep of another scenario (" + id.scenario + ", resolved " + id.scenario_hash +
                    ") than " + shards.front().dir + " (" + first.scenario + ", resolved " + first.scenario_hash +
                    ")", false;
    if (id.seeds != first.seeds || id.shards != first.shards || s.table.keys != shards.front().table.keys)
      return *why = which + " is a shard of another sweep (seeds " + id.seeds + ", " + std::to_string(id.shards) +
                    " shards) than " + shards.front().dir + " (seeds " + first.seeds + ", " +
                    std::to_string(first.shards) + " shards)", false;
    if (!id.complete || s.table.runs.size() != id.planned)
      return *why = which + " is incomplete: " + std::to_string(s.table.runs.size()) + " of its " +
                    std::to_string(id.planned) + " runs (was it interrupted?): run that shard again", false;
    const auto [it, fresh] = by_k.emplace(id.shard, &s);
    if (!fresh) return *why = "shard " + std::to_string(id.shard) + "/" + std::to_string(id.shards) + " is both " +
                              it->second->dir + " and " + s.dir, false;
  }
  std::string missing;
  std::size_t count = 0;
  for (std::size_t k = 1; k <= first.shards && count < 20; ++k)
    if (!by_k.count(k)) missing += (count++ ? ", " : "") + std::to_string(k) + "/" + std::to_string(first.shards);
  if (!missing.empty())
    return *why = "shards missing: " + missing + (first.shards - by_k.size() > count ? ", …" : "") + " (" +
                  std::to_string(by_k.size()) + " of " + std::to_string(first.shards) + " given)", false;
  return true;
}

// Is `a` the same path as `b`, or inside it?
bool within(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec), cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
  auto [ia, ib] = std::mismatch(ca.begin(), ca.end(), cb.begin(), cb.end());
  return ib == cb.end();
}

}  // namespace

int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out, bool page) {
  std::string why;
  const fs::path dest = normalise_out_path(out);
  for (const auto& d : dirs)
    if (within(dest, d) || within(d, dest))
      return std::fprintf(stderr, "monsim: merge: --out %s %s the shard %s: give a directory of its own\n",
                          dest.c_str(), within(dest, d) ? "is or lies inside" : "holds", d.c_str()), kUsage;
  std::vector<Shard> shards(dirs.size());
  for (std::size_t i = 0; i < dirs.size(); ++i)
    if (!read_shard(dirs[i], &shards[i], &why)) return std::fprintf(stderr, "monsim: merge: %s\n", why.c_str()), kUsage;
  if (!one_sweep(shards, &why)) return std::fprintf(stderr, "monsim: merge: %s\n", why.c_str()), kUsage;
  SweepTable all;
  all.keys = shards.front().table.keys;
  all.identity = shards.front().table.identity;
  all.identity.shard = all.identity.shards = 1;
  all.identity.planned = 0;
  for (auto& s : shards) {
    all.identity.planned += s.table.identity.planned;
    for (auto& r : s.table.runs) all.runs.push_back(std::move(r));
  }
  std::sort(all.runs.begin(), all.runs.end(), [](const SweepRun& a, const SweepRun& b) { return a.index < b.index; });
  for (std::size_t i = 1; i < all.runs.size(); ++i)
    if (all.runs[i].index == all.runs[i - 1].index)
      return std::fprintf(stderr, "monsim: merge: run %zu is in two shards\n", all.runs[i].index), kUsage;

  InterruptGuard guard;
  StagedDir staged(DirKind::sweep);
  if (!open_staged(staged, dest)) return kUsage;
  const int rc = place_staged(staged, "merge", [&](const fs::path& tmp, std::string* why) {
    // (The runs ran elsewhere: no rerun lines, no kept runs here.)
    if (!write_sweep_files(tmp, all, page, {}, {}, "merge", why)) return false;
    if (const int sig = InterruptGuard::received()) return *why = "interrupted by " + signal_name(sig), false;
    return true;
  });
  if (rc) return InterruptGuard::received() ? 128 + InterruptGuard::received() : rc;
  std::size_t failed = 0;
  for (const auto& r : all.runs) failed += r.exit_code != 0;
  std::printf("merge: %zu runs from %zu shards, %zu failed -> %s\n", all.runs.size(), dirs.size(), failed, dest.c_str());
  return kPass;
}

}  // namespace monsim::sim
