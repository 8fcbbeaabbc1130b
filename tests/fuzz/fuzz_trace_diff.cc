// Fuzzes `monsim diff`'s reading of two traces (sim/report/trace_diff.h): the input is trace A,
// a line "--- B ---", trace B. Properties: it never crashes (no deep recursion on a nested
// line, no exception on text that is not UTF-8), it answers 0, 1 or 2 (2 with a reason), and
// what it prints is bounded by the lines it shows, not by the traces.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/report/trace_diff.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace monsim::sim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string cut = "\n--- B ---\n";
  const auto at = text.find(cut);
  const std::string a = at == std::string::npos ? text : text.substr(0, at);
  const std::string b = at == std::string::npos ? "" : text.substr(at + cut.size());
  for (const bool ignoring : {false, true}) {
    TraceDiffOptions o;
    if (ignoring) o.ignore = {"jiffies", "stamp_nsec"};
    const TraceDiff d = diff_trace_texts(a, b, o);
    if (d.exit_code < 0 || d.exit_code > 2 || (d.exit_code == 2 && d.why.empty())) {
      std::fprintf(stderr, "fuzz_trace_diff: exit %d, why '%s'\n", d.exit_code, d.why.c_str());
      std::abort();
    }
    // Each shown line is cut at 400 characters: (before + 2 x after + the headline's) lines.
    if (d.report.size() > 64 * 1024) {
      std::fprintf(stderr, "fuzz_trace_diff: a report of %zu bytes\n", d.report.size());
      std::abort();
    }
  }
  return 0;
}
