// Running one scenario in this process: the header (seed first), the kernel log lines as
// dmesg, the run, its results directory (written atomically), expectations, the last line.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/expect.h"
#include "sim/scenario.h"

namespace monsim::sim {

struct RunOptions {
  std::string out_dir;  // default results/<name>
  bool quiet = false;   // no dmesg lines
};

struct RunOutcome {
  int exit_code = 0;  // 0 pass, 1 an expectation missed, 3 results could not be written
  std::string trace_hash;
  nlohmann::ordered_json summary;
  std::vector<Miss> misses;
  double wall_seconds = 0;
};

// Creates the SimGrid engine: once per process.
RunOutcome run_scenario(const Scenario& s, const RunOptions& opts);

}  // namespace monsim::sim
