// Loading a scenario: YAML -> Scenario, validated before anything runs.
//
// Every problem is reported as `file:line:col: key.path: message` (for a `--set` override:
// `--set key.path=value: message`): unknown keys (with a "did you mean"), wrong types, bad
// units, impossible values, dangling names. Loading never throws and never writes anything.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.h"

namespace monsim::sim {

struct LoadResult {
  bool ok = false;
  std::vector<std::string> errors;  // in file order; the first is the one to show
};

// `sets` are "key.path=value" overrides applied before validation (value parsed as YAML).
LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& sets,
                              Scenario* out);
LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& sets, Scenario* out);

// The resolved scenario as YAML, every default spelled out (written to the run directory).
std::string dump_scenario(const Scenario& s);

// The metric names of SCENARIOS.md: is `path` one of them (after an optional clients.N.)?
bool is_known_metric(const std::string& path, std::string* suggestion);

// Edit distance, for "did you mean".
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace monsim::sim
