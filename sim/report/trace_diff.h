// `monsim diff RUN_A RUN_B`: where two runs' traces part. The tool for "what did my change do
// to this scenario" (one scenario and seed, two builds) and for comparing two logics on the
// same faults (one scenario and seed, two `clients.logic`).
#pragma once

#include <filesystem>
#include <string>
#include <vector>
#include <vector>

namespace monsim::sim {

struct TraceDiffOptions {
  int before = 3;  // shared events shown before the first divergent one
  int after = 5;   // events shown from each side from the divergent one on
  // Fields left out of the comparison ("jiffies", "stamp_nsec"): two logics that stamp or
  // count differently then part where they behave differently.
  std::vector<std::string> ignore;
};

struct TraceDiff {
  int exit_code = 0;   // 0 identical, 1 they differ, 2 one cannot be read (why says so)
  std::string report;  // what to print
  std::string why;
};

// `a` and `b`: run directories, or scenario folders (their latest run).
TraceDiff diff_runs(const std::filesystem::path& a, const std::filesystem::path& b, const TraceDiffOptions& opts);

}  // namespace monsim::sim
