// Loading a scenario: YAML -> Scenario, validated before anything runs.
//
// Every problem is reported as `file:line:col: key.path: message` (for a `--set` override:
// `--set key.path=value: message`): unknown keys (with a "did you mean"), wrong types, bad
// units, impossible values, dangling names. Loading never throws and never writes anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct LoadResult {
  bool ok = false;
  std::vector<std::string> errors;  // in file order; the first is the one to show
  std::size_t more = 0;             // problems found beyond limits::kErrorsCollected
};

// `sets` are "key.path=value" overrides applied before validation (value parsed as YAML).
LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& sets,
                              Scenario* out);
LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& sets, Scenario* out);

// How many calls workload item `w` starts in a run of `duration` with `clients` clients.
std::uint64_t workload_calls(const WorkloadItem& w, nanos duration, int clients);

// The `addr` of a command ("192.0.2.200:0/1": IPv4, port, optional nonce).
struct CommandAddr {
  std::uint32_t ip = 0;
  std::uint16_t port = 0;
  std::uint32_t nonce = 0;
};
bool parse_command_addr(const std::string& text, CommandAddr* out);

// The resolved scenario as YAML, every default spelled out (written to the run directory).
std::string dump_scenario(const Scenario& s);

// The metric names of scenarios/README.md (dotted paths into summary.json): is `path` one
// of them (after an optional clients.N.)? If not, `suggestion` gets the nearest.
bool is_known_metric(const std::string& path, std::string* suggestion);

// The shapes of the metric names: N an index, KIND a workload call (statfs, get_version,
// command, wait_osdmap), MON a monitor's short name. `per_client` ones exist both at the top
// and under clients.N.; `cluster_wide` ones only at the top.
struct MetricShapes {
  // per_client: at the top (over every client) and under clients.C.; cluster_wide: at the
  // top only; client_only: under clients.C. only (the top has another shape there).
  std::vector<std::string> per_client, cluster_wide, client_only;
};
const MetricShapes& metric_shapes();

// Does `path` name clients and monitors the scenario has (clients.N., mons.X.)? "" if so,
// else why not (with the nearest monitor).
struct Names;
std::string metric_names_problem(const std::string& path, const Names& names);

// Edit distance, for "did you mean".
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace monsim::sim
