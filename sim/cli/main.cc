// The `monsim` command (DESIGN.md §7).
//
//   monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L]
//   monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines]
//   monsim validate SCENARIO.yaml...
//
// Exit codes: 0 pass; 1 an expectation or baseline missed; 2 usage or scenario error
// (nothing written); 3 an internal invariant broke; 128+N interrupted by signal N (SIGINT
// 130, SIGTERM 143: nothing written).
//
// Every run happens in a child process (supervise.h); this process checks the input and the
// destinations first, and cleans up after the child whatever becomes of it.
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/report/expect.h"
#include "sim/report/file_out.h"
#include "sim/report/json_input.h"
#include "sim/scenario/input_file.h"
#include "sim/report/kernel_log.h"
#include "sim/report/metrics.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader.h"
#include "sim/report/report_file.h"
#include "sim/report/run_dir.h"
#include "sim/report/scenario_folder.h"
#include "sim/report/trace_diff.h"
#include "sim/cli/explore.h"
#include "sim/cli/import_run.h"
#include "sim/cli/merge.h"
#include "sim/cli/reality.h"
#include "sim/cli/runner.h"
#include "sim/scenario/fault_draw.h"
#include "sim/scenario/scenario_load.h"
#include "sim/cli/supervise.h"
#include "sim/world/client_logic.h"
#include "sim/cli/sweep.h"
#include "sim/scenario/units.h"
#include "sim/engine/wall_clock.h"
#include "git_describe.h"  // MONSIM_GIT_DESCRIBE, written at build time (sim/cli/git_describe.cmake)

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace monsim::sim;
using json = nlohmann::ordered_json;

namespace {

constexpr int kPass = 0, kMiss = 1, kUsage = 2, kInternal = 3;

const char* kUsageText =
    "usage: monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L] [--trace LEVEL] [--quiet]\n"
    "       monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines] [--against REAL_RUN] [--verbose]\n"
    "       monsim sweep SCENARIO.yaml --seeds A..B [--vary key=v1,v2,...]... [--jobs N] [--shard K/N] [--out DIR] [--keep-runs]\n"
    "       monsim merge SWEEP_DIR... --out DIR\n"
    "       monsim explore BASE.yaml --runs N [--seed S] [--kinds K,...] [--jobs J] [--shard K/N] [--out DIR]\n"
    "       monsim import KERNEL_LOG [--faults HOST_FAULT_LOG] [--scenario S] --out DIR\n"
    "       monsim reality SCENARIO.yaml [--kernel VMLINUZ --modules DIR] [--out DIR] [--plan-only] [--skip-unsupported]\n"
    "       monsim diff RUN_A RUN_B [--ignore FIELD,...] [--before N] [--after N]\n"
    "       monsim validate SCENARIO.yaml...\n"
    "       monsim COMMAND --help\n"
    "       monsim --version\n";

// The subcommands, for --help and for "did you mean".
const std::vector<std::pair<std::string, std::string>> kCommands = {
    {"run", "run one scenario and write its results directory"},
    {"check", "run scenarios, check their expectations and baselines, write JUnit"},
    {"sweep", "run one scenario over many seeds and varied values, as one table"},
    {"merge", "join the shards of a sweep into one table"},
    {"explore", "random fault schedules with the invariant checkers; a breach shrunk to a minimal scenario"},
    {"import", "a real client's kernel log as a run directory (trace, summary, sessions)"},
    {"reality", "play a scenario on real ceph-mon processes and a real kernel client (root), imported as a run"},
    {"diff", "where two runs' traces part (two builds, or two logics on the same faults)"},
    {"validate", "check scenarios without running them"},
};

// The subcommand being parsed ("" before dispatch): its usage line is the one printed.
std::string g_command;

int usage(const std::string& msg) {
  if (!msg.empty()) std::fprintf(stderr, "monsim: %s\n", msg.c_str());
  std::istringstream lines(kUsageText);
  std::string line, shown;
  const std::string mine = "monsim " + g_command + " ";
  while (!g_command.empty() && std::getline(lines, line))
    if (line.find(mine) != std::string::npos) shown += (shown.empty() ? "usage: " : "       ") + line.substr(line.find(mine)) + "\n";
  if (shown.empty()) std::fputs(kUsageText, stderr);
  else std::fprintf(stderr, "%s       %s--help\n", shown.c_str(), mine.c_str());
  return kUsage;
}

int refuse(const std::string& why) {
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return kUsage;
}

// The overrides of a command line, as --set specs (validated like the file).
std::vector<std::string> overrides(const po::variables_map& vm) {
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) sets.push_back("seed=" + vm["seed"].as<std::string>());
  if (vm.count("client-logic")) sets.push_back("clients.logic=" + vm["client-logic"].as<std::string>());
  return sets;
}

// Load and validate, including what this machine can hold; prints the first problems (and
// hands them to `shown_text`, for a report).
bool load(const std::string& file, const std::vector<std::string>& sets, Scenario* s,
          std::string* shown_text = nullptr) {
  LoadResult r = load_scenario_file(file, sets, s);
  if (r.ok) r.errors = check_machine_limits(*s);
  const std::size_t shown = std::min(r.errors.size(), limits::kErrorsShown);
  std::string text;
  for (std::size_t i = 0; i < shown; ++i) text += r.errors[i] + "\n";
  const std::size_t more = r.errors.size() - shown + r.more;
  if (more) text += file + ": ... and " + std::to_string(more) + " more problems\n";
  std::fputs(text.c_str(), stderr);
  if (shown_text) *shown_text = text;
  return r.errors.empty();
}

// gethostname(), for the JUnit report.
std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

// plot.py: beside an installed monsim (PREFIX/bin/monsim -> PREFIX/share/monsim/plot.py),
// else in the source tree this binary was built from.
std::string plot_script() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = self.parent_path().parent_path() / "share" / "monsim" / "plot.py";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return MONSIM_SOURCE_DIR "/scripts/plot.py";
}

// Runs plot.py with Debian's python3 (the one that has matplotlib).
int plot_run(const std::string& dir) {
  const std::string script = plot_script();
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/usr/bin/python3", "python3", script.c_str(), dir.c_str(), static_cast<char*>(nullptr));
    std::perror("monsim: cannot run /usr/bin/python3");
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

// Parses a subcommand's options; its positional arguments are option `positional` (at most
// `count` of them, -1 for any number). False, with the exit status in `rc`, when the command
// is done (an error, or --help printed).
bool parse(int argc, char** argv, po::options_description& opts, const char* positional, int count,
           po::variables_map& vm, int* rc) {
  po::positional_options_description pos;
  pos.add(positional, count);
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    // "did you mean": the nearest of this command's long options.
    std::vector<std::string> names;
    for (const auto& o : opts.options())
      if (!o->long_name().empty()) names.push_back("--" + o->long_name());
    const std::string name = e.get_option_name();
    const std::string hint = closest(name, names);
    // "-lead.yaml": a file whose name starts with a dash reads as an option.
    const bool file_like = name.size() > 1 && name[0] == '-' && name[1] != '-' && name.find('.') != std::string::npos;
    *rc = usage(std::string(e.what()) +
                (file_like ? "; a file whose name starts with '-': write ./" + name + ", or give it after --"
                           : hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return false;
  } catch (const po::error& e) {
    *rc = usage(e.what());
    return false;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    *rc = kPass;
    return false;
  }
  // The paths monsim writes to: refused now, not after the runs.
  for (const char* path : {"out", "junit", "baselines"}) {
    std::string why;
    if (vm.count(path) && !out_path_ok(vm[path].as<std::string>(), (std::string("--") + path).c_str(), &why)) {
      *rc = usage(why);
      return false;
    }
  }
  return true;
}

// --trace LEVEL (full if not given).
bool trace_level(const po::variables_map& vm, TraceWriter::Level* level, std::string* why) {
  if (!vm.count("trace")) return true;
  const std::string text = vm["trace"].as<std::string>();
  if (TraceWriter::parse_level(text, level)) return true;
  *why = "--trace: '" + text + "' is not full, events or off";
  return false;
}

// Prepares `dir` for a run, saying what was cleaned up on the way.
bool prepare(RunDir& rd, const fs::path& dir, std::string* why) {
  std::vector<std::string> notes;
  const bool ok = rd.prepare(dir, why, &notes);
  for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
  return ok;
}

// Where a run goes: exactly `--out DIR`, or a new run directory in the scenario's folder
// (PARENT/<name>/<time>-seed<N>/, its `latest` switched to it once the run is in place).
struct Place {
  bool history = false;
  ScenarioFolder folder;
  RunDir rd;
};

bool open_place(Place& p, const Scenario& s, const std::string& out, const fs::path& parent, std::string* why) {
  fs::path dir;
  if (!out.empty()) {
    dir = normalise_out_path(out);
  } else {
    p.history = true;
    std::vector<std::string> notes;
    const bool ok = p.folder.open(parent / s.name, s.name, s.file, utc_run_stamp(), s.seed, why, &notes);
    for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
    if (!ok) return false;
    dir = p.folder.run();
  }
  if (prepare(p.rd, dir, why)) return true;
  if (p.history) p.folder.release();
  return false;
}

// After the run: `latest` to a finished run (pass or miss), the reservation given back otherwise.
int close_place(Place& p, int rc) {
  if (!p.history) return rc;
  if (rc != kPass && rc != kMiss) {
    p.folder.release();
    return rc;
  }
  std::string why;
  if (p.folder.point_latest(&why)) return rc;
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return kInternal;
}

// Runs `s` in a child process into the prepared `rd`; whatever happens, nothing half-written
// stays. Returns the run's exit status, or 3 for a crash, or 128+N for an interrupt.
int run_one(const Scenario& s, RunDir& rd, const RunOptions& ro) {
  const ChildOutcome o = run_supervised([&] { return run_scenario(s, rd, ro).exit_code; });
  rd.discard();
  if (o.interrupted_by) {
    const bool finished = o.exit_code == kPass || o.exit_code == kMiss;
    std::fprintf(stderr, "monsim: interrupted by %s: %s\n", signal_name(o.interrupted_by).c_str(),
                 finished ? ("the run had finished; its results are in " + rd.dir().string()).c_str()
                          : ("nothing written; " + rd.dir().string() + " is as it was").c_str());
    return 128 + o.interrupted_by;
  }
  if (o.signal) {
    std::fprintf(stderr, "monsim: the run of %s crashed (%s); nothing written\n", s.name.c_str(),
                 signal_name(o.signal).c_str());
    return kInternal;
  }
  if (o.exit_code == kRunWriteFailed) {  // the run said why (the errno); nothing was put in place
    std::fprintf(stderr, "monsim: nothing written; %s is as it was\n", rd.dir().c_str());
    return kInternal;
  }
  return o.exit_code;
}

int cmd_run(int argc, char** argv) {
  po::options_description opts("monsim run SCENARIO.yaml: run one scenario and write its results directory");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "seed", po::value<std::string>(), "root seed (overrides the file)")(
      "out", po::value<std::string>(),
      "exactly this run directory: new, empty, or an earlier run's (default: a new one in results/<name>/)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override (repeatable)")(
      "client-logic", po::value<std::string>(), "linux-2.6.34 | linux-4.10 | linux-6.1 | linux-source | linux-4.10-seed | linux-2.6.34-seed")(
      "quiet,q", "do not print the kernel log lines")(
      "max-trace", po::value<std::string>(), "stop (exit 2, nothing written) if the trace grows past SIZE (default 4GiB)")(
      "trace", po::value<std::string>(), "full (default) | events (no per-tick lines) | off: what trace.jsonl holds")(
      "plot", "draw the plots into the run directory's plots/ (scripts/plot.py)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("run: which scenario?");
  Scenario s;
  if (!load(vm["scenario"].as<std::string>(), overrides(vm), &s)) return kUsage;
  RunOptions ro;
  ro.quiet = vm.count("quiet") > 0;
  std::string why;
  if (vm.count("max-trace") && !parse_size(vm["max-trace"].as<std::string>(), &ro.max_trace_bytes, &why))
    return usage("--max-trace: " + why);
  if (!trace_level(vm, &ro.trace, &why)) return usage(why);
  InterruptGuard guard;  // from before the run directory exists until it is cleaned up
  Place place;
  if (!open_place(place, s, vm.count("out") ? vm["out"].as<std::string>() : "", "results", &why)) return refuse(why);
  rc = close_place(place, run_one(s, place.rd, ro));
  if (vm.count("plot") && (rc == kPass || rc == kMiss) && plot_run(place.rd.dir().string()) != 0) return kInternal;
  return rc;
}

int cmd_validate(int argc, char** argv) {
  po::options_description opts("monsim validate SCENARIO.yaml...: check scenarios without running them");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(), "scenario files");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", -1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("validate: which scenarios?");
  bool ok = true;
  for (const auto& f : vm["scenario"].as<std::vector<std::string>>()) {
    Scenario s;
    if (load(f, {}, &s)) std::printf("%s: ok (%s)\n", f.c_str(), s.name.c_str());
    else ok = false;
  }
  return ok ? kPass : kUsage;
}

// ---------------------------------------------------------------------------- check

struct CheckOptions {
  std::vector<std::string> files, sets;
  std::string junit, baselines, parent;
  std::string against;  // a real run's directory (monsim import): the `real:` comparisons
  std::filesystem::path real_dir;  // its run directory (a scenario folder's latest run)
  json real;                       // its summary.json, read once before anything runs
  bool update = false;
  bool verbose = false;  // each run's header (model line) and last line too
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
  const json fresh = make_baseline(s, summary);
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
    worst = std::max(worst, kInternal);
  } else {
    std::printf("baseline written: %s\n", bfile.c_str());
  }
}

// Expectations and the baseline of one finished run, then its one verdict line: each miss
// once under it, and the command that reruns a failing scenario.
void judge(const CheckOptions& o, const Scenario& s, const json& summary, const fs::path& dir, CaseResult& c,
           int& worst) {
  c.misses = check_expectations(s, summary);
  const std::size_t comparisons = static_cast<std::size_t>(
      std::count_if(s.expect.begin(), s.expect.end(), [](const Expectation& x) { return x.against(); }));
  if (!o.against.empty() && comparisons) {
    const fs::path& real_dir = o.real_dir;
    const json& real = o.real;
    {
      std::string other;
      const bool own_schedule = reality_run_of(s, real, &other);
      if (!own_schedule && !other.empty())
        std::printf("note: %s is a monsim reality run of %s on another schedule (%s): compared by the real: paths\n",
                    real_dir.c_str(), s.name.c_str(), other.c_str());
      if (own_schedule) {  // "does monsim agree with this kernel?": the comparisons say
        std::printf("note: against a monsim reality run of %s: its %zu comparisons are judged, not its expectations "
                    "(those are for its own settings)\n", s.name.c_str(), comparisons);
        c.misses.clear();
      }
      for (auto& m : check_against(s, summary, real, real_dir.string())) c.misses.push_back(m);
      // Every comparison, passing or not: what a user checking a kernel wants to see.
      std::printf("%s against %s:\n%s", s.name.c_str(), real_dir.c_str(),
                  format_comparisons(compare_with_real(s, summary, real)).c_str());
    }
  } else if (comparisons) {
    std::printf("note: %s has %zu comparisons with a real run (real:): not judged without --against DIR\n",
                s.name.c_str(), comparisons);
  }
  if (!expectations_judged(s, summary))
    std::printf("note: %s's expectations are for seed %llu; this run's seed %llu: not judged\n", s.name.c_str(),
                static_cast<unsigned long long>(*s.expect_for_seed), static_cast<unsigned long long>(s.seed));
  if (!o.baselines.empty()) {
    const fs::path bfile = fs::path(o.baselines) / (s.name + ".json");
    if (o.update) {
      update_baseline(s, summary, bfile, worst);
    } else {
      std::ifstream in(bfile);
      const json b = json::parse(in, nullptr, false);
      if (!in.is_open() || b.is_discarded())
        c.misses.push_back({"(baseline)", "a baseline file", "none (run with --update-baselines)", bfile.string()});
      else
        for (auto& m : compare_baseline(b, summary, bfile.string())) c.misses.push_back(m);
    }
  }
  std::printf("%s\n", verdict_line(s.name, summary, c.misses.empty(), dir.string()).c_str());
  for (const auto& m : c.misses)
    std::printf("  MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                m.actual.c_str());
  if (!c.misses.empty()) {
    std::printf("  rerun: %s\n", c.rerun.c_str());
    worst = std::max(worst, kMiss);
  }
  std::fflush(stdout);
}

// One scenario of `check`: run it, judge it. Returns 128+N if interrupted (stop everything).
int check_one(const CheckOptions& o, const Case& k, CaseResult& c, int& worst) {
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
    worst = std::max(worst, kUsage);
    return 0;
  }
  RunOptions ro;
  ro.quiet = true;
  ro.header = o.verbose;
  ro.verdict = false;  // printed by judge(), once the baseline is known too
  ro.trace = o.trace;
  c.exit_code = close_place(place, run_one(s, place.rd, ro));
  c.seconds = wall.seconds();
  const fs::path dir = place.rd.dir();
  if (c.exit_code > 128) return c.exit_code;
  if (c.exit_code != kPass && c.exit_code != kMiss) {
    c.error = "the run failed with exit " + std::to_string(c.exit_code);
    std::printf("%s: error: %s (its messages are above)\n", s.name.c_str(), c.error.c_str());
    worst = std::max(worst, c.exit_code == kUsage ? kUsage : kInternal);
    return 0;
  }
  json summary;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &summary, &why) ||
      !summary.is_object() || !summary.contains("run") || !summary["run"].is_object()) {
    c.error = "no summary.json in " + dir.string();
    std::printf("%s: error: %s\n", s.name.c_str(), c.error.c_str());
    worst = std::max(worst, kInternal);
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

// The JUnit report and the counts line of a finished check; its exit status.
int report_check(const CheckOptions& o, const std::vector<CaseResult>& results, int worst) {
  int passed = 0, failed = 0, errors = 0;
  for (const auto& c : results) {
    (c.error.empty() && c.misses.empty() ? passed : failed)++;
    if (!c.error.empty()) ++errors;
  }
  std::string why;
  if (!o.junit.empty() && !write_file_atomically(o.junit, junit_xml(results, host_name()), &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    worst = std::max(worst, kInternal);
  }
  // The same counts as the JUnit report: failed = its failures + its errors.
  if (errors) std::printf("check: %d passed, %d failed (%d of them errors)\n", passed, failed, errors);
  else std::printf("check: %d passed, %d failed\n", passed, failed);
  return worst;
}

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
      "out", po::value<std::string>(), "where the scenarios' folders are (default results): PARENT/<name>/<time>-seed<N>/")(
      "verbose,v", "each run's header (seed, model) and last line (trace hash, speed) too")(
      "trace", po::value<std::string>(), "full (default) | events (no per-tick lines) | off: what trace.jsonl holds");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", -1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("check: which scenarios?");
  CheckOptions o;
  o.files = vm["scenario"].as<std::vector<std::string>>();
  o.sets = overrides(vm);
  o.update = vm.count("update-baselines") > 0;
  o.verbose = vm.count("verbose") > 0;
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
  int worst = kPass;
  for (const auto& k : cases) {
    CaseResult c;
    c.file = k.file;
    if (!k.valid) {
      c.name = fs::path(k.file).stem().string();
      c.timestamp = utc_timestamp();
      c.error = k.problems.empty() ? "invalid scenario (exit 2)" : k.problems;
      c.exit_code = kUsage;
      worst = std::max(worst, kUsage);
    } else if (const int stop = check_one(o, k, c, worst)) {
      return stop;  // interrupted: no report
    }
    results.push_back(c);
  }
  return report_check(o, results, worst);
}

// ---------------------------------------------------------------------------- sweep

// "A..B" or "N": the seeds, A <= B.
bool parse_seeds(const std::string& text, std::uint64_t* first, std::uint64_t* last) {
  const auto dots = text.find("..");
  auto number = [](const std::string& t, std::uint64_t* x) {
    if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos || t.size() > 20) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), *x);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  if (dots == std::string::npos) return number(text, first) && number(text, last);
  return number(text.substr(0, dots), first) && number(text.substr(dots + 2), last) && *first <= *last;
}

// "key=v1,v2,...": the key and its values (split at the commas outside brackets and quotes).
bool parse_vary(const std::string& text, std::string* key, std::vector<std::string>* values, std::string* why) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    *why = "--vary '" + text + "': expected key.path=v1,v2,...";
    return false;
  }
  *key = text.substr(0, eq);
  // Each value is a cell of sweep.csv and a key of sweep.json: one line of text.
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    *why = "--vary '" + *key + "=…': a line break or another control character in it: a value is one line of text";
    return false;
  }
  if (*key == "seed") {
    *why = "--vary seed: give the seeds with --seeds A..B";
    return false;
  }
  // Split at the commas outside brackets and quotes: a value may be a YAML list or map
  // (network.links=[],[{between: [client.*, mon.b], latency: 250ms}]).
  values->clear();
  std::string value;
  int depth = 0;
  char quote = 0;
  for (char c : text.substr(eq + 1) + ",") {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      if (value.empty()) {
        *why = "--vary '" + text + "': an empty value";
        return false;
      }
      values->push_back(value);
      value.clear();
      continue;
    }
    value += c;
  }
  if (values->size() > limits::kSweepValues) {
    *why = "--vary " + *key + ": more than " + std::to_string(limits::kSweepValues) + " values";
    return false;
  }
  return true;
}

// --jobs (default: the processors) and --shard K/N of a sweep or an exploration.
bool jobs_and_shard(const po::variables_map& vm, std::size_t* jobs, std::size_t* shard, std::size_t* shards,
                    std::string* why) {
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  *jobs = cores > 0 ? static_cast<std::size_t>(cores) : 1;
  if (vm.count("jobs")) {
    const std::string j = vm["jobs"].as<std::string>();
    if (j.empty() || j.size() > 4 || j.find_first_not_of("0123456789") != std::string::npos || std::stoul(j) < 1 ||
        std::stoul(j) > limits::kSweepJobs) {
      *why = "--jobs '" + j + "': a number from 1 to " + std::to_string(limits::kSweepJobs);
      return false;
    }
    *jobs = std::stoul(j);
  }
  if (vm.count("shard")) {
    const std::string t = vm["shard"].as<std::string>();
    const auto slash = t.find('/');
    std::uint64_t k = 0, n = 0;
    if (slash == std::string::npos || !parse_seeds(t.substr(0, slash), &k, &k) ||
        !parse_seeds(t.substr(slash + 1), &n, &n) || k < 1 || k > n || n > limits::kSweepRuns) {
      *why = "--shard '" + t + "': expected K/N with 1 <= K <= N";
      return false;
    }
    *shard = k;
    *shards = n;
  }
  return true;
}

int cmd_sweep(int argc, char** argv) {
  po::options_description opts(
      "monsim sweep SCENARIO.yaml --seeds A..B: run one scenario over many seeds and varied values");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "seeds", po::value<std::string>(), "the seeds: A..B (both included) or N")(
      "vary", po::value<std::vector<std::string>>()->composing(),
      "key.path=v1,v2,...: run every value (repeatable: every combination)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override for every run (repeatable)")(
      "client-logic", po::value<std::string>(), "linux-2.6.34 | linux-4.10 | linux-6.1 | linux-source | linux-4.10-seed | linux-2.6.34-seed")(
      "jobs,j", po::value<std::string>(), "runs at once (default: the number of processors)")(
      "shard", po::value<std::string>(), "K/N: only the K-th of N disjoint slices of the runs (1 <= K <= N)")(
      "out", po::value<std::string>(), "the sweep's directory: new, empty or an earlier sweep's "
                                       "(default results/<name>-sweep-<time>)")(
      "keep-runs", "keep every run's directory (default: only the failing ones')")(
      "trace", po::value<std::string>(), "full (default) | events | off: what each run's trace.jsonl holds");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("sweep: which scenario?");
  if (!vm.count("seeds")) return usage("sweep: which seeds? (--seeds A..B)");
  SweepPlan p;
  p.file = vm["scenario"].as<std::string>();
  if (!parse_seeds(vm["seeds"].as<std::string>(), &p.first_seed, &p.last_seed))
    return usage("--seeds '" + vm["seeds"].as<std::string>() +
                 "': expected A..B with A <= B, or N (seeds are whole numbers from 0 to 18446744073709551615)");
  if (vm.count("set")) p.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("client-logic")) p.sets.push_back("clients.logic=" + vm["client-logic"].as<std::string>());
  std::string why;
  std::vector<std::vector<std::string>> values;
  if (vm.count("vary"))
    for (const auto& v : vm["vary"].as<std::vector<std::string>>()) {
      std::string key;
      std::vector<std::string> vals;
      if (!parse_vary(v, &key, &vals, &why)) return usage(why);
      if (std::find(p.keys.begin(), p.keys.end(), key) != p.keys.end()) return usage("--vary " + key + ": given twice");
      p.keys.push_back(key);
      values.push_back(vals);
    }
  // Every combination, the first key slowest.
  p.combos = {{}};
  for (const auto& vals : values) {
    std::vector<std::vector<std::string>> next;
    for (const auto& c : p.combos)
      for (const auto& v : vals) {
        next.push_back(c);
        next.back().push_back(v);
      }
    p.combos = std::move(next);
  }
  const long double total = static_cast<long double>(p.combos.size()) *
                            (static_cast<long double>(p.last_seed) - static_cast<long double>(p.first_seed) + 1);
  if (total > static_cast<long double>(limits::kSweepRuns))
    return usage("sweep: " + std::to_string(static_cast<unsigned long long>(total)) + " runs, more than " +
                 std::to_string(limits::kSweepRuns) + ": shard it (--shard K/N) or narrow it");
  if (!jobs_and_shard(vm, &p.jobs, &p.shard, &p.shards, &why)) return usage(why);
  p.keep_runs = vm.count("keep-runs") > 0;
  p.run.quiet = true;
  p.run.header = false;
  p.run.verdict = false;
  if (!trace_level(vm, &p.run.trace, &why)) return usage(why);
  // Parse and validate every combination once, before anything runs.
  for (const auto& combo : p.combos) {
    std::vector<std::string> sets = p.sets;
    for (std::size_t k = 0; k < p.keys.size(); ++k) sets.push_back(p.keys[k] + "=" + combo[k]);
    Scenario s;
    if (!load(p.file, sets, &s)) return kUsage;
    p.scenarios.push_back(std::move(s));
  }
  p.out = vm.count("out") ? vm["out"].as<std::string>()
                          : "results/" + p.scenarios.front().name + "-sweep-" + utc_run_stamp();
  if (!may_write_sweep_dir(p.out, &why)) return refuse(why);
  return run_sweep(p);
}

int cmd_merge(int argc, char** argv) {
  po::options_description opts("monsim merge SWEEP_DIR... --out DIR: join the shards of a sweep into one table");
  opts.add_options()("help,h", "this help")("dirs", po::value<std::vector<std::string>>(), "the shards' directories")(
      "out", po::value<std::string>(), "where the joined sweep.csv and sweep.json go (new, empty or a sweep's)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "dirs", -1, vm, &rc)) return rc;
  if (!vm.count("dirs")) return usage("merge: which sweep directories?");
  if (!vm.count("out")) return usage("merge: where to? (--out DIR)");
  return merge_sweeps(vm["dirs"].as<std::vector<std::string>>(), vm["out"].as<std::string>());
}

// "a,b,,c" -> {"a", "b", "", "c"}: an option's comma-separated values.
std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    out.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

int cmd_diff(int argc, char** argv) {
  po::options_description opts(
      "monsim diff RUN_A RUN_B: the first event where two runs' traces differ, with the shared events before it\n"
      "and each side's after it (exit 0 identical, 1 they differ, 2 a run cannot be read)");
  opts.add_options()("help,h", "this help")("runs", po::value<std::vector<std::string>>(),
                                            "two run directories (or scenario folders: their latest runs)")(
      "before", po::value<int>()->default_value(3), "shared events shown before the divergence (0..1000)")(
      "after", po::value<int>()->default_value(5), "events of each side shown from the divergence on (1..1000)")(
      "ignore", po::value<std::string>(), "fields left out of the comparison, comma-separated (jiffies,stamp_nsec)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "runs", 2, vm, &rc)) return rc;
  if (!vm.count("runs") || vm["runs"].as<std::vector<std::string>>().size() != 2) return usage("diff: which two runs?");
  TraceDiffOptions o;
  o.before = vm["before"].as<int>();
  o.after = vm["after"].as<int>();
  if (vm.count("ignore"))
    for (auto& field : comma_list(vm["ignore"].as<std::string>()))
      if (!field.empty()) o.ignore.push_back(std::move(field));
  if (o.before < 0 || o.before > 1000 || o.after < 1 || o.after > 1000)
    return usage("diff: --before is 0..1000 and --after 1..1000");
  const auto& runs = vm["runs"].as<std::vector<std::string>>();
  const TraceDiff d = diff_runs(runs[0], runs[1], o);
  if (d.exit_code == kUsage) {
    std::fprintf(stderr, "monsim: diff: %s\n", d.why.c_str());
    return kUsage;
  }
  std::fputs(d.report.c_str(), stdout);
  return d.exit_code;
}

int cmd_explore(int argc, char** argv) {
  po::options_description opts(
      "monsim explore BASE.yaml --runs N: random fault schedules on the base's cluster, clients and workload, with\n"
      "the invariant checkers; the first run to break each property shrunk to a minimal scenario (exit 0: nothing\n"
      "broke; 3: a breach was found and written)");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the base scenario (its faults and expectations are replaced)")(
      "runs", po::value<std::string>(), "how many schedules to draw (1..1000000)")(
      "seed", po::value<std::string>(), "run i uses seed S + i (default 1)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override for every run (repeatable)")(
      "client-logic", po::value<std::string>(), "linux-2.6.34 | linux-4.10 | linux-6.1 | linux-source | linux-4.10-seed | linux-2.6.34-seed")(
      "max-faults", po::value<std::string>(), "at most this many faults a run (1..50, default 6)")(
      "kinds", po::value<std::string>(), "only these fault kinds, comma-separated (default: every kind explore draws)")(
      "shrink-runs", po::value<std::string>(), "runs the shrinker may spend on one property (1..100000, default 400)")(
      "jobs,j", po::value<std::string>(), "runs at once (default: the number of processors)")(
      "shard", po::value<std::string>(), "K/N: only the K-th of N disjoint slices of the runs (1 <= K <= N)")(
      "out", po::value<std::string>(), "the exploration's directory: new, empty or an earlier exploration's "
                                       "(default results/<name>-explore-<time>)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("explore: which base scenario?");
  if (!vm.count("runs")) return usage("explore: how many runs? (--runs N)");
  ExplorePlan p;
  p.file = vm["scenario"].as<std::string>();
  std::uint64_t n = 0;
  auto number = [&](const char* key, std::uint64_t lo, std::uint64_t hi, std::uint64_t* x) {
    const std::string t = vm[key].as<std::string>();
    return parse_seeds(t, x, x) && *x >= lo && *x <= hi;
  };
  if (!number("runs", 1, limits::kSweepRuns, &p.runs)) return usage("--runs: a number from 1 to " + std::to_string(limits::kSweepRuns));
  if (vm.count("seed") && !number("seed", 0, UINT64_MAX - limits::kSweepRuns, &p.seed)) return usage("--seed: a number");
  if (vm.count("max-faults")) {
    if (!number("max-faults", 1, 50, &n)) return usage("--max-faults: a number from 1 to 50");
    p.max_faults = static_cast<int>(n);
  }
  if (vm.count("shrink-runs")) {
    if (!number("shrink-runs", 1, 100000, &n)) return usage("--shrink-runs: a number from 1 to 100000");
    p.shrink_budget = static_cast<int>(n);
  }
  if (vm.count("kinds")) {
    std::vector<std::string> names;
    for (const auto& d : draw_kinds()) names.push_back(d.kind);
    for (const auto& k : comma_list(vm["kinds"].as<std::string>())) {
      if (std::find(names.begin(), names.end(), k) == names.end()) {
        const std::string hint = closest(k, names);
        return usage("--kinds: explore draws no '" + k + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      }
      p.kinds.push_back(k);
    }
  }
  if (vm.count("set")) p.sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("client-logic")) p.sets.push_back("clients.logic=" + vm["client-logic"].as<std::string>());
  std::string why;
  if (!jobs_and_shard(vm, &p.jobs, &p.shard, &p.shards, &why)) return usage(why);
  if (!load(p.file, p.sets, &p.base)) return kUsage;
  p.run.quiet = true;
  p.run.header = false;
  p.run.verdict = false;
  p.out = vm.count("out") ? vm["out"].as<std::string>() : "results/" + p.base.name + "-explore-" + utc_run_stamp();
  if (!may_write_explore_dir(p.out, &why)) return refuse(why);
  return run_explore(p);
}

int cmd_import(int argc, char** argv) {
  po::options_description opts(
      "monsim import KERNEL_LOG --out DIR: a real client's kernel log (dmesg with libceph's lines and the dynamic\n"
      "debug of net/ceph/mon_client.c) as a run directory: trace.jsonl, summary.json, sessions.csv, dmesg.txt");
  opts.add_options()("help,h", "this help")("log", po::value<std::string>(), "the kernel log")(
      "faults", po::value<std::string>(), "the host's fault log (FAULT lines), on the guest's clock by the MARK lines")(
      "scenario", po::value<std::string>(), "the scenario the real run followed (its monitors' names)")(
      "out", po::value<std::string>(), "the run directory: new, empty, or an earlier import's or run's");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "log", 1, vm, &rc)) return rc;
  if (!vm.count("log")) return usage("import: which kernel log?");
  if (!vm.count("out")) return usage("import: where to? (--out DIR)");
  const std::string log_file = vm["log"].as<std::string>();
  std::string log_text, faults_text, why;
  if (!read_log_file(log_file, "a kernel log", &log_text, &why)) return refuse(log_file + ": " + why);
  if (vm.count("faults") && !read_log_file(vm["faults"].as<std::string>(), "a fault log", &faults_text, &why))
    return refuse(vm["faults"].as<std::string>() + ": " + why);
  std::vector<std::string> monitors = {"mon.a", "mon.b", "mon.c"};
  std::string name = "imported";
  if (vm.count("scenario")) {
    Scenario s;
    if (!load(vm["scenario"].as<std::string>(), {}, &s)) return kUsage;
    monitors = s.monitor_names();
    name = s.name;
  }
  ImportSource src;
  src.log_file = log_file;
  src.log_text = std::move(log_text);
  if (vm.count("faults")) src.faults_file = vm["faults"].as<std::string>();
  src.faults_text = std::move(faults_text);
  src.monitors = monitors;
  src.scenario = name;
  return write_imported_run(src, vm["out"].as<std::string>());
}

int cmd_reality(int argc, char** argv) {
  po::options_description opts(
      "monsim reality SCENARIO.yaml: the scenario's faults applied to real ceph-mon processes and a real kernel client\n"
      "(a qemu guest) in a network namespace of the run's own, and the guest's kernel log imported as a run directory.\n"
      "Needs root and Debian's packages (installed when missing); takes the scenario's duration plus a few minutes");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value: override a scenario key")(
      "kernel", po::value<std::string>(), "the guest's kernel (a vmlinuz; default: Debian's linux-image-amd64)")(
      "modules", po::value<std::string>(), "its modules (a lib/modules/VERSION directory), with --kernel")(
      "out", po::value<std::string>(), "the run directory (default results/NAME-reality-STAMP)")(
      "work", po::value<std::string>()->default_value("/var/tmp/monsim-reality"), "the kernel cache and each run's lab")(
      "accel", po::value<std::string>()->default_value("auto"), "auto (KVM when it boots the guest, else TCG), kvm, tcg")(
      "plan-only", "print what would be done, and what the scenario says that a real lab does not take; run nothing")(
      "skip-unsupported", "leave out the faults no lab can apply (they are listed) instead of refusing")(
      "no-install", "do not install missing packages");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("reality: which scenario?");
  if (vm.count("kernel") != vm.count("modules")) return usage("reality: --kernel and --modules go together");
  const std::string accel = vm["accel"].as<std::string>();
  if (accel != "auto" && accel != "kvm" && accel != "tcg") return usage("reality: --accel is auto, kvm or tcg");
  RealityRun r;
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (!load(vm["scenario"].as<std::string>(), sets, &r.scenario)) return kUsage;
  r.plan = plan_reality(r.scenario, vm.count("skip-unsupported") > 0);
  for (const auto& n : r.plan.notes) std::fprintf(stderr, "monsim: reality: not from the scenario: %s\n", n.c_str());
  for (const auto& p : r.plan.problems) std::fprintf(stderr, "%s\n", p.c_str());
  if (!r.plan.problems.empty())
    return refuse("reality: the scenario asks for what a real lab cannot do (--skip-unsupported leaves such faults out)");
  if (vm.count("plan-only")) {
    std::fputs(reality_plan_text(r.plan).c_str(), stdout);
    return kPass;
  }
  if (::geteuid() != 0) return refuse("reality: needs root (a network namespace, a tap, iptables, qemu); --plan-only shows the plan");
  r.out = vm.count("out") ? vm["out"].as<std::string>() : "results/" + r.scenario.name + "-reality-" + utc_run_stamp();
  std::string why;
  if (!may_write_run_dir(normalise_out_path(r.out), &why)) return refuse(why);
  for (const char* path : {"kernel", "modules"})
    if (vm.count(path) && !fs::exists(vm[path].as<std::string>()))
      return refuse("reality: --" + std::string(path) + " " + vm[path].as<std::string>() + ": no such file or directory");
  if (vm.count("kernel")) {
    r.kernel = fs::absolute(vm["kernel"].as<std::string>()).string();
    r.modules = fs::absolute(vm["modules"].as<std::string>()).string();
  }
  r.work = vm["work"].as<std::string>();
  if (!secure_root_dir(r.work, &why)) return refuse("reality: --work: " + why);
  r.accel = accel;
  r.no_install = vm.count("no-install") > 0;
  return run_reality(r);
}

// Every argument reaches a JSON file or a report somewhere (a path in summary.json, a --set
// value in scenario.yaml, a --vary value in sweep.json): each must be UTF-8 text.
bool arguments_utf8(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::size_t bad = 0;
    if (valid_utf8(argv[i], &bad)) continue;
    std::string shown;
    for (const char* c = argv[i]; *c && shown.size() < 60; ++c)
      shown += static_cast<unsigned char>(*c) < 0x80 && *c >= 0x20 ? std::string(1, *c) : "?";
    std::fprintf(stderr,
                 "monsim: argument %d ('%s') is not UTF-8 text (byte %zu): monsim writes its arguments into JSON "
                 "and reports; give it in UTF-8\n", i, shown.c_str(), bad + 1);
    return false;
  }
  return true;
}

int dispatch(int argc, char** argv) {
  if (argc < 2) return usage("");
  if (!arguments_utf8(argc, argv)) return kUsage;
  const std::string cmd = argv[1];
  for (const auto& [name, what] : kCommands)
    if (cmd == name) g_command = name;
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs("monsim: a deterministic failure simulator for the Ceph monitor client\n\ncommands:\n", stdout);
    for (const auto& [name, what] : kCommands) std::printf("  %-9s %s\n", name.c_str(), what.c_str());
    std::printf("\n%s", kUsageText);
    return kPass;
  }
  if (cmd == "--version" || cmd == "version") {
    std::printf("monsim %s (%s)\n", MONSIM_VERSION, MONSIM_GIT_DESCRIBE);
    const std::string source = client_logic_source("linux-source");
    std::printf("linux-source: %s\n", source.empty() ? "not built (no kernel tree at configure time)" : source.c_str());
    // The seeds' logics only where they were built (../shared/seeds at configure time).
    for (const char* seed_logic : {"linux-4.10-seed", "linux-2.6.34-seed"})
      if (const std::string seed = client_logic_source(seed_logic); !seed.empty())
        std::printf("%s: %s\n", seed_logic, seed.c_str());
    return kPass;
  }
  if (cmd == "run") return cmd_run(argc - 1, argv + 1);
  if (cmd == "check") return cmd_check(argc - 1, argv + 1);
  if (cmd == "validate") return cmd_validate(argc - 1, argv + 1);
  if (cmd == "sweep") return cmd_sweep(argc - 1, argv + 1);
  if (cmd == "merge") return cmd_merge(argc - 1, argv + 1);
  if (cmd == "diff") return cmd_diff(argc - 1, argv + 1);
  if (cmd == "explore") return cmd_explore(argc - 1, argv + 1);
  if (cmd == "import") return cmd_import(argc - 1, argv + 1);
  if (cmd == "reality") return cmd_reality(argc - 1, argv + 1);
  std::vector<std::string> names;
  for (const auto& [name, what] : kCommands) names.push_back(name);
  const std::string hint = closest(cmd, names);
  return usage("unknown command '" + cmd + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
}

}  // namespace

int main(int argc, char** argv) {
  owner_umask();  // what monsim writes stays readable and writable by its user (file_out.h)
  try {
    return dispatch(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monsim: internal error: %s\n", e.what());
    return kInternal;
  }
}
