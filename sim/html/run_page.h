// A run directory's report.html: one page for a reviewer who opens a CI artifact — the
// verdict with each expectation and each breach, the plots (timeline, hunts' backoff,
// request latency), the sessions and requests (sortable), the kernel log, the resolved
// scenario, the command that reruns it, and links to the scenario's earlier runs and to the
// runs it was compared with. Made from the run's own files (read from `dir`, each bounded)
// and what the caller judged; pure otherwise.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace monsim::sim::html {

struct ExpectationRow {
  std::string metric, expected, got;
  std::string verdict;  // "pass" | "miss"
  std::string where;    // file:line:col
  std::string line;     // that line of the scenario file, as written ("" if unreadable)
};

struct BreachRow {
  std::string headline;  // property at instant node: detail
  std::string found_at;  // the trace line
};

struct RunReport {
  std::filesystem::path dir;  // the run's files, as written so far
  const nlohmann::ordered_json* summary = nullptr;
  std::string verdict;        // "pass" | "FAIL" | "not judged"
  std::string note;           // why not judged, when it is not
  std::vector<ExpectationRow> expectations;
  std::vector<BreachRow> breaches;
  std::uint64_t breaches_total = 0;
  std::string rerun;          // the shell command
  std::vector<std::pair<std::string, std::string>> history;   // href, text: earlier runs
  std::vector<std::pair<std::string, std::string>> compared;  // href, text: the other logics' runs
};

// The bounds of a page: what a storm's page shows of its tables, its log and its plots.
inline constexpr std::size_t kTableRows = 500;
inline constexpr std::size_t kLogLines = 2000;
inline constexpr std::size_t kLanes = 24;
inline constexpr std::size_t kPoints = 4000;

std::string run_page(const RunReport& r);

// The plots of a run (run_plots.cc), as inline SVG.
std::string timeline_svg(const std::filesystem::path& dir, const nlohmann::ordered_json& summary);
std::string backoff_svg(const nlohmann::ordered_json& summary);
std::string latency_svg(const std::filesystem::path& dir, const nlohmann::ordered_json& summary);

// The first `max_lines` lines of a text file, and a line saying how many more there are.
std::string text_head(const std::filesystem::path& file, std::size_t max_lines);

}  // namespace monsim::sim::html
