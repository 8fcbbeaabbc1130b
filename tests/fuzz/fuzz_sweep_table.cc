// Fuzzes what `monsim merge` reads of a shard (sim/report/sweep_table.h): a sweep.csv, or (an
// input starting with '{') a sweep.json's identity. Properties: neither reader crashes or
// throws; a table it accepts writes back to a CSV that reads to the same table and writes the
// same bytes (a merge gives the bytes an unsharded sweep gives), and its statistics dump as
// JSON with a finite number wherever a metric has values (NaN or 1e999 never get in).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/report/json_input.h"
#include "sim/report/sweep_table.h"

namespace {

void check_finite(const nlohmann::ordered_json& stats) {
  for (const auto& g : stats["groups"])
    for (const auto& [name, m] : g["metrics"].items())
      for (const char* k : {"min", "p50", "p90", "p99", "max", "mean"})
        if (!m[k].is_number() || !std::isfinite(m[k].get<double>())) {
          std::fprintf(stderr, "fuzz_sweep_table: %s.%s is %s\n", name.c_str(), k, m[k].dump().c_str());
          std::abort();
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace monsim::sim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text[0] == '{') {
    SweepIdentity id;
    std::string why;
    const auto j = parse_json(text);
    if (!j.is_discarded() && !parse_sweep_identity(j, &id, &why) && why.empty()) std::abort();
    return 0;
  }
  SweepTable t;
  std::string why;
  if (!parse_sweep_csv(text, &t, &why)) {
    if (why.empty()) {
      std::fprintf(stderr, "fuzz_sweep_table: refused without a reason\n");
      std::abort();
    }
    return 0;
  }
  const std::string csv = t.csv();
  SweepTable again;
  if (!parse_sweep_csv(csv, &again, &why) || again.csv() != csv) {
    std::fprintf(stderr, "fuzz_sweep_table: the table does not read back: %s\n%s\n", why.c_str(), csv.c_str());
    std::abort();
  }
  try {
    const auto stats = t.stats();
    (void)stats.dump(2);
    check_finite(stats);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "fuzz_sweep_table: the statistics do not dump: %s\n", ex.what());
    std::abort();
  }
  return 0;
}
