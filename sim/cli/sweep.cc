#include "sim/cli/sweep.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/cli/exit_codes.h"
#include "sim/cli/progress.h"
#include "sim/cli/run_child.h"
#include "sim/cli/staged_output.h"
#include "sim/cli/sweep_files.h"
#include "sim/cli/supervise.h"
#include "sim/cli/sweep_junit.h"
#include "sim/engine/engine.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/wall_clock.h"
#include "sim/report/file_out.h"
#include "sim/report/json_input.h"
#include "sim/report/report_file.h"
#include "sim/report/run_dir.h"
#include "sim/report/staged_dir.h"
#include "sim/report/sweep_table.h"
#include "sim/scenario/scenario_load.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {


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

// The overrides that make one run of the sweep (its combination's varied values), and the
// command that reruns it.
std::vector<std::string> job_sets(const SweepPlan& p, const Job& j) {
  std::vector<std::string> sets = p.sets;
  for (std::size_t k = 0; k < p.keys.size(); ++k) sets.push_back(p.keys[k] + "=" + p.combos[j.combo][k]);
  return sets;
}

std::string rerun_line(const SweepPlan& p, const Job& j) {
  Scenario s = p.scenarios[j.combo];
  s.seed = j.seed;
  return rerun_command(s, job_sets(p, j));
}

// What a finished run that failed got wrong, for its rerun line: its first miss (and how many
// more), or the invariants it breached.
std::string failure_reason(const Scenario& s, const fs::path& dir) {
  json summary;
  std::string why;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &summary, &why)) return "";
  std::uint64_t total = 0;
  std::string out;
  for (const auto& b : unexpected_breaches_in(s, summary, &total)) out += (out.empty() ? "breached " : ", ") + b.property;
  const std::vector<Miss> misses = check_expectations(s, summary);
  if (!misses.empty()) {
    if (!out.empty()) out += "; ";
    out += "missed " + misses.front().metric + " (expected " + misses.front().expected + ", got " + misses.front().actual + ")";
    if (misses.size() > 1) out += " and " + std::to_string(misses.size() - 1) + " more";
  }
  return out;
}

// The record of a finished run, from its summary.json.
bool read_record(const fs::path& dir, SweepRun* r) {
  json summary;
  std::string why;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &summary, &why) ||
      !summary.is_object() || !summary.contains("run") || !summary["run"].is_object())
    return false;
  r->trace_hash = summary["run"].value("trace_hash", "");
  r->metrics = scalar_metrics(summary);
  return true;
}

int exit_class(int rc) {
  if (run_finished(rc) || rc == kUsage) return rc;
  return kInternal;
}

// Which sweep this is: the scenario of every combination, the seeds, the shard.
SweepIdentity identity_of(const SweepPlan& p, std::size_t planned) {
  SweepIdentity id;
  id.scenario = p.scenarios.front().name;
  std::string resolved;
  for (std::size_t c = 0; c < p.scenarios.size(); ++c) resolved += dump_scenario(p.scenarios[c]) + "\n---\n";
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(resolved)));
  id.scenario_hash = hex;
  id.seeds = std::to_string(p.first_seed) + ".." + std::to_string(p.last_seed);
  id.shard = p.shard;
  id.shards = p.shards;
  id.planned = planned;
  return id;
}

// What the runs came to.
struct Outcome {
  SweepTable table;
  std::map<std::size_t, std::string> failure_of;  // run index -> its rerun line
  std::map<std::size_t, FailedRun> failed_runs;   // run index -> the same, for the JUnit report
  int worst = kPass;
  std::size_t done = 0, failed = 0;
  bool any_kept = false;
  int interrupted = 0;  // the signal that stopped the runs
  bool write_failed = false;  // a run could not write its results: the file system failed
};

// The runs under way: a child each, writing into its own run directory.
class Runner {
 public:
  Runner(const SweepPlan& p, const fs::path& runs, Outcome& o) : p_(p), runs_(runs), o_(o) {}

  // Starts `j` in a child; false if no child could be started (an interrupt, fork failing).
  bool start(const Job& j) {
    Scenario s = p_.scenarios[j.combo];
    s.seed = j.seed;
    RunDir rd;
    pid_t pid = -1;
    RunOptions ro = p_.run;
    ro.sets = job_sets(p_, j);  // its page's rerun command
    const ChildStart started = start_run_child(pool_, runs_ / run_name(j), s, ro, rd, &pid);
    if (started != ChildStart::started) {
      if (started == ChildStart::dir_failed) o_.write_failed = true;
      return false;
    }
    running_.emplace(pid, std::make_pair(j, std::move(rd)));
    return true;
  }

  // Waits for one run to end and records it. False when none is running or an interrupt came.
  bool collect() {
    ChildPool::Ended ended;
    if (!pool_.wait_any(&ended)) return false;
    auto it = running_.find(ended.pid);
    if (it == running_.end()) return true;
    auto [j, rd] = std::move(it->second);
    running_.erase(it);
    rd.discard();
    record(j, rd.dir(), ended.outcome);
    return true;
  }

  std::size_t running() const { return pool_.running(); }

  // Stops whatever still runs (an interrupt): killed, its directory removed.
  void stop() {
    pool_.kill_all();
    for (auto& [pid, jr] : running_) jr.second.discard();
    running_.clear();
  }

 private:
  void record(const Job& j, const fs::path& dir, const ChildOutcome& outcome) {
    if (!outcome.signal && outcome.exit_code == kRunWriteFailed) {
      o_.write_failed = true;  // it said why; no row: the sweep stops here
      return;
    }
    SweepRun r;
    r.index = j.index;
    r.seed = j.seed;
    r.values = p_.combos[j.combo];
    r.exit_code = outcome.signal ? kInternal : outcome.exit_code;
    // A run that passed, missed or broke an invariant wrote its results: its row has its metrics.
    const bool finished = !outcome.signal && run_finished(r.exit_code);
    if (finished && !read_record(dir, &r)) r.exit_code = kInternal;
    if (r.exit_code != kPass) {
      ++o_.failed;
      o_.worst = worse_exit(o_.worst, exit_class(r.exit_code));
      const std::string reason = finished ? failure_reason(p_.scenarios[j.combo], dir) : "";
      o_.failure_of[j.index] = rerun_line(p_, j) + "   # exit " + std::to_string(r.exit_code) +
                               (outcome.signal ? " (" + signal_name(outcome.signal) + ")" : "") +
                               (reason.empty() ? "" : ": " + reason);
      o_.failed_runs[j.index] = {rerun_line(p_, j), reason, r.exit_code};
    }
    std::error_code ec;
    if (finished && r.exit_code == kPass && !p_.keep_runs) fs::remove_all(dir, ec);
    else if (finished) o_.any_kept = true;
    o_.table.runs.push_back(std::move(r));
    ++o_.done;
  }

  const SweepPlan& p_;
  fs::path runs_;
  Outcome& o_;
  ChildPool pool_;
  std::map<pid_t, std::pair<Job, RunDir>> running_;
};

// Runs `jobs`, at most p.jobs at once, each into `runs`/<run>; stops at an interrupt.
Outcome run_jobs(const SweepPlan& p, const std::vector<Job>& jobs, const fs::path& runs) {
  Outcome o;
  o.table.keys = p.keys;
  Progress progress("sweep", jobs.size());
  Runner runner(p, runs, o);
  std::size_t next = 0;
  while (next < jobs.size() || runner.running() > 0) {
    while (next < jobs.size() && runner.running() < p.jobs && !InterruptGuard::received() && !o.write_failed)
      if (!runner.start(jobs[next++])) break;
    if (!runner.collect()) break;
    progress.update(o.done, o.failed, false);
  }
  o.interrupted = InterruptGuard::received();
  runner.stop();
  progress.update(o.done, o.failed, true);
  std::error_code ec;
  fs::remove(runs, ec);  // only if empty
  return o;
}

// Writes the tables (and the page, unless --no-html) and puts the staged directory in place —
// unless an interrupted sweep would replace an earlier one: that stays as it was. 0 when put
// in place, else the exit status.
int put_in_place(StagedDir& out, Outcome& o, bool page, const std::vector<Miss>& over_runs) {
  if (o.write_failed) return abandon_after_write_failure(out, "sweep");
  if (o.interrupted && out.replaces())
    return abandon_for_earlier(out, "sweep", o.interrupted,
                               " (this one's " + std::to_string(o.done) + " finished runs are not kept)");
  return place_staged(out, "sweep", [&](const fs::path& tmp, std::string* why) {
    return write_sweep_files(tmp, o.table, page, o.failure_of, over_runs, "sweep", why);
  });
}

}  // namespace

bool may_write_sweep_dir(const std::string& text, std::string* why) {
  return may_write_dir(normalise_out_path(text), DirKind::sweep, why);
}

int run_sweep(const SweepPlan& p) {
  InterruptGuard guard;  // from before anything is written until it is in place or gone
  StagedDir out(DirKind::sweep);
  if (!open_staged(out, normalise_out_path(p.out))) return kUsage;
  Engine::make_in_advance();  // every child starts from an engine made once (engine.h)
  const std::vector<Job> jobs = jobs_of(p);
  WallTimer wall;
  Outcome o = run_jobs(p, jobs, out.tmp() / "runs");
  o.table.identity = identity_of(p, jobs.size());
  o.table.identity.complete = !o.interrupted && o.done == jobs.size();
  std::sort(o.table.runs.begin(), o.table.runs.end(),
            [](const SweepRun& a, const SweepRun& b) { return a.index < b.index; });
  // The sweep's own expectations (over: runs), judged on the whole table (not an interrupted one).
  std::vector<Miss> over_runs;
  if (!o.interrupted) over_runs = check_sweep_expectations(p.scenarios.front(), o.table);
  if (const int rc = put_in_place(out, o, p.run.html, over_runs)) return rc;
  const fs::path& dir = out.dir();
  for (const auto& [index, line] : o.failure_of) std::printf("rerun: %s\n", line.c_str());
  if (!o.interrupted) {
    for (const auto& m : over_runs) {
      std::printf("MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                  m.actual.c_str());
      o.worst = worse_exit(o.worst, kMiss);
    }
  }
  if (!p.junit.empty() && !o.interrupted) {
    std::string why;
    const auto cases = sweep_cases(p.scenarios.front(), o.table, o.failed_runs, over_runs, utc_timestamp());
    if (!write_file_atomically(p.junit, junit_xml(cases, host_name()), &why)) {
      std::fprintf(stderr, "monsim: %s\n", why.c_str());
      o.worst = worse_exit(o.worst, kInternal);
    }
  }
  std::printf("sweep %s: %zu runs, %zu failed, %.1f s -> %s\n", p.scenarios.front().name.c_str(), o.done, o.failed,
              wall.seconds(), dir.c_str());
  if (o.interrupted) {
    std::fprintf(stderr, "monsim: interrupted by %s: the %zu finished runs are in %s\n",
                 signal_name(o.interrupted).c_str(), o.done, dir.c_str());
    return 128 + o.interrupted;
  }
  return o.worst;
}

}  // namespace monsim::sim
