// Fuzzes `monsim import`'s readers of a real client's log: a kernel's (sim/report/kernel_log.h)
// and librados' Ceph log (sim/report/ceph_log.h), each on every input. The input is a log,
// then optionally a line "--- faults ---" and the host's fault log. Properties:
// the reader never crashes or throws; when it reads the log, every trace line it makes is a
// JSON object (under the nesting bound) with "t", "node" and "event", in time order, and the
// metrics and summary made from them, as `monsim import` makes them, dump as JSON (UTF-8).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/report/ceph_log.h"
#include "sim/report/json_input.h"
#include "sim/report/kernel_log.h"
#include "sim/report/metrics.h"

namespace {

using Reader = bool (*)(const std::string&, const std::string&, const std::vector<std::string>&,
                        monsim::sim::ImportedRun*, std::string*);

void check_reader(Reader read, const std::string& log, const std::string& faults) {
  using namespace monsim::sim;
  const std::vector<std::string> mons = {"mon.a", "mon.b", "mon.c"};
  ImportedRun run;
  std::string why;
  if (!read(log, faults, mons, &run, &why)) {
    if (why.empty()) {
      std::fprintf(stderr, "fuzz_kernel_log: refused without a reason\n");
      std::abort();
    }
    return;
  }
  double last = -1e300;
  MetricsBuilder metrics(mons);
  for (const auto& line : run.trace) {
    const auto e = parse_json(line);
    if (!e.is_object() || !e.contains("t") || !e["t"].is_number() || !e.contains("node") || !e.contains("event")) {
      std::fprintf(stderr, "fuzz_kernel_log: not an event: %s\n", line.c_str());
      std::abort();
    }
    const double t = e["t"].get<double>();
    if (t < last) {
      std::fprintf(stderr, "fuzz_kernel_log: out of order at %s\n", line.c_str());
      std::abort();
    }
    last = t;
    metrics.add_json(line);
  }
  try {
    (void)metrics.summary().dump(2);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "fuzz_kernel_log: the summary does not dump: %s\n", ex.what());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace monsim::sim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string cut = "\n--- faults ---\n";
  const auto at = text.find(cut);
  const std::string log = at == std::string::npos ? text : text.substr(0, at);
  const std::string faults = at == std::string::npos ? "" : text.substr(at + cut.size());
  check_reader(import_kernel_log, log, faults);
  check_reader(import_ceph_log, log, faults);
  (void)is_ceph_log(log);
  return 0;
}
