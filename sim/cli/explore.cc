#include "sim/cli/explore.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "sim/check/invariants.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/progress.h"
#include "sim/report/junit.h"
#include "sim/report/report_file.h"
#include "sim/cli/run_child.h"
#include "sim/cli/staged_output.h"
#include "sim/cli/supervise.h"
#include "sim/engine/engine.h"
#include "sim/engine/wall_clock.h"
#include "sim/html/explore_page.h"
#include "sim/report/file_out.h"
#include "sim/report/json_input.h"
#include "sim/report/run_dir.h"
#include "sim/report/sweep_table.h"
#include "sim/scenario/fault_draw.h"
#include "sim/scenario/scenario_load.h"
#include "sim/scenario/units.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr nanos kSec = NS_PER_S;

// One schedule on the base, as the shrinker edits it.
struct Attempt {
  std::uint64_t seed = 1;
  std::vector<DrawnFault> faults;
  int clients = 1;
  nanos duration = 0;
  std::vector<std::string> workload;  // the base's items, as flow text
  bool workload_changed = false;
};

// What one run broke.
struct Result {
  int exit_code = 0;
  std::map<std::string, std::uint64_t> broken;  // property -> breaches
  json invariants;
  std::string trace_hash;
};

std::string join(const std::vector<std::string>& xs, const char* sep) {
  std::string t;
  for (std::size_t i = 0; i < xs.size(); ++i) t += (i ? sep : "") + xs[i];
  return t;
}

// The overrides that make the base run this attempt (its own faults and expectations replaced).
std::vector<std::string> attempt_sets(const ExplorePlan& p, const Attempt& a) {
  std::vector<std::string> sets = p.sets;
  sets.push_back("faults=" + schedule_text(a.faults));
  sets.push_back("expect=[]");
  sets.push_back("seed=" + std::to_string(a.seed));
  if (a.clients != p.base.clients.count) sets.push_back("clients.count=" + std::to_string(a.clients));
  if (a.duration != p.base.duration) sets.push_back("duration=" + duration_text(a.duration));
  if (a.workload_changed) sets.push_back("clients.workload=[" + join(a.workload, ", ") + "]");
  return sets;
}

bool load_attempt(const ExplorePlan& p, const Attempt& a, Scenario* s, std::string* why) {
  const LoadResult r = load_scenario_file(p.file, attempt_sets(p, a), s);
  if (!r.ok && why) *why = r.errors.empty() ? "does not load" : r.errors.front();
  return r.ok;
}

// The workload items of the base, as its resolved dump writes them ("{op: statfs, at: 5s, …}").
std::vector<std::string> workload_items(const Scenario& base) {
  std::vector<std::string> items;
  const std::string dump = dump_scenario(base);
  const auto at = dump.find("\n  workload:\n");
  if (at == std::string::npos) return items;
  std::size_t pos = at + std::string("\n  workload:\n").size();
  while (pos < dump.size() && dump.compare(pos, 6, "    - ") == 0) {
    const auto end = dump.find('\n', pos);
    items.push_back(dump.substr(pos + 6, end - pos - 6));
    pos = end + 1;
  }
  return items;
}

bool read_result(const fs::path& dir, Result* r) {
  json s;
  std::string why;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &s, &why) || !s.is_object() ||
      !s.contains("invariants") || !s.contains("run") || !s["run"].is_object())
    return false;
  r->invariants = s["invariants"];
  r->trace_hash = s["run"].value("trace_hash", "");
  for (const auto& p : Invariants::properties())
    if (r->invariants.contains(p.name) && r->invariants[p.name].value("count", 0) > 0)
      r->broken[p.name] = r->invariants[p.name]["count"].get<std::uint64_t>();
  return true;
}

std::string broken_text(const Result& r) {
  std::vector<std::string> xs;
  for (const auto& [name, n] : r.broken) xs.push_back(name + ":" + std::to_string(n));
  return join(xs, " ");
}

// Runs one attempt in a child process, into a scratch directory removed afterwards.
bool run_attempt(const ExplorePlan& p, const Attempt& a, const fs::path& dir, Result* r) {
  Scenario s;
  if (!load_attempt(p, a, &s, nullptr)) return false;
  RunDir rd;
  std::string why;
  std::vector<std::string> notes;
  if (!rd.prepare(dir, &why, &notes)) return false;
  RunOptions ro = p.run;
  ro.html = false;  // a shrinking step's run is removed at once: no page
  const ChildOutcome o = run_supervised([&rd, &s, ro] { return run_scenario(s, rd, ro).exit_code; });
  rd.discard();
  r->exit_code = o.signal ? kInternal : o.exit_code;
  const bool ok = !o.signal && !o.interrupted_by && read_result(rd.dir(), r);
  std::error_code ec;
  fs::remove_all(rd.dir(), ec);
  return ok;
}

nanos whole_seconds(nanos t) { return std::max(kSec, t / kSec * kSec); }

// Shrinks `a` while `property` still breaks: fewer faults, fewer workload items, fewer
// clients, whole seconds, shorter faults, earlier faults, a shorter run. Greedy, one change
// at a time, within the plan's budget of runs.
struct Shrunk {
  Attempt a;
  Result r;
  int runs = 0;
};

Shrunk shrink(const ExplorePlan& p, const std::string& property, Attempt a, Result r, const fs::path& scratch) {
  Shrunk out{std::move(a), std::move(r), 0};
  Attempt& best = out.a;
  auto breaks = [&](const Attempt& t) {
    if (out.runs >= p.shrink_budget || InterruptGuard::received()) return false;
    ++out.runs;
    Result x;
    if (!run_attempt(p, t, scratch / ("try-" + std::to_string(out.runs)), &x) || !x.broken.count(property)) return false;
    out.r = std::move(x);
    return true;
  };
  auto fewer = [&](auto member, bool workload) {
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < (best.*member).size();) {
        Attempt t = best;
        (t.*member).erase((t.*member).begin() + static_cast<std::ptrdiff_t>(i));
        t.workload_changed = t.workload_changed || workload;
        if (breaks(t)) {
          best = std::move(t);
          changed = true;
        } else {
          ++i;
        }
      }
    }
  };
  fewer(&Attempt::faults, false);
  fewer(&Attempt::workload, true);
  while (best.clients > 1) {
    Attempt t = best;
    t.clients = 1;
    if (breaks(t)) {
      best = std::move(t);
      break;
    }
    t.clients = best.clients / 2;
    if (t.clients < 1 || !breaks(t)) break;
    best = std::move(t);
  }
  for (std::size_t i = 0; i < best.faults.size(); ++i) {
    auto edit = [&](auto change) {
      Attempt t = best;
      if (!change(t.faults[i])) return false;
      if (!breaks(t)) return false;
      best = std::move(t);
      return true;
    };
    edit([](DrawnFault& f) { return std::exchange(f.at, whole_seconds(f.at)) != f.at; });
    edit([](DrawnFault& f) { return f.for_ > 0 && std::exchange(f.for_, whole_seconds(f.for_)) != f.for_; });
    while (edit([](DrawnFault& f) { return f.for_ >= 2 * kSec && std::exchange(f.for_, whole_seconds(f.for_ / 2)) != f.for_; })) {
    }
    while (edit([](DrawnFault& f) { return f.at > kSec && std::exchange(f.at, whole_seconds(f.at / 2)) != f.at; })) {
    }
  }
  // A run as long as the breach needs: its first instant, and 10 s to be found.
  const json& first = out.r.invariants[property]["first_at"];
  if (first.is_number()) {
    Attempt t = best;
    t.duration = (static_cast<nanos>(first.get<double>()) + 11) * kSec;
    if (t.duration < best.duration && breaks(t)) best = std::move(t);
  }
  std::sort(best.faults.begin(), best.faults.end(), [](const DrawnFault& x, const DrawnFault& y) { return x.at < y.at; });
  return out;
}

// The shrunk schedule as a plain scenario: the base resolved (every default spelled out),
// its name, description and expectations replaced.
std::string min_scenario(const ExplorePlan& p, const std::string& property, const Shrunk& s, std::size_t run,
                         std::uint64_t seed, std::size_t faults_before) {
  Scenario sc;
  std::string why;
  if (!load_attempt(p, s.a, &sc, &why)) return "";
  std::string body = dump_scenario(sc);
  const auto seed_at = body.find("\nseed:");
  const auto expect_at = body.find("\nexpect:");
  if (seed_at == std::string::npos) return "";
  body = body.substr(seed_at + 1, (expect_at == std::string::npos ? body.size() : expect_at + 1) - seed_at - 1);
  const json& inv = s.r.invariants[property];
  const std::string detail = inv.value("detail", "");
  std::string t;
  t += "# Found by monsim explore on " + p.file + ": run " + std::to_string(run) + " (seed " + std::to_string(seed) +
       ") broke " + property + " with " + std::to_string(faults_before) + " fault(s);\n";
  t += "# shrunk in " + std::to_string(s.runs) + " runs to " + std::to_string(s.a.faults.size()) +
       " fault(s). `monsim check` on this file exits 1 while the breach stands.\n";
  std::string name = property + "-min";  // a scenario's name is [a-z0-9-]+
  std::replace(name.begin(), name.end(), '_', '-');
  t += "name: " + name + "\n";
  t += "description: >\n  " + sc.clients.logic + ": " + property + " broke at " +
       (inv["first_at"].is_number() ? format_seconds(static_cast<nanos>(inv["first_at"].get<double>() * 1e9)) + "s"
                                    : std::string("?")) +
       " on " + inv.value("node", "?") + ": " + detail + "\n";
  t += body;
  t += "expect:\n  - {metric: invariants." + property + ".count, equals: 0}\n";
  return t;
}

struct Row {
  std::size_t run = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> enabled;
  std::vector<DrawnFault> faults;
  Result result;
  bool finished = false;
};

// The overrides that rerun a row (the base with its schedule), and the command they make.
std::vector<std::string> row_sets(const ExplorePlan& p, const Row& r) {
  std::vector<std::string> sets = p.sets;
  sets.push_back("faults=" + schedule_text(r.faults));
  return sets;
}

std::string row_rerun(const ExplorePlan& p, const Row& r) {
  Scenario base = p.base;
  base.seed = r.seed;
  return rerun_command(base, row_sets(p, r));
}

bool write_csv(const fs::path& dir, std::vector<Row>& rows, std::string* why) {
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.run < b.run; });
  std::string t = "run,seed,kinds,faults,exit,broken,trace_hash,schedule\n";
  for (const auto& r : rows)
    t += std::to_string(r.run) + "," + std::to_string(r.seed) + "," + csv_cell(join(r.enabled, " ")) + "," +
         std::to_string(r.faults.size()) + "," + std::to_string(r.result.exit_code) + "," +
         csv_cell(broken_text(r.result)) + "," + r.result.trace_hash + "," + csv_cell(schedule_text(r.faults)) + "\n";
  return write_text_file(dir / "explore.csv", t, why);
}

// The schedules drawn and run, in run order.
struct Explored {
  std::vector<Row> rows;
  std::size_t done = 0, broke = 0;
  int interrupted = 0;
  bool write_failed = false;  // a run could not write its results: the file system failed
};

// The base's attempt with a row's schedule.
Attempt attempt_of(const ExplorePlan& p, const Row& r, const std::vector<std::string>& workload) {
  Attempt a;
  a.seed = r.seed;
  a.faults = r.faults;
  a.clients = p.base.clients.count;
  a.duration = p.base.duration;
  a.workload = workload;
  return a;
}

// The first phase: draws the schedules of this shard's runs and runs them, at most p.jobs at
// once, each into `runs`/<run>-seed<N> (kept when it broke something).
class ScheduleRunner {
 public:
  ScheduleRunner(const ExplorePlan& p, const fs::path& runs, const std::vector<std::string>& workload, Explored& e)
      : p_(p), runs_(runs), workload_(workload), e_(e) {
    opts_.duration = p.base.duration;
    opts_.monitors = p.base.monitor_names();
    opts_.clients = p.base.clients.count;
    opts_.max_faults = p.max_faults;
    opts_.kinds = p.kinds;
  }

  // Draws run `i` and starts it; false if no child could be started.
  bool start(std::uint64_t i) {
    Row row;
    row.run = i;
    row.seed = p_.seed + i;
    DrawnSchedule sched = draw_schedule(row.seed, opts_);
    row.enabled = std::move(sched.enabled);
    row.faults = std::move(sched.faults);
    Scenario s;
    std::string why;
    if (!load_attempt(p_, attempt_of(p_, row, workload_), &s, &why)) {
      // A schedule the loader refuses is the generator's bug: say so, count it, go on.
      std::fprintf(stderr, "monsim: explore run %llu drew a schedule that does not load: %s\n",
                   static_cast<unsigned long long>(i), why.c_str());
      row.result.exit_code = kUsage;
      row.finished = true;
      e_.rows.push_back(std::move(row));
      return true;
    }
    RunDir rd;
    pid_t pid = -1;
    const fs::path dir = runs_ / (std::to_string(i) + "-seed" + std::to_string(row.seed));
    RunOptions ro = p_.run;
    ro.sets = row_sets(p_, row);  // its page's rerun command
    const ChildStart started = start_run_child(pool_, dir, s, ro, rd, &pid);
    if (started != ChildStart::started) {
      if (started == ChildStart::dir_failed) e_.write_failed = true;
      return false;
    }
    e_.rows.push_back(std::move(row));
    running_.emplace(pid, std::make_pair(e_.rows.size() - 1, std::move(rd)));
    return true;
  }

  // Waits for one run and records what it broke; false when none runs or an interrupt came.
  bool collect() {
    ChildPool::Ended ended;
    if (!pool_.wait_any(&ended)) return false;
    auto it = running_.find(ended.pid);
    if (it == running_.end()) return true;
    auto [index, rd] = std::move(it->second);
    running_.erase(it);
    rd.discard();
    Row& row = e_.rows[index];
    if (!ended.outcome.signal && ended.outcome.exit_code == kRunWriteFailed) e_.write_failed = true;
    row.result.exit_code = ended.outcome.signal ? kInternal : ended.outcome.exit_code;
    row.finished = read_result(rd.dir(), &row.result);
    if (!row.finished) row.result.exit_code = kInternal;
    std::error_code ec;
    if (row.result.broken.empty() && row.finished) fs::remove_all(rd.dir(), ec);
    e_.broke += !row.result.broken.empty();
    ++e_.done;
    return true;
  }

  std::size_t running() const { return pool_.running(); }
  void stop() {
    pool_.kill_all();
    for (auto& [pid, jr] : running_) jr.second.discard();
    running_.clear();
  }

 private:
  const ExplorePlan& p_;
  fs::path runs_;
  const std::vector<std::string>& workload_;
  Explored& e_;
  DrawOptions opts_;
  ChildPool pool_;
  std::map<pid_t, std::pair<std::size_t, RunDir>> running_;  // -> row
};

Explored run_schedules(const ExplorePlan& p, const fs::path& runs, const std::vector<std::string>& workload) {
  Explored e;
  std::size_t total = 0;
  for (std::uint64_t i = 0; i < p.runs; ++i) total += i % p.shards == p.shard - 1;
  Progress progress("explore", total, "broke an invariant");
  ScheduleRunner runner(p, runs, workload, e);
  std::uint64_t next = 0;
  while (next < p.runs || runner.running() > 0) {
    while (next < p.runs && runner.running() < p.jobs && !InterruptGuard::received() && !e.write_failed) {
      const std::uint64_t i = next++;
      if (i % p.shards == p.shard - 1 && !runner.start(i)) break;
    }
    if (!runner.collect()) break;
    progress.update(e.done, e.broke, false);
  }
  e.interrupted = InterruptGuard::received();
  runner.stop();
  progress.update(e.done, e.broke, true);
  std::sort(e.rows.begin(), e.rows.end(), [](const Row& a, const Row& b) { return a.run < b.run; });
  return e;
}

// Does the shrunk scenario in `file` break `property` by itself? (Run in `scratch`, removed.)
bool reproduces(const ExplorePlan& p, const std::string& property, const fs::path& file, const fs::path& scratch) {
  Scenario again;
  Result check;
  std::string why;
  std::vector<std::string> notes;
  RunDir rd;
  if (!load_scenario_file(file.string(), {}, &again).ok || !rd.prepare(scratch, &why, &notes)) return false;
  RunOptions ro = p.run;
  ro.html = false;  // removed at once: no page
  const ChildOutcome o = run_supervised([&rd, &again, ro] { return run_scenario(again, rd, ro).exit_code; });
  rd.discard();
  const bool yes = !o.signal && o.exit_code == 1 && read_result(rd.dir(), &check) && check.broken.count(property);
  std::error_code ec;
  fs::remove_all(rd.dir(), ec);
  return yes;
}

// `explore --junit FILE`: a testcase per invariant property — a failure (type breach) for one
// that broke, with the first run's rerun command and where the shrunk scenario is; a pass for
// one the runs checked; skipped for one no run could check (a liveness property without the
// world's view, a safety property that does not apply).
bool write_explore_junit(const ExplorePlan& p, const Explored& e, std::map<std::string, CaseResult>& cases) {
  const std::string stamp = utc_timestamp();
  std::vector<CaseResult> all;
  for (const auto& prop : Invariants::properties()) {
    CaseResult c = cases.count(prop.name) ? cases[prop.name] : CaseResult{};
    c.classname = "monsim.explore." + p.base.name;
    c.name = prop.name;
    c.file = p.file;
    c.timestamp = stamp;
    c.notes.push_back(std::string(prop.kind) + ": " + prop.rule);
    const bool checked = std::any_of(e.rows.begin(), e.rows.end(), [&](const Row& r) {
      return r.finished && r.result.invariants.contains(prop.name) && r.result.invariants[prop.name].value("checked", false);
    });
    if (c.breaches.empty() && !checked) {
      c.skipped = true;
      c.skip_reason = std::string(prop.name) + ": no run checked it";
    }
    all.push_back(std::move(c));
  }
  std::string why;
  if (write_file_atomically(p.junit, junit_xml(all, host_name()), &why)) return true;
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return false;
}

// The page of an exploration written into `dir` (its runs and shrunk scenarios there).
html::ExploreReport explore_report(const ExplorePlan& p, const Explored& e, const fs::path& dir, int sig) {
  html::ExploreReport r{p.base.name, p.file, p.base.clients.logic, p.seed, 0, sig != 0, {}, {}};
  for (std::uint64_t i = 0; i < p.runs; ++i) r.planned += i % p.shards == p.shard - 1;
  std::error_code ec;
  for (const auto& row : e.rows) {
    html::ExploreRunRow x{row.run, row.seed, {}, row.result.exit_code, broken_text(row.result), schedule_text(row.faults), ""};
    for (const auto& f : row.faults) x.fault_kinds.push_back(f.kind);
    const std::string name = "runs/" + std::to_string(row.run) + "-seed" + std::to_string(row.seed);
    if (fs::is_regular_file(dir / name / "report.html", ec)) x.kept = name;
    for (const auto& [property, n] : row.result.broken) {
      auto it = std::find_if(r.properties.begin(), r.properties.end(), [&](const auto& q) { return q.name == property; });
      if (it != r.properties.end()) {
        ++it->runs;
        continue;
      }
      const json& inv = row.result.invariants[property];
      const std::string shrunk = property + "-min.yaml";
      r.properties.push_back({property, inv.value("detail", ""), inv.value("found_at", ""), 1, row.run,
                              row_rerun(p, row), x.kept, fs::is_regular_file(dir / shrunk, ec) ? shrunk : ""});
    }
    r.rows.push_back(std::move(x));
  }
  return r;
}

// The second phase: the first run to break each property, shrunk and written as
// `dir`/<property>-min.yaml (`shown` is where it will be once in place). 4 if any broke.
int shrink_breaches(const ExplorePlan& p, const Explored& e, const std::vector<std::string>& workload,
                    const fs::path& dir, const fs::path& shown, std::map<std::string, CaseResult>* cases) {
  std::map<std::string, const Row*> first;
  std::map<std::string, std::size_t> runs_breaking;
  for (const auto& r : e.rows)
    for (const auto& [name, n] : r.result.broken) {
      first.emplace(name, &r);
      ++runs_breaking[name];
    }
  int worst = kPass;
  for (const auto& [property, row] : first) {
    if (InterruptGuard::received()) break;
    worst = kBreach;
    const std::string rerun = row_rerun(p, *row);
    std::printf("BREACH %s in %zu run(s); first: run %zu: %s\n", property.c_str(), runs_breaking[property], row->run,
                rerun.c_str());
    std::printf("  %s\n", row->result.invariants[property].value("detail", "").c_str());
    CaseResult& c = (*cases)[property];
    c.rerun = rerun;
    c.seed = std::to_string(row->seed);
    c.breaches.push_back({property + " in " + std::to_string(runs_breaking[property]) + " of " +
                              std::to_string(e.done) + " runs; first: run " + std::to_string(row->run) + ": " +
                              row->result.invariants[property].value("detail", ""),
                          row->result.invariants[property].value("found_at", "")});
    c.breaches_total = 1;  // (its runs are counted in the headline)
    c.notes.push_back("shrunk to " + (shown / (property + "-min.yaml")).string());
    std::fflush(stdout);
    std::error_code ec;
    const Shrunk s = shrink(p, property, attempt_of(p, *row, workload), row->result, dir / "runs" / ("shrink-" + property));
    fs::remove_all(dir / "runs" / ("shrink-" + property), ec);
    const std::string text = min_scenario(p, property, s, row->run, row->seed, row->faults.size());
    const std::string name = property + "-min.yaml";
    std::string why = "the shrunk scenario does not load";
    if (text.empty() || !write_text_file(dir / name, text, &why)) {
      std::fprintf(stderr, "monsim: cannot write %s: %s\n", (shown / name).c_str(), why.c_str());
      continue;
    }
    const bool again = reproduces(p, property, dir / name, dir / "runs" / ("verify-" + property));
    std::printf("  shrunk in %d runs: %zu fault(s), %d client(s), %s -> %s (%s)\n", s.runs, s.a.faults.size(),
                s.a.clients, format_duration(s.a.duration).c_str(), (shown / name).c_str(),
                again ? "monsim check reproduces it: exit 1" : "WARNING: does not reproduce from the file");
    for (const auto& f : s.a.faults) std::printf("    %s\n", f.text().c_str());
    std::fflush(stdout);
  }
  return worst;
}

}  // namespace

bool may_write_explore_dir(const std::string& dir, std::string* why) {
  return may_write_dir(normalise_out_path(dir), DirKind::explore, why);
}

int run_explore(const ExplorePlan& p) {
  InterruptGuard guard;  // from before anything is written until it is in place or gone
  StagedDir out(DirKind::explore);
  if (!open_staged(out, normalise_out_path(p.out))) return kUsage;
  std::printf("explore %s: %llu runs from seed %llu, %s, %zu monitors, %d client(s)\n", p.base.name.c_str(),
              static_cast<unsigned long long>(p.runs), static_cast<unsigned long long>(p.seed),
              p.base.clients.logic.c_str(), p.base.cluster.monitors.size(), p.base.clients.count);
  std::fflush(stdout);
  const std::vector<std::string> workload = workload_items(p.base);
  Engine::make_in_advance();
  WallTimer wall;
  Explored e = run_schedules(p, out.tmp() / "runs", workload);
  if (e.write_failed) return abandon_after_write_failure(out, "exploration");
  std::map<std::string, CaseResult> cases;
  const int worst = shrink_breaches(p, e, workload, out.tmp(), out.dir(), &cases);
  const int sig = e.interrupted ? e.interrupted : InterruptGuard::received();
  std::error_code ec;
  fs::remove(out.tmp() / "runs", ec);  // only if empty
  if (sig && out.replaces()) return abandon_for_earlier(out, "exploration", sig);
  if (const int rc = place_staged(out, "exploration", [&](const fs::path& tmp, std::string* why) {
        return write_csv(tmp, e.rows, why) &&
               (!p.run.html || write_text_file(tmp / "report.html", html::explore_page(explore_report(p, e, tmp, sig)), why));
      }))
    return rc;
  std::set<std::string> properties;
  for (const auto& r : e.rows)
    for (const auto& [name, n] : r.result.broken) properties.insert(name);
  std::printf("explore %s: %zu runs, %zu broke an invariant (%zu properties), %.1f s -> %s\n", p.base.name.c_str(),
              e.done, e.broke, properties.size(), wall.seconds(), out.dir().c_str());
  if (!p.junit.empty() && !sig && !write_explore_junit(p, e, cases)) return worse_exit(worst, kInternal);
  if (sig) {
    std::fprintf(stderr, "monsim: interrupted by %s: the %zu finished runs are in %s\n", signal_name(sig).c_str(),
                 e.done, out.dir().c_str());
    return 128 + sig;
  }
  return worst;
}

}  // namespace monsim::sim
