#include "sim/report/baseline.h"

#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "sim/report/expect.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

json make_baseline(const Scenario& s, const json& summary, const json& previous) {
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
  if (previous.is_object() && previous.contains("tolerances")) b["tolerances"] = previous["tolerances"];  // the user's
  return b;
}

namespace {

// Metrics where more is better: calls completed, and a mount's result (0 over an error's
// negative errno). For the rest less is (durations, latencies, hunts, sessions established —
// each one after the first a reconnect —, timeouts, losses, resends, errors).
bool more_is_better(const std::string& key) {
  static const std::regex better(R"((^|\.)completed$|(^|\.)mount\.result$)");
  return std::regex_search(key, better);
}

// How far a value may move, and which way: "both" (default), "no-worse" (by the metric's
// sense: more_is_better()), "no-higher", "no-lower".
struct Rule {
  double tolerance;
  std::string direction = "both";
};

// The baseline's rule for `key` ("tolerances": {"METRIC": {...}, "*": {...}}), else the
// default (exact for counts, 1 ms for times); `why` when the rule is not one.
Rule rule_for(const json& baseline, const std::string& key, std::string* why) {
  Rule r{is_count(key) ? 0.0 : 0.001};
  if (!baseline.contains("tolerances") || !baseline["tolerances"].is_object()) return r;
  const json& all = baseline["tolerances"];
  const json& one = all.contains(key) ? all[key] : all.contains("*") ? all["*"] : json(nullptr);
  if (one.is_null()) return r;
  if (!one.is_object()) {
    *why = "tolerances." + key + ": an object {tolerance: SECONDS_OR_COUNT, direction: both|no-worse|no-higher|no-lower}";
    return r;
  }
  if (one.contains("tolerance")) {
    if (one["tolerance"].is_number() && one["tolerance"].get<double>() >= 0) r.tolerance = one["tolerance"].get<double>();
    else *why = "tolerances." + key + ".tolerance: a number of at least 0";
  }
  if (one.contains("direction")) {
    const std::string d = one["direction"].is_string() ? one["direction"].get<std::string>() : "";
    if (d == "both" || d == "no-higher" || d == "no-lower") r.direction = d;
    else if (d == "no-worse") r.direction = more_is_better(key) ? "no-lower" : "no-higher";
    else *why = "tolerances." + key + ".direction: both, no-worse, no-higher or no-lower";
  }
  return r;
}

bool within(double want, double got, const Rule& r) {
  const double up = got - want;
  if (r.direction == "no-higher") return up <= r.tolerance + 1e-9;
  if (r.direction == "no-lower") return -up <= r.tolerance + 1e-9;
  return std::fabs(up) <= r.tolerance + 1e-9;
}

std::string show_rule(const Rule& r, const std::string& key) {
  const std::string amount = is_count(key) ? show_value(json(r.tolerance)) : show_value(json(r.tolerance)) + "s";
  if (r.direction == "no-higher") return " or less" + (r.tolerance > 0 ? " (+" + amount + ")" : std::string());
  if (r.direction == "no-lower") return " or more" + (r.tolerance > 0 ? " (-" + amount + ")" : std::string());
  if (r.tolerance == 0) return "";
  return r.tolerance == 0.001 && !is_count(key) ? " ± 1ms" : " ± " + amount;
}

}  // namespace

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
    std::string why;
    const Rule rule = rule_for(baseline, key, &why);
    if (!why.empty()) misses.push_back({"(baseline)", "a tolerance rule", why, file});
    bool ok;
    if (want.is_array() && actual.is_array()) {
      ok = want.size() == actual.size();
      for (std::size_t i = 0; ok && i < want.size(); ++i)
        ok = want[i].is_number() && actual[i].is_number() && within(want[i].get<double>(), actual[i].get<double>(), rule);
    } else if (want.is_number() && actual.is_number()) {
      ok = within(want.get<double>(), actual.get<double>(), rule);
    } else {
      ok = want == actual;
    }
    if (!ok) misses.push_back({key, "baseline " + show_value(want) + show_rule(rule, key), show_value(actual), file});
  }
  return misses;
}

}  // namespace monsim::sim
