#include "sim/cli/sweep.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/cli/owned_dir.h"
#include "sim/cli/progress.h"
#include "sim/cli/supervise.h"
#include "sim/engine/engine.h"
#include "sim/engine/wall_clock.h"
#include "sim/report/report_file.h"
#include "sim/report/run_dir.h"
#include "sim/report/sweep_table.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr int kPass = 0, kMiss = 1, kUsage = 2, kInternal = 3;
const char* const kOwnEntries[] = {"sweep.csv", "sweep.json", "runs", "plots", kSweepMarker};  // plots: plot.py's

struct Job {
  std::size_t index;
  std::size_t combo;
  std::uint64_t seed;
};

// The sweep's runs in order: combination-major, then seed; this shard's only.
std::vector<Job> jobs_of(const SweepPlan& p) {
  std::vector<Job> jobs;
  std::size_t index = 0;
  for (std::size_t c = 0; c < p.combos.size(); ++c)
    for (std::uint64_t seed = p.first_seed; seed <= p.last_seed; ++seed, ++index) {
      if (index % p.shards == p.shard - 1) jobs.push_back({index, c, seed});
      if (seed == UINT64_MAX) break;
    }
  return jobs;
}

std::string run_name(const Job& j) { return std::to_string(j.index) + "-seed" + std::to_string(j.seed); }

// The command that reruns one run of the sweep.
std::string rerun_line(const SweepPlan& p, const Job& j) {
  Scenario s = p.scenarios[j.combo];
  s.seed = j.seed;
  std::vector<std::string> sets = p.sets;
  for (std::size_t k = 0; k < p.keys.size(); ++k) sets.push_back(p.keys[k] + "=" + p.combos[j.combo][k]);
  return rerun_command(s, sets);
}

// The record of a finished run, from its summary.json.
bool read_record(const fs::path& dir, SweepRun* r) {
  std::ifstream in(dir / "summary.json");
  const json summary = json::parse(in, nullptr, false);
  if (!in.is_open() || summary.is_discarded()) return false;
  r->trace_hash = summary["run"].value("trace_hash", "");
  r->metrics = scalar_metrics(summary);
  return true;
}

int exit_class(int rc) {
  if (rc == kPass || rc == kMiss || rc == kUsage) return rc;
  return kInternal;
}

// sweep.csv, sweep.json and the marker listing what monsim wrote in DIR.
bool write_tables(const SweepPlan& p, SweepTable& table, bool any_runs_kept, std::string* why) {
  std::sort(table.runs.begin(), table.runs.end(),
            [](const SweepRun& a, const SweepRun& b) { return a.index < b.index; });
  const fs::path dir(p.out);
  std::string marker = "sweep.csv\nsweep.json\n";
  if (any_runs_kept) marker += "runs\n";
  return write_file_atomically(dir / "sweep.csv", table.csv(), why) &&
         write_file_atomically(dir / "sweep.json", table.stats().dump(2) + "\n", why) &&
         write_file_atomically(dir / kSweepMarker, marker, why);
}

}  // namespace

bool may_write_sweep_dir(const std::string& text, std::string* why) {
  return may_write_owned_dir(text, kSweepMarker, {std::begin(kOwnEntries), std::end(kOwnEntries)}, "a sweep's", why);
}

int run_sweep(const SweepPlan& p) {
  const fs::path dir = normalise_out_path(p.out);
  std::error_code ec;
  // An earlier sweep's directory: its tables and runs make way (only what it listed).
  if (fs::exists(dir / kSweepMarker, ec)) {
    fs::remove(dir / "sweep.csv", ec);
    fs::remove(dir / "sweep.json", ec);
    if (fs::is_directory(dir / "runs", ec))
      for (const auto& e : fs::directory_iterator(dir / "runs", ec))
        if (fs::exists(e.path() / kRunMarker, ec)) fs::remove_all(e.path(), ec);
    fs::remove(dir / "runs", ec);  // only if empty
    if (fs::is_directory(dir / "plots", ec))  // plot.py's drawings of the old table
      for (const auto& e : fs::directory_iterator(dir / "plots", ec))
        if (e.path().filename().string().rfind("sweep", 0) == 0) fs::remove(e.path(), ec);
    fs::remove(dir / "plots", ec);  // only if empty
  }
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "monsim: cannot create %s: %s\n", dir.c_str(), ec.message().c_str());
    return kUsage;
  }
  std::string why;
  if (!write_file_atomically(dir / kSweepMarker, "", &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return kInternal;
  }

  Engine::make_in_advance();  // every child starts from an engine made once (engine.h)
  const std::vector<Job> jobs = jobs_of(p);
  SweepTable table;
  table.keys = p.keys;
  Progress progress("sweep", jobs.size());
  InterruptGuard guard;
  ChildPool pool;
  std::map<pid_t, std::pair<Job, RunDir>> running;
  std::map<std::size_t, std::string> failure_of;
  int worst = kPass;
  std::size_t next = 0, done = 0, failed = 0;
  bool any_kept = false;
  bool interrupted = false;

  while (next < jobs.size() || pool.running() > 0) {
    while (next < jobs.size() && pool.running() < p.jobs && !InterruptGuard::received()) {
      const Job j = jobs[next];
      RunDir rd;
      std::vector<std::string> notes;
      if (!rd.prepare(dir / "runs" / run_name(j), &why, &notes)) {
        std::fprintf(stderr, "monsim: %s\n", why.c_str());
        worst = std::max(worst, kInternal);
        ++next;
        continue;
      }
      Scenario s = p.scenarios[j.combo];
      s.seed = j.seed;
      const RunOptions ro = p.run;
      const pid_t pid = pool.start([&rd, s, ro] { return run_scenario(s, rd, ro).exit_code; });
      if (pid < 0) {
        rd.discard();
        break;
      }
      running.emplace(pid, std::make_pair(j, std::move(rd)));
      ++next;
    }
    ChildPool::Ended ended;
    if (!pool.wait_any(&ended)) {
      if (InterruptGuard::received()) interrupted = true;
      break;
    }
    auto it = running.find(ended.pid);
    if (it == running.end()) continue;
    auto [j, rd] = std::move(it->second);
    running.erase(it);
    rd.discard();
    SweepRun r;
    r.index = j.index;
    r.seed = j.seed;
    r.values = p.combos[j.combo];
    r.exit_code = ended.outcome.signal ? kInternal : ended.outcome.exit_code;
    // A run that broke an invariant (exit 3) wrote its results too: its row has its metrics.
    const bool finished = r.exit_code == kPass || r.exit_code == kMiss ||
                          (r.exit_code == kInternal && !ended.outcome.signal && read_record(rd.dir(), &r));
    if (finished && r.exit_code != kInternal && !read_record(rd.dir(), &r)) r.exit_code = kInternal;
    if (r.exit_code != kPass) {
      ++failed;
      worst = std::max(worst, exit_class(r.exit_code));
      failure_of[j.index] = rerun_line(p, j) + "   # exit " + std::to_string(r.exit_code) +
                            (ended.outcome.signal ? " (" + signal_name(ended.outcome.signal) + ")" : "");
    }
    if (finished && (r.exit_code == kPass && !p.keep_runs)) fs::remove_all(rd.dir(), ec);
    else if (finished) any_kept = true;
    table.runs.push_back(std::move(r));
    ++done;
    progress.update(done, failed, false);
  }
  if (InterruptGuard::received()) interrupted = true;
  pool.kill_all();
  for (auto& [pid, jr] : running) jr.second.discard();
  progress.update(done, failed, true);
  fs::remove(dir / "runs", ec);  // only if empty

  if (!write_tables(p, table, any_kept, &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return kInternal;
  }
  for (const auto& [index, line] : failure_of) std::printf("rerun: %s\n", line.c_str());
  // The sweep's own expectations (over: runs), judged on the whole table (not an interrupted one).
  if (!interrupted) {
    for (const auto& m : check_sweep_expectations(p.scenarios.front(), table)) {
      std::printf("MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                  m.actual.c_str());
      worst = std::max(worst, kMiss);
    }
  }
  std::printf("sweep %s: %zu runs, %zu failed, %.1f s -> %s\n", p.scenarios.front().name.c_str(), done, failed,
              progress.seconds(), dir.c_str());
  if (interrupted) {
    const int sig = InterruptGuard::received();
    std::fprintf(stderr, "monsim: interrupted by %s: the %zu finished runs are in %s\n", signal_name(sig).c_str(),
                 done, dir.c_str());
    return 128 + sig;
  }
  return worst;
}

int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out) {
  SweepTable all;
  std::map<std::size_t, std::string> from;  // run index -> the shard it came from
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    const fs::path file = normalise_out_path(dirs[i]) / "sweep.csv";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "monsim: %s: cannot read it\n", file.c_str());
      return kUsage;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SweepTable t;
    std::string why;
    if (!parse_sweep_csv(text, &t, &why)) {
      std::fprintf(stderr, "monsim: %s: %s\n", file.c_str(), why.c_str());
      return kUsage;
    }
    if (i == 0) all.keys = t.keys;
    if (t.keys != all.keys) {
      std::fprintf(stderr, "monsim: %s: varies other keys than %s\n", file.c_str(), dirs[0].c_str());
      return kUsage;
    }
    for (auto& r : t.runs) {
      const auto [it, fresh] = from.emplace(r.index, dirs[i]);
      if (!fresh) {
        std::fprintf(stderr, "monsim: run %zu is in both %s and %s\n", r.index, it->second.c_str(), dirs[i].c_str());
        return kUsage;
      }
      all.runs.push_back(std::move(r));
    }
  }
  std::string why;
  if (!may_write_sweep_dir(out, &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return kUsage;
  }
  SweepPlan p;
  p.out = normalise_out_path(out).string();
  if (!write_tables(p, all, false, &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return kInternal;
  }
  std::size_t failed = 0;
  for (const auto& r : all.runs) failed += r.exit_code != 0;
  std::printf("merge: %zu runs from %zu shards, %zu failed -> %s\n", all.runs.size(), dirs.size(), failed,
              p.out.c_str());
  return kPass;
}

}  // namespace monsim::sim
