// A sweep directory's report.html: which sweep it is, the CDF of each key metric (a line
// per combination of varied values), the per-combination quantiles (sortable), the sweep's
// own expectations over its runs, and the failing runs with the command that reruns each and
// a link to its kept run. `monsim merge` writes the same page for the merged table (its
// failing rows have no kept run there).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/expect.h"
#include "sim/report/sweep_table.h"

namespace monsim::sim::html {

struct SweepReport {
  std::filesystem::path dir;  // the sweep's directory as written so far (its runs/ are looked for)
  const SweepTable* table = nullptr;
  const nlohmann::ordered_json* stats = nullptr;      // sweep.json
  std::map<std::size_t, std::string> rerun;           // run index -> its rerun line (failing runs)
  std::vector<Miss> over_runs;                        // the sweep's own expectations that missed
  std::string title = "sweep";                        // "sweep" | "merge"
};

// The metrics each page plots as a CDF and tabulates, those a sweep has values of.
const std::vector<std::string>& sweep_key_metrics();

std::string sweep_page(const SweepReport& r);

// The CDF of `values` as the step points of a plot: (v_i, (i+1)/n) after sorting.
std::vector<std::pair<double, double>> cdf_points(std::vector<double> values);

}  // namespace monsim::sim::html
