#include "sim/html/sweep_page.h"

#include <algorithm>
#include <cmath>

#include "sim/html/csv_rows.h"
#include "sim/html/html.h"
#include "sim/html/run_page.h"
#include "sim/html/svg.h"

namespace monsim::sim::html {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// "clients.tunables.hunt_interval=3s, seed…": a combination of varied values as its label.
std::string combo_label(const std::vector<std::string>& keys, const std::vector<std::string>& values) {
  if (keys.empty()) return "all runs";
  std::string l;
  for (std::size_t i = 0; i < keys.size(); ++i)
    l += (i ? ", " : "") + keys[i] + "=" + (i < values.size() ? values[i] : "");
  return l;
}

double metric_of(const SweepRun& r, const std::string& name) {
  for (const auto& [k, v] : r.metrics)
    if (k == name) return cell_number(v);
  return std::nan("");
}

std::string cdfs(const SweepTable& t) {
  std::vector<std::vector<std::string>> combos;
  for (const auto& r : t.runs)
    if (std::find(combos.begin(), combos.end(), r.values) == combos.end() && combos.size() < 10) combos.push_back(r.values);
  std::string out;
  for (const auto& metric : sweep_key_metrics()) {
    Chart c("CDF of " + metric + " over the runs", metric, "fraction of runs", 900, 220);
    c.y_range(0, 1);
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 0; i < combos.size(); ++i) {
      std::vector<double> xs;
      for (const auto& r : t.runs)
        if (r.values == combos[i])
          if (const double v = metric_of(r, metric); !std::isnan(v)) xs.push_back(v);
      for (double v : xs) lo = std::min(lo, v), hi = std::max(hi, v);
      const std::string label = combo_label(t.keys, combos[i]) + " (" + std::to_string(xs.size()) + " runs)";
      c.series(label, palette(i), Chart::Style::step, cdf_points(std::move(xs)));
    }
    const bool any = lo <= hi;
    const double pad = hi > lo ? (hi - lo) * 0.05 : std::max(1.0, std::abs(lo) * 0.1);
    if (any) c.x_range(std::max(0.0, lo - pad), hi + pad);
    if (any) out += c.svg();
  }
  return out.empty() ? "<p>No run has a value of the key metrics.</p>\n" : out;
}

std::string quantiles(const json& stats) {
  Table t;
  t.headers = {"combination", "metric", "runs", "failed", "n", "min", "p50", "p90", "p99", "max", "mean"};
  if (!stats.contains("groups") || !stats["groups"].is_array()) return "<p>none</p>\n";
  for (const auto& g : stats["groups"]) {
    std::string label;
    for (const auto& [k, v] : g["vary"].items())
      label += (label.empty() ? "" : ", ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
    if (label.empty()) label = "all runs";
    for (const auto& metric : sweep_key_metrics()) {
      if (!g["metrics"].contains(metric)) continue;
      const json& m = g["metrics"][metric];
      std::vector<std::string> row = {escape(label), "<code>" + escape(metric) + "</code>",
                                      number_cell(g.value("runs", 0.0)), number_cell(g.value("failed", 0.0))};
      for (const char* q : {"n", "min", "p50", "p90", "p99", "max", "mean"}) row.push_back(number_cell(m.value(q, 0.0)));
      t.rows.push_back(std::move(row));
    }
  }
  return t.html() + "<p>Every metric's quantiles: " + link("sweep.json", "sweep.json") + "; every run's row: " +
         link("sweep.csv", "sweep.csv") + ".</p>\n";
}

std::string failing(const SweepReport& r) {
  Table t;
  t.headers = {"run", "seed", "values", "exit", "kept run", "rerun"};
  std::size_t n = 0;
  for (const auto& run : r.table->runs) {
    if (run.exit_code == 0) continue;
    if (n++ >= kTableRows) continue;
    const std::string name = std::to_string(run.index) + "-seed" + std::to_string(run.seed);
    std::error_code ec;
    const bool kept = fs::is_regular_file(r.dir / "runs" / name / "report.html", ec);
    const auto line = r.rerun.find(run.index);
    t.rows.push_back({number_cell(static_cast<double>(run.index)), number_cell(static_cast<double>(run.seed)),
                      escape(combo_label(r.table->keys, run.values)), number_cell(run.exit_code),
                      kept ? link("runs/" + name + "/report.html", name) : "-",
                      line == r.rerun.end() ? "-" : "<code>" + escape(line->second) + "</code>"});
  }
  if (n == 0) return "<p>" + badge("pass") + " every run passed.</p>\n";
  if (n > kTableRows) t.more = "… and " + std::to_string(n - kTableRows) + " more failing runs in sweep.csv";
  return t.html();
}

std::string expectations(const std::vector<Miss>& misses) {
  if (misses.empty()) return "<p>None missed (or the scenario has none over runs).</p>\n";
  Table t;
  t.headers = {"expectation", "expected", "got", "where"};
  for (const auto& m : misses)
    t.rows.push_back({escape(m.metric), escape(m.expected), escape(m.actual) + " " + badge("miss"), escape(m.where)});
  return t.html();
}

}  // namespace

const std::vector<std::string>& sweep_key_metrics() {
  static const std::vector<std::string> names = {"hunts.max_duration", "reconnects.max", "unavailable.max",
                                                 "keepalive_timeouts.count", "requests.latency.p99"};
  return names;
}

std::vector<std::pair<double, double>> cdf_points(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::vector<std::pair<double, double>> xy;
  if (values.empty()) return xy;
  xy.push_back({values.front(), 0});
  for (std::size_t i = 0; i < values.size(); ++i) xy.push_back({values[i], (i + 1.0) / values.size()});
  return xy;
}

std::string sweep_page(const SweepReport& r) {
  const json& stats = *r.stats;
  const json id = stats.contains("sweep") ? stats["sweep"] : json::object();
  std::size_t failed = 0;
  for (const auto& run : r.table->runs) failed += run.exit_code != 0;
  Page p("monsim " + r.title + ": " + id.value("scenario", std::string("?")));
  p.lead("<p>" + badge(failed || !r.over_runs.empty() ? "FAIL" : "pass") + " " +
         std::to_string(r.table->runs.size()) + " runs, " + std::to_string(failed) + " failed; seeds " +
         escape(id.value("seeds", std::string("?"))) + ", shard " + escape(id.value("shard", std::string("1/1"))) +
         ", scenario hash " + escape(id.value("scenario_hash", std::string("?"))) +
         (id.value("complete", true) ? "" : ", <b>interrupted</b>: not every planned run finished") + "</p>\n");
  p.section("cdfs", "Distributions", cdfs(*r.table));
  p.section("quantiles", "Per combination", quantiles(stats));
  p.section("expectations", "Expectations over the runs", expectations(r.over_runs));
  p.section("failing", "Failing runs", failing(r));
  return p.str();
}

}  // namespace monsim::sim::html
