// Baselines: a run's key metrics committed beside the scenarios (`check --baselines DIR`), and
// the drift of a later run from them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/expect.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

// The key metrics a baseline keeps: those the scenario expects, plus hunts, keepalive
// timeouts and request latency percentiles; the `tolerances` of the `previous` baseline (the
// user's) are kept as they are.
nlohmann::ordered_json make_baseline(const Scenario& s, const nlohmann::ordered_json& summary,
                                     const nlohmann::ordered_json& previous = nullptr);
// Drift beyond tolerance is a miss. By default counts compare exactly and times within 1 ms,
// both ways; the baseline's "tolerances" object sets, per metric (or "*" for the rest), a
// `tolerance` (seconds or a count) and a `direction`: both, no-worse (an improvement passes:
// lower for durations, latencies, hunts, sessions, timeouts, losses; higher for
// completed calls and a mount's result), no-higher, no-lower. A rule that is none of these is a miss that says so.
std::vector<Miss> compare_baseline(const nlohmann::ordered_json& baseline,
                                   const nlohmann::ordered_json& summary, const std::string& file);

}  // namespace monsim::sim
