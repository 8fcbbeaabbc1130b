#include "sim/report/baseline.h"

#include <cmath>
#include <string>
#include <vector>

#include "sim/report/expect.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

json make_baseline(const Scenario& s, const json& summary) {
  std::vector<std::string> keys;
  for (const auto& x : s.expect) keys.push_back(x.metric);
  for (const char* k : {"sessions.established", "hunts.count", "hunts.max_duration", "hunts.total_duration",
                        "keepalive_timeouts.count", "requests.count", "requests.lost", "requests.resent",
                        "requests.latency.p50", "requests.latency.p90", "requests.latency.p99"})
    keys.push_back(k);
  const json* hunts = lookup_metric(summary, "hunts.count");
  if (hunts && hunts->is_number_unsigned())
    for (std::size_t i = 0; i < hunts->get<std::size_t>() && i < 8; ++i)
      keys.push_back("hunts." + std::to_string(i) + ".pick_intervals");
  json b;
  b["scenario"] = s.name;
  b["seed"] = s.seed;
  json metrics = json::object();
  for (const auto& k : keys) {
    if (metrics.contains(k)) continue;
    const json* v = lookup_metric(summary, k);
    metrics[k] = v ? *v : json(nullptr);
  }
  b["metrics"] = metrics;
  return b;
}

std::vector<Miss> compare_baseline(const json& baseline, const json& summary, const std::string& file) {
  std::vector<Miss> misses;
  if (!baseline.contains("metrics")) return {{"(baseline)", "a metrics object", "none", file}};
  // A baseline holds for the seed it was made with: another seed's run is another draw, and
  // comparing it would report the draw as a regression (issue 16).
  const json* run_seed = lookup_metric(summary, "run.seed");
  if (baseline.contains("seed") && run_seed && *run_seed != baseline["seed"])
    return {{"(baseline)", "a run with seed " + baseline["seed"].dump() + " (the seed the baseline was made with)",
             "seed " + run_seed->dump() + ": not compared; make a baseline for it, or sweep the seeds", file}};
  for (const auto& [key, want] : baseline["metrics"].items()) {
    const json* got = lookup_metric(summary, key);
    const json actual = got ? *got : json(nullptr);
    const double tol = is_count(key) ? 0 : 0.001;
    bool ok;
    if (want.is_array() && actual.is_array()) {
      ok = want.size() == actual.size();
      for (std::size_t i = 0; ok && i < want.size(); ++i)
        ok = want[i].is_number() && actual[i].is_number() &&
             std::fabs(want[i].get<double>() - actual[i].get<double>()) <= tol + 1e-9;
    } else if (want.is_number() && actual.is_number()) {
      ok = std::fabs(want.get<double>() - actual.get<double>()) <= tol + 1e-9;
    } else {
      ok = want == actual;
    }
    if (!ok) misses.push_back({key, "baseline " + show_value(want) + (tol ? " ± 1ms" : ""), show_value(actual), file});
  }
  return misses;
}

}  // namespace monsim::sim
