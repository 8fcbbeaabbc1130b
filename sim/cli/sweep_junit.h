// The JUnit reports of a sweep (`sweep --junit FILE`) and an exploration (`explore --junit
// FILE`), in the shape of check's (junit.h): a suite per combination of varied values with a
// testcase for its runs and one per `over: runs` expectation; a suite per invariant property.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/report/junit.h"
#include "sim/report/sweep_table.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

// A failing run of a sweep: its index, its rerun command, what it got wrong.
struct FailedRun {
  std::string rerun, reason;
  int exit_code = 0;
};

// One case per combination ("NAME [key=v, …]": its runs pass, or fail listing each failing
// run), then one per `over: runs` expectation of each combination.
std::vector<CaseResult> sweep_cases(const Scenario& s, const SweepTable& table,
                                    const std::map<std::size_t, FailedRun>& failed, const std::vector<Miss>& over_runs,
                                    const std::string& timestamp);

}  // namespace monsim::sim
