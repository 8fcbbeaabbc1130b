// The `monsim` command (DESIGN.md §7).
//
//   monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L]
//   monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines]
//   monsim validate SCENARIO.yaml...
//
// Exit codes: exit_codes.h (0 pass, 1 a miss, 2 usage, 3 monsim failed, 4 a breach, 128+N).
//
// Every run happens in a child process (supervise.h); this process checks the input and the
// destinations first, and cleans up after the child whatever becomes of it.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/report/file_out.h"
#include "sim/scenario/input_file.h"
#include "sim/report/kernel_log.h"
#include "sim/report/report_file.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader.h"
#include "sim/report/trace_diff.h"
#include "sim/cli/check.h"
#include "sim/cli/compare.h"
#include "sim/cli/command_line.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/explore.h"
#include "sim/cli/plot.h"
#include "sim/cli/prune.h"
#include "sim/cli/run_place.h"
#include "sim/cli/import_run.h"
#include "sim/cli/merge.h"
#include "sim/cli/reality.h"
#include "sim/scenario/logics.h"
#include "sim/scenario/fault_draw.h"
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

int cmd_run(int argc, char** argv) {
  po::options_description opts("monsim run SCENARIO.yaml: run one scenario and write its results directory");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "seed", po::value<std::string>(), "root seed (overrides the file)")(
      "out", po::value<std::string>(),
      "exactly this run directory: new, empty, or an earlier run's (default: a new one in results/<name>/)");
  add_override_options(opts, "key.path=value override (repeatable)");
  opts.add_options()("quiet,q", "do not print the kernel log lines")(
      "max-trace", po::value<std::string>(), "stop (exit 2, nothing written) if the trace grows past SIZE (default 4GiB)")(
      "trace", po::value<std::string>(), "full (default) | events (no per-tick lines) | off: what trace.jsonl holds")(
      "plot", "draw the plots into the run directory's plots/ (scripts/plot.py)")(
      "no-html", "no report.html in the run directory");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("run: which scenario?");
  Scenario s;
  if (!load(vm["scenario"].as<std::string>(), overrides(vm), &s)) return kUsage;
  RunOptions ro;
  ro.quiet = vm.count("quiet") > 0;
  ro.html = vm.count("no-html") == 0;
  ro.sets = overrides(vm);
  std::string why;
  if (vm.count("max-trace") && !parse_size(vm["max-trace"].as<std::string>(), &ro.max_trace_bytes, &why))
    return usage("--max-trace: " + why);
  if (!trace_level(vm, &ro.trace, &why)) return usage(why);
  InterruptGuard guard;  // from before the run directory exists until it is cleaned up
  Place place;
  if (!open_place(place, s, vm.count("out") ? vm["out"].as<std::string>() : "", "results", &why)) return refuse(why);
  rc = close_place(place, run_one(s, place.rd, ro));
  if (vm.count("plot") && run_finished(rc) && plot_run(place.rd.dir().string()) != 0) return kInternal;
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

// Every combination of the varied keys' values, the first key slowest.
std::vector<std::vector<std::string>> all_combinations(const std::vector<std::vector<std::string>>& values) {
  std::vector<std::vector<std::string>> combos = {{}};
  for (const auto& vals : values) {
    std::vector<std::vector<std::string>> next;
    for (const auto& c : combos)
      for (const auto& v : vals) {
        next.push_back(c);
        next.back().push_back(v);
      }
    combos = std::move(next);
  }
  return combos;
}

// The sweep's destinations, refused before anything runs: its directory and its JUnit report.
int sweep_destinations(const po::variables_map& vm, SweepPlan& p) {
  std::string why;
  p.out = vm.count("out") ? vm["out"].as<std::string>()
                          : "results/" + p.scenarios.front().name + "-sweep-" + utc_run_stamp();
  if (!may_write_sweep_dir(p.out, &why)) return refuse(why);
  if (vm.count("junit")) {
    p.junit = vm["junit"].as<std::string>();
    if (!may_write_report(p.junit, ReportKind::junit, "", &why)) return refuse(why);
  }
  return kPass;
}

int cmd_sweep(int argc, char** argv) {
  po::options_description opts(
      "monsim sweep SCENARIO.yaml --seeds A..B: run one scenario over many seeds and varied values");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "seeds", po::value<std::string>(), "the seeds: A..B (both included) or N")(
      "vary", po::value<std::vector<std::string>>()->composing(),
      "key.path=v1,v2,...: run every value (repeatable: every combination)");
  add_override_options(opts, "key.path=value override for every run (repeatable)");
  opts.add_options()(
      "jobs,j", po::value<std::string>(), "runs at once (default: the number of processors)")(
      "shard", po::value<std::string>(), "K/N: only the K-th of N disjoint slices of the runs (1 <= K <= N)")(
      "out", po::value<std::string>(), "the sweep's directory: new, empty or an earlier sweep's "
                                       "(default results/<name>-sweep-<time>)")(
      "keep-runs", "keep every run's directory (default: only the failing ones')")(
      "junit", po::value<std::string>(), "write JUnit XML here: a suite per combination, a testcase per over: runs gate")(
      "trace", po::value<std::string>(), "full (default) | events | off: what each run's trace.jsonl holds")(
      "no-html", "no report.html (neither the sweep's nor its kept runs')");
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
  p.sets = set_overrides(vm);
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
  p.combos = all_combinations(values);
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
  p.run.html = vm.count("no-html") == 0;
  if (!trace_level(vm, &p.run.trace, &why)) return usage(why);
  // Parse and validate every combination once, before anything runs.
  for (const auto& combo : p.combos) {
    std::vector<std::string> sets = p.sets;
    for (std::size_t k = 0; k < p.keys.size(); ++k) sets.push_back("--vary " + p.keys[k] + "=" + combo[k]);
    Scenario s;
    if (!load(p.file, sets, &s)) return kUsage;
    p.scenarios.push_back(std::move(s));
  }
  if (const int refused = sweep_destinations(vm, p)) return refused;
  return run_sweep(p);
}

int cmd_merge(int argc, char** argv) {
  po::options_description opts("monsim merge SWEEP_DIR... --out DIR: join the shards of a sweep into one table");
  opts.add_options()("help,h", "this help")("dirs", po::value<std::vector<std::string>>(), "the shards' directories")(
      "out", po::value<std::string>(), "where the joined sweep.csv and sweep.json go (new, empty or a sweep's)")(
      "no-html", "no report.html beside them");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "dirs", -1, vm, &rc)) return rc;
  if (!vm.count("dirs")) return usage("merge: which sweep directories?");
  if (!vm.count("out")) return usage("merge: where to? (--out DIR)");
  return merge_sweeps(vm["dirs"].as<std::vector<std::string>>(), vm["out"].as<std::string>(), vm.count("no-html") == 0);
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
      "broke; 4: a breach was found and written)");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the base scenario (its faults and expectations are replaced)")(
      "runs", po::value<std::string>(), "how many schedules to draw (1..1000000)")(
      "seed", po::value<std::string>(), "run i uses seed S + i (default 1)");
  add_override_options(opts, "key.path=value override for every run (repeatable)");
  opts.add_options()(
      "max-faults", po::value<std::string>(), "at most this many faults a run (1..50, default 6)")(
      "kinds", po::value<std::string>(), "only these fault kinds, comma-separated (default: every kind explore draws)")(
      "shrink-runs", po::value<std::string>(), "runs the shrinker may spend on one property (1..100000, default 400)")(
      "jobs,j", po::value<std::string>(), "runs at once (default: the number of processors)")(
      "shard", po::value<std::string>(), "K/N: only the K-th of N disjoint slices of the runs (1 <= K <= N)")(
      "out", po::value<std::string>(), "the exploration's directory: new, empty or an earlier exploration's "
                                       "(default results/<name>-explore-<time>)")(
      "junit", po::value<std::string>(), "write JUnit XML here: a testcase per invariant property")(
      "no-html", "no report.html (neither the exploration's nor its kept runs')");
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
  p.sets = set_overrides(vm);
  std::string why;
  if (!jobs_and_shard(vm, &p.jobs, &p.shard, &p.shards, &why)) return usage(why);
  if (!load(p.file, p.sets, &p.base)) return kUsage;
  p.run.quiet = true;
  p.run.header = false;
  p.run.verdict = false;
  p.run.html = vm.count("no-html") == 0;
  p.out = vm.count("out") ? vm["out"].as<std::string>() : "results/" + p.base.name + "-explore-" + utc_run_stamp();
  if (!may_write_explore_dir(p.out, &why)) return refuse(why);
  if (vm.count("junit")) {
    p.junit = vm["junit"].as<std::string>();
    if (!may_write_report(p.junit, ReportKind::junit, "", &why)) return refuse(why);
  }
  return run_explore(p);
}

int cmd_import(int argc, char** argv) {
  po::options_description opts(
      "monsim import CLIENT_LOG --out DIR: a real client's log -- a kernel's (dmesg with libceph's lines and the dynamic\n"
      "debug of net/ceph/mon_client.c) or librados' own (a Ceph log, debug_monc 10 or more) -- as a run directory:\n"
      "trace.jsonl, summary.json, sessions.csv, dmesg.txt");
  opts.add_options()("help,h", "this help")("log", po::value<std::string>(), "the client's log")(
      "faults", po::value<std::string>(), "the host's fault log (FAULT lines), on the guest's clock by the MARK lines")(
      "scenario", po::value<std::string>(), "the scenario the real run followed (its monitors' names)")(
      "out", po::value<std::string>(), "the run directory: new, empty, or an earlier import's or run's");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "log", 1, vm, &rc)) return rc;
  if (!vm.count("log")) return usage("import: which client log?");
  if (!vm.count("out")) return usage("import: where to? (--out DIR)");
  const std::string log_file = vm["log"].as<std::string>();
  std::string log_text, faults_text, why;
  if (!read_log_file(log_file, "a client log", &log_text, &why)) return refuse(log_file + ": " + why);
  if (vm.count("faults") && !read_log_file(vm["faults"].as<std::string>(), "a fault log", &faults_text, &why))
    return refuse(vm["faults"].as<std::string>() + ": " + why);
  std::vector<std::string> monitors = {"mon.a", "mon.b", "mon.c"};
  std::string name = "imported";
  Scenario s;
  if (vm.count("scenario")) {
    if (!load(vm["scenario"].as<std::string>(), {}, &s)) return kUsage;
    monitors = s.monitor_names();
    name = s.name;
  }
  ImportSource src;
  if (vm.count("scenario")) src.plan = &s;
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
      "monsim reality SCENARIO.yaml: the scenario's faults applied to real ceph-mon processes and a real client -- a\n"
      "kernel in a qemu guest, or librados (clients.logic userspace-16.2) in a namespace of its own -- in a network\n"
      "namespace of the run's own, and the client's log imported as a run directory. Needs root and Debian's packages\n"
      "(installed when missing); takes the scenario's duration plus a few minutes (librados: plus a minute)");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value: override a scenario key")(
      "client", po::value<std::string>(),
      "kernel or userspace (librados 16.2; --set clients.logic=userspace-16.2); default: the scenario's logic's")(
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
  const std::string client = vm.count("client") ? vm["client"].as<std::string>() : "";
  if (!client.empty() && client != "kernel" && client != "userspace") return usage("reality: --client is kernel or userspace");
  if (client == "userspace") sets.push_back(std::string("clients.logic=") + kUserspaceLogic);
  if (!load(vm["scenario"].as<std::string>(), sets, &r.scenario)) return kUsage;
  if (client == "kernel" && is_userspace_logic(r.scenario.clients.logic))
    return usage("reality: --client kernel, but the scenario's clients.logic is " + r.scenario.clients.logic +
                 " (--set clients.logic=linux-6.1)");
  if (is_userspace_logic(r.scenario.clients.logic) && (vm.count("kernel") || !vm["accel"].defaulted()))
    return usage("reality: --kernel, --modules and --accel are the qemu guest's; a librados client has none");
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
    if (cmd == name) set_command(name);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs("monsim: a deterministic failure simulator for the Ceph monitor client\n\ncommands:\n", stdout);
    for (const auto& [name, what] : kCommands) std::printf("  %-9s %s\n", name.c_str(), what.c_str());
    std::printf("\n%s\n%s", kUsageText, kExitCodesText);
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
  if (cmd == "compare") return cmd_compare(argc - 1, argv + 1);
  if (cmd == "plot") return cmd_plot(argc - 1, argv + 1);
  if (cmd == "prune") return cmd_prune(argc - 1, argv + 1);
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
