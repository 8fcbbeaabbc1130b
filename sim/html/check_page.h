// `monsim check`'s index page: each scenario it ran, its verdict, what failed (breaches,
// misses, errors), the command that reruns it, and a link to its run's report.html.
#pragma once

#include <string>
#include <vector>

#include "sim/report/junit.h"

namespace monsim::sim::html {

struct CheckCase {
  const CaseResult* result = nullptr;
  std::string report;  // its run's report.html relative to the index ("" when it did not run)
};

// `counts` is the console's last line ("check: 3 passed, 1 failed").
std::string check_page(const std::vector<CheckCase>& cases, const std::string& counts);

}  // namespace monsim::sim::html
