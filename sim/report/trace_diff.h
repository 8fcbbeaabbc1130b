// `monsim diff RUN_A RUN_B`: where two runs' traces part. The tool for "what did my change do
// to this scenario" (one scenario and seed, two builds) and for comparing two logics on the
// same faults (one scenario and seed, two `clients.logic`).
//
// The traces are streamed, a line of each at a time, with the input rules of input_file.h: a
// trace.jsonl must be a regular file, its lines at most limits::kTraceLine bytes (a longer one
// is not an event monsim wrote: exit 2, naming the file and line), each parsed as JSON under a
// nesting bound (json_input.h). Memory is bounded by the lines shown, whatever the traces hold.
#pragma once

#include <filesystem>
#include <string>
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

// The same comparison of two traces given as text (the fuzz harness's way in); the report has
// no identity lines.
TraceDiff diff_trace_texts(const std::string& a, const std::string& b, const TraceDiffOptions& opts);

}  // namespace monsim::sim
