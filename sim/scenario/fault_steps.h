// The scenario's fault timeline as it is applied: each fault, and the undo of each fault with
// `for:`, in the order World::Chaos fires them — by instant, then as listed (a fault, then its
// undo). The metrics match the trace's fault events to it (faults.N.…).
#pragma once

#include <cstddef>
#include <vector>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct FaultStep {
  nanos at = 0;
  std::size_t fault = 0;  // index into the scenario's `faults` (kept sorted by `at`)
  bool undo = false;
};

// Every step, those at or past the run's duration included (they never fire).
std::vector<FaultStep> fault_steps(const Scenario& s);

}  // namespace monsim::sim
