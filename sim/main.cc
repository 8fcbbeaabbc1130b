// The `monsim` command (DESIGN.md §7).
//
//   monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L]
//   monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines]
//   monsim validate SCENARIO.yaml...
//
// Exit codes: 0 pass; 1 an expectation or baseline missed; 2 usage or scenario error
// (nothing written); 3 an internal invariant broke.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/expect.h"
#include "sim/runner.h"
#include "sim/scenario_load.h"
#include "sim/wall_clock.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace monsim::sim;
using json = nlohmann::ordered_json;

namespace {

constexpr int kPass = 0, kMiss = 1, kUsage = 2, kInternal = 3;

const char* kUsageText =
    "usage: monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L] [--quiet]\n"
    "       monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines]\n"
    "       monsim validate SCENARIO.yaml...\n"
    "       monsim COMMAND --help\n";

int usage(const std::string& msg) {
  if (!msg.empty()) std::fprintf(stderr, "monsim: %s\n", msg.c_str());
  std::fputs(kUsageText, stderr);
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

// Load and validate; prints every problem.
bool load(const std::string& file, const std::vector<std::string>& sets, Scenario* s) {
  LoadResult r = load_scenario_file(file, sets, s);
  for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.c_str());
  return r.ok;
}

// Runs scripts/plot.py with Debian's python3 (the one that has matplotlib).
int plot_run(const std::string& dir) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/usr/bin/python3", "python3", MONSIM_SOURCE_DIR "/scripts/plot.py", dir.c_str(),
            static_cast<char*>(nullptr));
    std::perror("monsim: cannot run /usr/bin/python3");
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

bool parse(int argc, char** argv, po::options_description& opts, po::positional_options_description& pos,
           po::variables_map& vm, int* rc) {
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    *rc = usage(e.what());
    return false;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    *rc = kPass;
    return false;
  }
  return true;
}

int cmd_run(int argc, char** argv) {
  po::options_description opts("monsim run SCENARIO.yaml: run one scenario and write its results directory");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "seed", po::value<std::string>(), "root seed (overrides the file)")(
      "out", po::value<std::string>(), "run directory (default results/<name>)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override (repeatable)")(
      "client-logic", po::value<std::string>(), "linux-2.6.34 | linux-4.10")(
      "quiet,q", "do not print the kernel log lines")(
      "plot", "draw the plots into the run directory's plots/ (scripts/plot.py)");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, pos, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("run: which scenario?");
  Scenario s;
  if (!load(vm["scenario"].as<std::string>(), overrides(vm), &s)) return kUsage;
  RunOptions ro;
  if (vm.count("out")) ro.out_dir = vm["out"].as<std::string>();
  ro.quiet = vm.count("quiet") > 0;
  const RunOutcome outcome = run_scenario(s, ro);
  if (vm.count("plot") && outcome.exit_code != kInternal) {
    const int plot = plot_run(ro.out_dir.empty() ? "results/" + s.name : ro.out_dir);
    if (plot != 0) return kInternal;
  }
  return outcome.exit_code;
}

int cmd_validate(int argc, char** argv) {
  po::options_description opts("monsim validate SCENARIO.yaml...: check scenarios without running them");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(), "scenario files");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, pos, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("validate: which scenarios?");
  bool ok = true;
  for (const auto& f : vm["scenario"].as<std::vector<std::string>>()) {
    Scenario s;
    if (load(f, {}, &s)) std::printf("%s: ok (%s)\n", f.c_str(), s.name.c_str());
    else ok = false;
  }
  return ok ? kPass : kUsage;
}

bool write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

int cmd_check(int argc, char** argv) {
  po::options_description opts(
      "monsim check SCENARIO.yaml...: run scenarios, check expectations and baselines");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(), "scenario files")(
      "junit", po::value<std::string>(), "write JUnit XML here")(
      "baselines", po::value<std::string>(), "compare with DIR/<name>.json")(
      "update-baselines", "rewrite the baselines from these runs")(
      "seed", po::value<std::string>(), "root seed (overrides the files)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override (repeatable)")(
      "out", po::value<std::string>(), "parent directory of the run directories (default results)");
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, pos, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("check: which scenarios?");
  const bool update = vm.count("update-baselines") > 0;
  const std::string baselines = vm.count("baselines") ? vm["baselines"].as<std::string>() : "";
  if (update && baselines.empty()) return usage("check: --update-baselines needs --baselines DIR");
  const std::string parent = vm.count("out") ? vm["out"].as<std::string>() : "results";

  std::vector<CaseResult> cases;
  int worst = kPass;
  for (const auto& file : vm["scenario"].as<std::vector<std::string>>()) {
    CaseResult c;
    c.file = file;
    Scenario s;
    if (!load(file, overrides(vm), &s)) {
      c.name = fs::path(file).stem().string();
      c.error = "invalid scenario (exit 2)";
      c.exit_code = kUsage;
      cases.push_back(c);
      worst = std::max(worst, kUsage);
      continue;
    }
    c.name = s.name;
    const std::string dir = parent + "/" + s.name;
    WallTimer wall;
    std::fflush(stdout);
    const pid_t pid = ::fork();  // one SimGrid engine per process
    if (pid == 0) {
      RunOptions ro;
      ro.out_dir = dir;
      ro.quiet = true;
      const RunOutcome o = run_scenario(s, ro);
      std::fflush(stdout);
      ::_exit(o.exit_code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    c.seconds = wall.seconds();
    c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : kInternal;
    if (c.exit_code != kPass && c.exit_code != kMiss) {
      c.error = WIFEXITED(status) ? "the run failed with exit " + std::to_string(c.exit_code)
                                  : "the run crashed (signal " + std::to_string(WTERMSIG(status)) + ")";
      cases.push_back(c);
      worst = std::max(worst, kInternal);
      continue;
    }
    json summary;
    {
      std::ifstream in(dir + "/summary.json");
      summary = json::parse(in, nullptr, false);
    }
    if (summary.is_discarded()) {
      c.error = "no summary.json in " + dir;
      cases.push_back(c);
      worst = std::max(worst, kInternal);
      continue;
    }
    c.misses = check_expectations(s, summary);
    if (!baselines.empty()) {
      const std::string bfile = baselines + "/" + s.name + ".json";
      if (update) {
        fs::create_directories(baselines);
        if (!write_atomically(bfile, make_baseline(s, summary).dump(2) + "\n")) {
          std::fprintf(stderr, "monsim: cannot write %s\n", bfile.c_str());
          worst = std::max(worst, kInternal);
        } else {
          std::printf("baseline written: %s\n", bfile.c_str());
        }
      } else {
        std::ifstream in(bfile);
        const json b = json::parse(in, nullptr, false);
        if (!in.is_open() || b.is_discarded()) {
          c.misses.push_back({"(baseline)", "a baseline file", "none (run with --update-baselines)", bfile});
        } else {
          for (auto& m : compare_baseline(b, summary, bfile)) c.misses.push_back(m);
        }
      }
    }
    for (const auto& m : c.misses)
      std::printf("MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                  m.actual.c_str());
    if (!c.misses.empty()) worst = std::max(worst, kMiss);
    cases.push_back(c);
  }
  int passed = 0, failed = 0;
  for (const auto& c : cases) (c.error.empty() && c.misses.empty() ? passed : failed)++;
  if (vm.count("junit") && !write_atomically(vm["junit"].as<std::string>(), junit_xml(cases))) {
    std::fprintf(stderr, "monsim: cannot write %s\n", vm["junit"].as<std::string>().c_str());
    worst = std::max(worst, kInternal);
  }
  std::printf("check: %d passed, %d failed\n", passed, failed);
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage("");
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsageText, stdout);
    return kPass;
  }
  if (cmd == "run") return cmd_run(argc - 1, argv + 1);
  if (cmd == "check") return cmd_check(argc - 1, argv + 1);
  if (cmd == "validate") return cmd_validate(argc - 1, argv + 1);
  return usage("unknown command '" + cmd + "'");
}
