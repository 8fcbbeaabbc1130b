#include "sim/scenario/fault_steps.h"

#include <algorithm>

namespace monsim::sim {

std::vector<FaultStep> fault_steps(const Scenario& s) {
  std::vector<FaultStep> steps;
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    steps.push_back({s.faults[i].at, i, false});
    if (s.faults[i].for_ > 0) steps.push_back({s.faults[i].at + s.faults[i].for_, i, true});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const FaultStep& a, const FaultStep& b) { return a.at < b.at; });
  return steps;
}

}  // namespace monsim::sim
