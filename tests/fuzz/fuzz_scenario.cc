// Fuzzes the scenario loader. The input is a scenario file; lines "#--set key=value" in it are
// also passed as --set overrides. Properties: loading never crashes or throws (it returns
// errors), and a scenario that loads dumps to YAML that loads again and dumps to the same
// text — the resolved scenario.yaml of every run validates and reruns the same.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/scenario_load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace monsim::sim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> sets;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("#--set ", 0) == 0) sets.push_back(line.substr(7));
  Scenario s;
  const LoadResult r = load_scenario_text(text, "fuzz.yaml", sets, &s);
  if (!r.ok) {
    if (r.errors.empty()) {
      std::fprintf(stderr, "fuzz_scenario: refused without a reason\n");
      std::abort();
    }
    return 0;
  }
  const std::string dump = dump_scenario(s);
  Scenario again;
  const LoadResult r2 = load_scenario_text(dump, "dump.yaml", {}, &again);
  if (!r2.ok) {
    std::fprintf(stderr, "fuzz_scenario: the dump does not load:\n%s\n%s\n", r2.errors.front().c_str(), dump.c_str());
    std::abort();
  }
  const std::string dump2 = dump_scenario(again);
  if (dump2 != dump) {
    std::fprintf(stderr, "fuzz_scenario: the dump changes on reload:\n%s\n---\n%s\n", dump.c_str(), dump2.c_str());
    std::abort();
  }
  return 0;
}
