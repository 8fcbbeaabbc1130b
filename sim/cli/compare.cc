#include "sim/cli/compare.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/cli/command_line.h"
#include "sim/cli/exit_codes.h"
#include "sim/cli/plot.h"
#include "sim/cli/run_place.h"
#include "sim/cli/supervise.h"
#include "sim/report/expect.h"
#include "sim/report/json_input.h"
#include "sim/report/staged_dir.h"

namespace monsim::sim {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// One logic's run of the scenario.
struct Column {
  std::string logic;
  Scenario scenario;
  fs::path dir;
  json summary;
};

// The rows of the table: the key metrics, then each fault's noticing and recovery.
std::vector<std::pair<std::string, std::string>> table_rows(const Scenario& s) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"sessions.established", "sessions established"},
      {"hunts.count", "hunts (the mount's too)"},
      {"hunts.max_duration", "longest hunt (s)"},
      {"reconnects.p50", "reconnect p50 (s)"},
      {"reconnects.max", "reconnect max (s)"},
      {"keepalive_timeouts.count", "keepalive timeouts"},
      {"unavailable.max", "without a usable session (s)"},
      {"requests.count", "requests"},
      {"requests.latency.p99", "request latency p99 (s)"},
      {"requests.lost", "requests lost"},
      {"invariants.breaches", "invariant breaches"}};
  for (std::size_t n = 0; n < s.faults.size(); ++n) {
    const std::string f = "faults." + std::to_string(n);
    rows.push_back({f + ".noticed_after", "faults[" + std::to_string(n) + "] noticed after (s)"});
    rows.push_back({f + ".recovered_after", "faults[" + std::to_string(n) + "] back after (s)"});
  }
  return rows;
}

// A value as the table shows it: numbers to 6 significant digits, "-" for none.
std::string cell(const json& summary, const std::string& metric) {
  const json* v = lookup_metric(summary, metric);
  if (!v || v->is_null()) return "-";
  return show_value(*v);
}

void print_table(const Scenario& s, const std::vector<Column>& cols) {
  std::size_t width = 8;
  const auto rows = table_rows(s);
  for (const auto& [metric, label] : rows) width = std::max(width, label.size());
  std::printf("%-*s", static_cast<int>(width), "");
  for (const auto& c : cols) std::printf("  %14s", c.logic.c_str());
  std::printf("\n");
  for (const auto& [metric, label] : rows) {
    std::printf("%-*s", static_cast<int>(width), label.c_str());
    for (const auto& c : cols) std::printf("  %14s", cell(c.summary, metric).c_str());
    std::printf("\n");
  }
  // "no hunt" rather than a reconnect of 0 s: a logic that never noticed the fault.
  for (const auto& c : cols)
    if (c.summary["reconnects"].value("count", 0) == 0 && !s.faults.empty())
      std::printf("note: %s never reconnected: it noticed none of the faults (no hunt after its mount)\n",
                  c.logic.c_str());
}

// Runs one logic's scenario into its scenario folder; its summary, or an exit status. Its page
// links to the other logics' runs: their folders' `latest`, which is theirs once compare ends.
int run_column(Column& c, const std::vector<Column>& cols, const fs::path& parent, const RunOptions& base) {
  Place place;
  std::string why;
  if (!open_place(place, c.scenario, "", parent, &why)) return refuse(why);
  RunOptions ro = base;
  ro.quiet = true;
  ro.header = false;
  ro.verdict = false;
  ro.sets.push_back("clients.logic=" + c.logic);
  for (const auto& other : cols)
    if (other.logic != c.logic)
      ro.compared.push_back({"../../" + other.scenario.name + "/latest/report.html", other.logic + ": " + other.scenario.name});
  const int rc = close_place(place, run_one(c.scenario, place.rd, ro));
  if (!run_finished(rc)) return rc;
  c.dir = place.rd.dir();
  if (!read_json_file(c.dir / "summary.json", kJsonFileBytes, "a summary.json", &c.summary, &why)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return kInternal;
  }
  std::printf("%s: %s\n", c.logic.c_str(), c.dir.c_str());
  return kPass;
}

}  // namespace

int cmd_compare(int argc, char** argv) {
  po::options_description opts(
      "monsim compare SCENARIO.yaml --client-logic A,B,...: the scenario once per client logic (same seed, same\n"
      "faults), its expectations not judged; a table of the key metrics, a column per logic, and the compare plots");
  opts.add_options()("help,h", "this help")("scenario", po::value<std::string>(), "the scenario file")(
      "client-logic", po::value<std::string>(), "the logics, comma-separated (linux-2.6.34,linux-4.10,linux-6.1, …)")(
      "seed", po::value<std::string>(), "root seed (overrides the file)")(
      "set", po::value<std::vector<std::string>>()->composing(), "key.path=value override (repeatable)")(
      "out", po::value<std::string>(), "where the scenario folders are (default results): PARENT/<name>-<logic>/")(
      "no-plot", "no plots (they need python3-matplotlib)")(
      "no-html", "no report.html in the runs");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "scenario", 1, vm, &rc)) return rc;
  if (!vm.count("scenario")) return usage("compare: which scenario?");
  if (!vm.count("client-logic")) return usage("compare: which logics? (--client-logic A,B,...)");
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) sets.push_back("seed=" + vm["seed"].as<std::string>());
  std::vector<Column> cols;
  for (const auto& logic : comma_list(vm["client-logic"].as<std::string>())) {
    if (logic.empty()) return usage("compare: --client-logic: an empty logic in the list");
    for (const auto& c : cols)
      if (c.logic == logic) return usage("compare: --client-logic: " + logic + " given twice");
    Column c{logic, {}, {}, {}};
    std::vector<std::string> mine = sets;
    mine.push_back("clients.logic=" + logic);
    // Each logic's runs in a folder of its own: one scenario file, several logics.
    if (!load(vm["scenario"].as<std::string>(), mine, &c.scenario)) return kUsage;
    c.scenario.name += "-" + logic;
    c.scenario.expect.clear();  // written for one logic: not judged here
    cols.push_back(std::move(c));
  }
  if (cols.size() > 8) return usage("compare: at most 8 logics");
  const fs::path parent = normalise_out_path(vm.count("out") ? vm["out"].as<std::string>() : "results");
  std::string why;
  for (const auto& c : cols)
    if (!ScenarioFolder::may_use(parent / c.scenario.name, c.scenario.name, c.scenario.file, &why)) return refuse(why);
  InterruptGuard guard;
  std::printf("compare %s (seed %llu): %zu logics, expectations not judged\n", vm["scenario"].as<std::string>().c_str(),
              static_cast<unsigned long long>(cols.front().scenario.seed), cols.size());
  RunOptions ro;
  ro.html = vm.count("no-html") == 0;
  ro.sets = sets;
  for (auto& c : cols)
    if (const int failed = run_column(c, cols, parent, ro)) return failed;
  print_table(cols.front().scenario, cols);
  if (vm.count("no-plot") || cols.size() < 2) return kPass;
  std::vector<std::string> dirs;
  for (const auto& c : cols) dirs.push_back(c.dir.string());
  return plot_dirs(dirs) == 0 ? kPass : kInternal;
}

}  // namespace monsim::sim
