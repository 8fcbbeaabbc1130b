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
// timeouts and request latency percentiles.
nlohmann::ordered_json make_baseline(const Scenario& s, const nlohmann::ordered_json& summary);
// Drift beyond tolerance (exact for counts, 1 ms for times) is a miss.
std::vector<Miss> compare_baseline(const nlohmann::ordered_json& baseline,
                                   const nlohmann::ordered_json& summary, const std::string& file);

}  // namespace monsim::sim
