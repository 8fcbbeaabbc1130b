#include "sim/cli/import_run.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "sim/cli/supervise.h"
#include "sim/report/ceph_log.h"
#include "sim/report/kernel_log.h"
#include "sim/report/metrics.h"
#include "sim/report/report_file.h"
#include "sim/report/run_dir.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

// summary.json's "run": where the log came from and what it says of its clocks and its TCP.
json run_section(const ImportSource& src, const ImportedRun& run) {
  json r;
  // A `monsim reality` run's fault log names the scenario it followed.
  r["scenario"] = run.reality_plan.empty() ? src.scenario : run.reality_plan;
  r["source"] = run.reality_plan.empty() ? src.source : "monsim reality";
  r["log"] = src.log_file;
  if (!src.faults_file.empty()) r["faults"] = src.faults_file;
  if (run.format == "ceph")
    r["client"] = "librados";  // Ceph's own log: no kernel
  else
    r["kernel"] = run.kernel;
  r["logic"] = "real";
  if (!run.reality_plan.empty()) {
    // What the real run did, to tell whether a scenario's schedule is the one it followed.
    json steps = json::array();
    for (const auto& line : run.trace) {
      const json e = json::parse(line, nullptr, false);
      if (e.is_object() && e.value("event", "") == "fault")
        steps.push_back(json::array({e["t"], e.value("kind", ""), e.value("undo", false)}));
    }
    r["plan"] = {{"name", run.reality_plan}, {"steps", run.reality_steps}, {"duration", run.reality_duration},
                 {"applied", steps}};
  }
  r["t0"] = run.t0;
  if (run.hz) r["hz"] = run.hz;
  if (run.uptime_at_t0 >= 0) r["uptime_at_t0"] = std::round(run.uptime_at_t0 * 1e6) / 1e6;
  if (run.tcp_srtt_us >= 0) {
    r["tcp_srtt_us"] = run.tcp_srtt_us;
    r["tcp_probes"] = run.tcp_probes;
  }
  if (run.timer_latency_us >= 0) r["timer_latency_us"] = run.timer_latency_us;
  r["host_offset"] = run.host_offset;
  r["lines_read"] = run.lines_read;
  r["lines_used"] = run.lines_used;
  r["clients"] = 1;
  r["monitors"] = src.monitors;
  return r;
}

}  // namespace

int write_imported_run(const ImportSource& src, const std::string& out) {
  ImportedRun run;
  std::string why;
  const bool ceph = is_ceph_log(src.log_text);
  if (!(ceph ? import_ceph_log : import_kernel_log)(src.log_text, src.faults_text, src.monitors, &run, &why)) {
    std::fprintf(stderr, "monsim: %s: %s\n", src.log_file.c_str(), why.c_str());
    return 2;
  }
  MetricsBuilder metrics(src.monitors);
  if (src.plan) metrics.plan_faults(*src.plan);
  std::string trace, dmesg;
  for (const auto& line : run.trace) {
    metrics.add_json(line);
    trace += line + "\n";
  }
  for (const auto& line : run.dmesg) dmesg += line + "\n";
  json summary = metrics.summary();
  summary.erase("requests");  // a kernel log has no workload: absent, not zero
  for (auto& [k, c] : summary["clients"].items()) c.erase("requests");
  summary["run"] = run_section(src, run);
  InterruptGuard guard;
  RunDir rd;
  std::vector<std::string> notes;
  if (!rd.prepare(normalise_out_path(out), &why, &notes)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return 2;
  }
  for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
  bool written = write_file_atomically(rd.file("trace.jsonl"), trace, &why) &&
                 write_file_atomically(rd.file("dmesg.txt"), dmesg, &why) &&
                 write_file_atomically(rd.file("summary.json"), summary.dump(2) + "\n", &why) &&
                 write_file_atomically(rd.file("sessions.csv"), metrics.sessions_csv(), &why);
  for (const auto& [name, content] : src.raw_files)
    written = written && write_file_atomically(rd.file(name), content, &why);
  if (!written || !rd.commit(&why)) {
    rd.discard();
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return 3;
  }
  std::printf("import %s: %s %s, %d of %d lines read; sessions %llu, hunts %llu, keepalive timeouts %llu -> %s\n",
              src.log_file.c_str(), ceph ? "librados" : "kernel", ceph ? "(Ceph log)" : run.kernel.empty() ? "?" : run.kernel.c_str(), run.lines_used, run.lines_read,
              summary["sessions"]["established"].get<unsigned long long>(), summary["hunts"]["count"].get<unsigned long long>(),
              summary["keepalive_timeouts"]["count"].get<unsigned long long>(), rd.dir().c_str());
  return 0;
}

}  // namespace monsim::sim
