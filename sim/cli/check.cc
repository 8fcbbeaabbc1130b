#include "sim/cli/check.h"

#include "sim/scenario/logics.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/cli/command_line.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/run_place.h"
#include "sim/cli/runner.h"
#include "sim/cli/supervise.h"
#include "sim/engine/wall_clock.h"
#include "sim/html/check_page.h"
#include "sim/report/baseline.h"
#include "sim/report/expect.h"
#include "sim/report/junit.h"
#include "sim/report/json_input.h"
#include "sim/report/report_file.h"
#include "sim/report/scenario_folder.h"
#include "sim/report/staged_dir.h"

namespace monsim::sim {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

struct CheckOptions {
  std::vector<std::string> files, sets;
  std::string junit, baselines, parent;
  std::string against;  // a real run's directory (monsim import): the `real:` comparisons
  std::filesystem::path real_dir;  // its run directory (a scenario folder's latest run)
  json real;                       // its summary.json, read once before anything runs
  bool update = false;
  bool verbose = false;  // each run's header (model line) and last line too
  bool html = true;      // each run's report.html and the index page (--no-html: none)
  TraceWriter::Level trace = TraceWriter::Level::full;
};

struct Case {
  std::string file;
  Scenario scenario;
  bool valid = false;
  std::string problems;  // an invalid scenario's diagnostics (file:line:col: key: message)
};

// The first lines of a run's dmesg.txt, for the JUnit report's <system-out>.
std::string dmesg_head(const fs::path& dir) {
  constexpr std::size_t kLines = 200;
  std::ifstream in(dir / "dmesg.txt");
  std::string out, line;
  std::size_t n = 0, more = 0;
  while (std::getline(in, line)) {
    if (n++ < kLines) out += line + "\n";
    else ++more;
  }
  if (more) out += "... and " + std::to_string(more) + " more lines in " + (dir / "dmesg.txt").string() + "\n";
  return out;
}

// Two scenarios of one `check` with the same name would share a folder and a baseline.
bool names_unique(const std::vector<Case>& cases, std::string* why) {
  std::map<std::string, const Case*> seen;
  for (const auto& c : cases) {
    if (!c.valid) continue;
    const auto [it, fresh] = seen.emplace(c.scenario.name, &c);
    if (fresh) continue;
    *why = "name clash: " + c.scenario.name_pos.str() + ": name: '" + c.scenario.name + "' is also the name of " +
           it->second->scenario.name_pos.str() + ": their runs and baselines would mix; rename one";
    return false;
  }
  return true;
}

// Everything `check` will write, checked before anything runs: the scenario folders, the
// JUnit report, the baselines to be rewritten.
bool destinations_ok(const CheckOptions& o, const std::vector<Case>& cases, std::string* why) {
  if (!names_unique(cases, why)) return false;
  if (!o.junit.empty() && !may_write_report(o.junit, ReportKind::junit, "", why)) return false;
  if (o.update && !may_write_into(o.baselines, why)) return false;
  for (const auto& c : cases) {
    if (!c.valid) continue;
    const fs::path folder = normalise_out_path(o.parent) / c.scenario.name;
    if (!ScenarioFolder::may_use(folder, c.scenario.name, c.scenario.file, why)) return false;
    if (o.update && !may_write_report(fs::path(o.baselines) / (c.scenario.name + ".json"), ReportKind::baseline,
                                      c.scenario.name, why))
      return false;
  }
  return true;
}

// --update-baselines: say what changes (old → new), then write the baseline.
void update_baseline(const Scenario& s, const json& summary, const fs::path& bfile, int& worst) {
  std::ifstream in(bfile);
  const json old = json::parse(in, nullptr, false);
  if (!in.is_open() || old.is_discarded()) std::printf("baseline %s: new\n", s.name.c_str());
  const json fresh = make_baseline(s, summary, old.is_discarded() ? json(nullptr) : old);
  if (in.is_open() && !old.is_discarded()) {
    const auto changes = compare_baseline(old, summary, bfile.string());
    std::size_t added = 0;
    for (const auto& [key, value] : fresh["metrics"].items())  // metrics a new expectation brought in
      if (!old.contains("metrics") || !old["metrics"].contains(key)) {
        std::printf("baseline %s: %s: (none) -> %s\n", s.name.c_str(), key.c_str(), value.dump().c_str());
        ++added;
      }
    if (changes.empty() && !added) std::printf("baseline %s: unchanged\n", s.name.c_str());
    for (const auto& m : changes) {
      const std::string was = m.expected.rfind("baseline ", 0) == 0 ? m.expected.substr(9) : m.expected;
      std::printf("baseline %s: %s: %s -> %s\n", s.name.c_str(), m.metric.c_str(), was.c_str(), m.actual.c_str());
    }
  }
  std::string why;
  if (!write_file_atomically(bfile, fresh.dump(2) + "\n", &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    worst = worse_exit(worst, kInternal);
  } else {
    std::printf("baseline written: %s\n", bfile.c_str());
  }
}

// A note on the console, kept for the JUnit report (its <system-out>) too.
void note(CaseResult& c, const std::string& text) {
  std::printf("note: %s\n", text.c_str());
  c.notes.push_back(text);
}

// --against: the scenario's comparisons with the real run, each printed, the misses added.
void judge_against(const CheckOptions& o, const Scenario& s, const json& summary, CaseResult& c) {
  const std::size_t comparisons = static_cast<std::size_t>(
      std::count_if(s.expect.begin(), s.expect.end(), [](const Expectation& x) { return x.against(); }));
  if (!comparisons) return;
  if (o.against.empty()) {
    note(c, s.name + " has " + std::to_string(comparisons) +
                " comparisons with a real run (real:): not judged without --against DIR");
    return;
  }
  std::string other;
  const bool own_schedule = reality_run_of(s, o.real, &other);
  if (!own_schedule && !other.empty())
    note(c, o.real_dir.string() + " is a monsim reality run of " + s.name + " on another schedule (" + other +
                "): compared by the real: paths");
  if (own_schedule) {  // "does monsim agree with this kernel?": the comparisons say
    note(c, "against a monsim reality run of " + s.name + ": its " + std::to_string(comparisons) +
                " comparisons are judged, not its expectations (those are for its own settings)");
    c.misses.clear();
  }
  for (auto& m : check_against(s, summary, o.real, o.real_dir.string())) c.misses.push_back(m);
  // Every comparison, passing or not: what a user checking a kernel wants to see.
  std::printf("%s against %s:\n%s", s.name.c_str(), o.real_dir.c_str(),
              format_comparisons(compare_with_real(s, summary, o.real)).c_str());
}

// --baselines: the drift from the committed baseline, or (--update-baselines) a new one.
void judge_baseline(const CheckOptions& o, const Scenario& s, const json& summary, CaseResult& c, int& worst) {
  if (o.baselines.empty()) return;
  const fs::path bfile = fs::path(o.baselines) / (s.name + ".json");
  if (o.update) {
    update_baseline(s, summary, bfile, worst);
    return;
  }
  std::ifstream in(bfile);
  const json b = json::parse(in, nullptr, false);
  if (!in.is_open() || b.is_discarded())
    c.misses.push_back({"(baseline)", "a baseline file", "none (run with --update-baselines)", bfile.string()});
  else
    for (auto& m : compare_baseline(b, summary, bfile.string())) c.misses.push_back(m);
}

// The verdict line, then under it every breach (with the trace line where it was found),
// every miss, and the command that reruns a failing scenario.
void print_case(const Scenario& s, const json& summary, const fs::path& dir, const CaseResult& c) {
  const char* verdict = c.failed() ? "FAIL" : c.skipped ? "not judged" : "pass";
  std::printf("%s\n", verdict_line(s.name, summary, verdict, dir.string()).c_str());
  for (const auto& b : c.breaches)
    std::printf("  BREACH %s\n    found at: %s\n", b.headline.c_str(), b.found_at.c_str());
  if (c.breaches_total > c.breaches.size())
    std::printf("  BREACH … and %llu more (summary.json: invariants)\n",
                static_cast<unsigned long long>(c.breaches_total - c.breaches.size()));
  for (const auto& m : c.misses)
    std::printf("  MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                m.actual.c_str());
  if (c.failed()) std::printf("  rerun: %s\n", c.rerun.c_str());
  std::fflush(stdout);
}

// Breaches, expectations, comparisons and the baseline of one finished run, then its verdict.
void judge(const CheckOptions& o, const Scenario& s, const json& summary, const fs::path& dir, CaseResult& c,
           int& worst) {
  for (const auto& b : unexpected_breaches_in(s, summary, &c.breaches_total))
    c.breaches.push_back({breach_headline(b), b.line});
  c.misses = check_expectations(s, summary);
  judge_against(o, s, summary, c);
  if (!expectations_judged(s, summary)) {
    c.skip_reason = s.name + "'s expectations are for seed " + std::to_string(*s.expect_for_seed) +
                    "; this run's seed " + std::to_string(s.seed) + ": not judged";
    note(c, c.skip_reason);
  }
  judge_baseline(o, s, summary, c, worst);
  c.skipped = !c.skip_reason.empty() && !c.failed();
  print_case(s, summary, dir, c);
  if (!c.breaches.empty()) worst = worse_exit(worst, kBreach);
  else if (!c.misses.empty()) worst = worse_exit(worst, kMiss);
}

// One scenario of `check`: run it, judge it. Returns 128+N if interrupted (stop everything).
int check_one(const CheckOptions& o, const Case& k, CaseResult& c, int& worst, fs::path* run_dir) {
  const Scenario& s = k.scenario;
  c.name = s.name;
  Place place;
  std::string why;
  WallTimer wall;
  c.timestamp = utc_timestamp();
  if (!open_place(place, s, "", normalise_out_path(o.parent), &why)) {
    c.error = why;
    std::printf("%s: error: %s\n", s.name.c_str(), why.c_str());
    c.exit_code = kUsage;
    worst = worse_exit(worst, kUsage);
    return 0;
  }
  RunOptions ro;
  ro.quiet = true;
  ro.header = o.verbose;
  ro.verdict = false;  // printed by judge(), once the baseline is known too
  ro.trace = o.trace;
  ro.html = o.html;
  ro.sets = o.sets;
  c.exit_code = close_place(place, run_one(s, place.rd, ro));
  c.seconds = wall.seconds();
  const fs::path dir = place.rd.dir();
  if (c.exit_code > 128) return c.exit_code;
  if (run_finished(c.exit_code)) *run_dir = dir;
  if (!run_finished(c.exit_code)) {
    c.error = c.exit_code == kUsage ? "the run refused its input (exit 2)" : "monsim failed (exit " + std::to_string(c.exit_code) + ")";
    std::printf("%s: error: %s (its messages are above)\n", s.name.c_str(), c.error.c_str());
    worst = worse_exit(worst, c.exit_code == kUsage ? kUsage : kInternal);
    return 0;
  }
  json summary;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &summary, &why) ||
      !summary.is_object() || !summary.contains("run") || !summary["run"].is_object()) {
    c.error = "no summary.json in " + dir.string();
    std::printf("%s: error: %s\n", s.name.c_str(), c.error.c_str());
    worst = worse_exit(worst, kInternal);
    return 0;
  }
  const json& run = summary["run"];
  c.seed = std::to_string(run.value("seed", 0ULL));
  c.logic = run.value("logic", "");
  c.trace_hash = run.value("trace_hash", "");
  c.rerun = rerun_command(s, o.sets);
  c.system_out = dmesg_head(dir);
  judge(o, s, summary, dir, c, worst);
  return 0;
}

// Against a `monsim reality` run of the scenario itself, the simulated run takes the real
// run's jiffies phase (unless --set says otherwise), and only the comparisons are judged:
// the expectations are the scenario's for its own settings.
void on_real_phase(const CheckOptions& o, Case& k) {
  const json& real = o.real;
  if (!reality_run_of(k.scenario, real)) return;
  std::vector<std::string> sets = o.sets;
  std::string shown;
  for (const auto& set : real_phase_sets(k.scenario, real)) {
    const std::string key = set.substr(0, set.find('='));
    if (std::any_of(o.sets.begin(), o.sets.end(), [&](const std::string& x) { return x.rfind(key + "=", 0) == 0; }))
      continue;  // the user's own
    sets.push_back(set);
    shown += " --set " + set;
  }
  if (shown.empty()) return;
  k.valid = load(k.file, sets, &k.scenario, &k.problems);
  // (network.latency, when the real log has its TCP's RTT, follows the jiffies phase's two.)
  if (is_userspace_logic(k.scenario.clients.logic))
    std::printf("note: %s runs on the real run's timer phase (its SafeTimer's latency, its first hunt):%s\n",
                k.scenario.name.c_str(), shown.c_str());
  else
    std::printf("note: %s runs on the real run's jiffies phase (its kernel's uptime at t = 0, its first session):%s\n",
                k.scenario.name.c_str(), shown.c_str());
}

// --against DIR: the real run's summary, read before anything runs; a refusal's exit, or 0.
int read_real_run(CheckOptions& o) {
  o.real_dir = resolve_run_dir(o.against);
  std::string why;
  if (!read_json_file(o.real_dir / "summary.json", kJsonFileBytes, "a run's summary.json", &o.real, &why))
    return refuse("--against " + o.against + ": not a run directory (monsim run, import or reality): " + why);
  if (!o.real.is_object() || !o.real.contains("run") || !o.real["run"].is_object() ||
      !o.real.contains("sessions") || !o.real["sessions"].is_object())
    return refuse("--against " + o.against + ": " + (o.real_dir / "summary.json").string() +
                  " is not a summary monsim writes (no \"run\" or \"sessions\")");
  return 0;
}

// The index page beside the scenarios' folders (PARENT/check-STAMP.html, a new file each time),
// linking each run's report; its path, or "" (and a message) if it could not be written.
std::string write_check_page(const CheckOptions& o, const std::vector<CaseResult>& results,
                             const std::vector<fs::path>& dirs, const std::string& counts) {
  const fs::path parent = normalise_out_path(o.parent);
  std::vector<html::CheckCase> cases;
  for (std::size_t i = 0; i < results.size(); ++i)
    cases.push_back({&results[i], dirs[i].empty() ? "" : (dirs[i].lexically_relative(parent) / "report.html").string()});
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) return "";  // nothing ran
  fs::path page = parent / ("check-" + utc_run_stamp() + ".html");
  for (int n = 2; fs::exists(fs::symlink_status(page, ec)) && n < 100; ++n)
    page = parent / ("check-" + utc_run_stamp() + "." + std::to_string(n) + ".html");
  std::string why;
  if (write_file_atomically(page, html::check_page(cases, counts), &why)) return page.string();
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return "";
}

// The JUnit report and the counts line of a finished check; its exit status.
int report_check(const CheckOptions& o, const std::vector<CaseResult>& results, const std::vector<fs::path>& dirs,
                 int worst) {
  int passed = 0, failed = 0, errors = 0, skipped = 0, breached = 0;
  for (const auto& c : results) {
    if (!c.error.empty()) ++errors;
    else if (c.failed()) ++failed;
    else if (c.skipped) ++skipped;
    else ++passed;
    if (!c.breaches.empty()) ++breached;
  }
  std::string why;
  if (!o.junit.empty() && !write_file_atomically(o.junit, junit_xml(results, host_name()), &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    worst = worse_exit(worst, kInternal);
  }
  // The same counts as the JUnit report (its failures, errors and skipped).
  std::string line = "check: " + std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (breached) line += " (" + std::to_string(breached) + " breaching an invariant)";
  if (errors) line += ", " + std::to_string(errors) + " error" + (errors > 1 ? "s" : "");
  if (skipped) line += ", " + std::to_string(skipped) + " not judged (expectations for another seed)";
  if (o.html && std::any_of(dirs.begin(), dirs.end(), [](const fs::path& d) { return !d.empty(); })) {
    const std::string page = write_check_page(o, results, dirs, line);
    if (page.empty()) worst = worse_exit(worst, kInternal);
    else std::printf("report: %s\n", page.c_str());
  }
  std::printf("%s\n", line.c_str());
  return worst;
}

}  // namespace

int cmd_check(int argc, char** argv) {
  po::options_description opts(
      "monsim check SCENARIO.yaml...: run scenarios, check expectations and baselines");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(), "scenario files")(
      "junit", po::value<std::string>(), "write JUnit XML here")(
      "baselines", po::value<std::string>(), "compare with DIR/<name>.json")(
      "against", po::value<std::string>(), "a real run's directory (monsim import): judge the real: comparisons")(
      "update-baselines", "rewrite the baselines from these runs")(
      "seed", po::value<std::string>(), "root seed (overrides the files)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override (repeatable)")(
      "client-logic", po::value<std::string>(),
      "run every scenario with this logic (their expectations are judged: to see logics side by side, monsim compare)")(
      "out", po::value<std::string>(), "where the scenarios' folders are (default results): PARENT/<name>/<time>-seed<N>/")(
      "verbose,v", "each run's header (seed, model) and last line (trace hash, speed) too")(
      "trace", po::value<std::string>(), "full (default) | events (no per-tick lines) | off: what trace.jsonl holds")(
      "no-html", "no report.html in the runs, no index page (PARENT/check-<time>.html)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", -1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("check: which scenarios?");
  CheckOptions o;
  o.files = vm["scenario"].as<std::vector<std::string>>();
  o.sets = overrides(vm);
  o.update = vm.count("update-baselines") > 0;
  o.verbose = vm.count("verbose") > 0;
  o.html = vm.count("no-html") == 0;
  o.baselines = vm.count("baselines") ? vm["baselines"].as<std::string>() : "";
  o.against = vm.count("against") ? vm["against"].as<std::string>() : "";
  o.junit = vm.count("junit") ? vm["junit"].as<std::string>() : "";
  o.parent = vm.count("out") ? vm["out"].as<std::string>() : "results";
  if (o.update && o.baselines.empty()) return usage("check: --update-baselines needs --baselines DIR");
  std::string level_why;
  if (!trace_level(vm, &o.trace, &level_why)) return usage(level_why);

  if (!o.against.empty())  // a run to compare with: read now, refused now
    if (const int refused = read_real_run(o)) return refused;
  std::vector<Case> cases;
  for (const auto& file : o.files) {
    Case k{file, {}, false, ""};
    k.valid = load(file, o.sets, &k.scenario, &k.problems);
    if (k.valid && !o.against.empty()) on_real_phase(o, k);
    cases.push_back(std::move(k));
  }
  std::string why;
  if (!destinations_ok(o, cases, &why)) return refuse(why);

  InterruptGuard guard;
  std::vector<CaseResult> results;
  std::vector<fs::path> dirs;  // each one's run directory ("" if it did not run)
  int worst = kPass;
  for (const auto& k : cases) {
    CaseResult c;
    fs::path dir;
    c.file = k.file;
    if (!k.valid) {
      c.name = fs::path(k.file).stem().string();
      c.timestamp = utc_timestamp();
      c.error = k.problems.empty() ? "invalid scenario (exit 2)" : k.problems;
      c.exit_code = kUsage;
      worst = worse_exit(worst, kUsage);
    } else if (const int stop = check_one(o, k, c, worst, &dir)) {
      return stop;  // interrupted: no report
    }
    results.push_back(c);
    dirs.push_back(dir);
  }
  return report_check(o, results, dirs, worst);
}

}  // namespace monsim::sim
