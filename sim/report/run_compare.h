// What `monsim diff` says before the traces: how the two runs' resolved scenarios differ
// (scenario.yaml, every default spelled out: a `--set hunt_interval=4s` shows), and their
// summaries' scalar metrics side by side where they differ.
#pragma once

#include <filesystem>
#include <string>

namespace monsim::sim {

// "scenario: identical" or "scenario: N lines differ" with the lines ("- A's", "+ B's"), at
// most `max_lines` of them. Each scenario.yaml is read under the scenario file bound.
std::string scenario_difference(const std::filesystem::path& a, const std::filesystem::path& b,
                                std::size_t max_lines = 40);

// "metrics: identical" or "metrics: N differ" with "  METRIC: A -> B (B - A)", at most
// `max_lines`; the run section (identity, speed) left out.
std::string metric_difference(const std::filesystem::path& a, const std::filesystem::path& b,
                              std::size_t max_lines = 40);

}  // namespace monsim::sim
