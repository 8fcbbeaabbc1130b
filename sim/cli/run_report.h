// A run's report.html (sim/html/run_page.h), written into its staged directory before the
// directory is put in place, so that the page is part of the run: listed in its marker, in
// place with the rest or not at all.
#pragma once

#include <string>

#include "sim/cli/runner.h"

namespace monsim::sim {

// Writes `run_dir`'s report.html from the files already written there and what the run
// judged. False and `why` (naming the errno) if it cannot be written.
bool write_run_report(const Scenario& s, const RunDir& run_dir, const RunOutcome& out, const RunOptions& opts,
                      std::string* why);

// The scenario's earlier runs beside `run` in its scenario folder, newest first (at most 20):
// links relative to the run's own directory, to their report.html where they have one.
std::vector<std::pair<std::string, std::string>> history_links(const std::filesystem::path& run);

}  // namespace monsim::sim
