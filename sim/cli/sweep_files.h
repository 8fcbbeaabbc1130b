// What a sweep directory holds, written by `monsim sweep` and `monsim merge` alike:
// sweep.csv, sweep.json and, unless --no-html, report.html (sim/html/sweep_page.h).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/report/expect.h"
#include "sim/report/sweep_table.h"

namespace monsim::sim {

// Writes the table (its runs in index order) into `dir`, and the page with `page`: the
// failing runs' rerun lines by index (`rerun`; none for a merge, whose runs ran elsewhere)
// and the missed `over: runs` expectations. False and `why` (the errno) if a file cannot be
// written.
bool write_sweep_files(const std::filesystem::path& dir, const SweepTable& table, bool page,
                       const std::map<std::size_t, std::string>& rerun, const std::vector<Miss>& over_runs,
                       const char* title, std::string* why);

}  // namespace monsim::sim
