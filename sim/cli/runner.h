// Running one scenario in this process: the header (seed first), the kernel log lines as
// dmesg, the run, its results directory (written atomically), expectations, the last line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/invariants.h"
#include "sim/engine/trace.h"
#include "sim/report/expect.h"
#include "sim/report/run_dir.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct RunOptions {
  bool quiet = false;  // no dmesg lines
  bool header = true;   // the seed, scenario and model lines first
  bool verdict = true;  // the MISS lines and the verdict line (check prints its own, after baselines)
  std::uint64_t max_trace_bytes = 0;  // 0: limits::kTraceBytes
  TraceWriter::Level trace = TraceWriter::Level::full;  // --trace
  bool html = true;                   // report.html in the run directory (--no-html: none)
  std::vector<std::string> sets;      // the --set overrides as given, for the page's rerun command
  std::vector<std::pair<std::string, std::string>> compared;  // the page's links to the runs it is compared with
};

// A run process's exit status when its results could not be written (a full disk, an I/O
// error: the message names the errno). Between a run process and the monsim that started it
// only: `run` and `check` report it as 3; a sweep or an exploration stops there and leaves
// the earlier result in its directory as it was, rather than put a table of failures in its
// place. (74 is sysexits' EX_IOERR.)
inline constexpr int kRunWriteFailed = 74;

struct RunOutcome {
  // 0 pass, 1 an expectation missed, 4 an invariant broke that no expectation names
  // (exit_codes.h), kRunWriteFailed the results could not be written
  int exit_code = 0;
  std::string trace_hash;
  nlohmann::ordered_json summary;
  std::vector<Miss> misses;
  std::vector<Breach> breaches;     // the first of each property (invariants.h)
  std::uint64_t unexpected_breaches = 0;  // of properties no expectation names
  double wall_seconds = 0;
};

// Runs `s` and writes its results into `dir` (prepared: see run_dir.h), then commits it.
// Creates the SimGrid engine: once per process (see supervise.h), and leaves it and the
// world to the process's exit. A run that outgrows what this machine can hold (its actors,
// its trace budget) ends the process with exit 2.
RunOutcome run_scenario(const Scenario& s, RunDir& dir, const RunOptions& opts);

// "NAME: pass; sessions 4, hunts 4 (longest 149.661s), … -> DIR": a run's verdict and figures.
// `verdict` is "pass", "FAIL" or "not judged".
std::string verdict_line(const std::string& name, const nlohmann::ordered_json& summary, const char* verdict,
                         const std::string& dir);

// The invariant properties the scenario's expectations name (`invariants.P.…`): a breach of
// one of them is what the scenario documents, judged by its expectation, not exit 4.
std::vector<std::string> expected_breaches(const Scenario& s);
// "BREACH session_regained at 161.873s client.0: …" and its trace line, for each breach kept.
std::string breach_lines(const std::vector<Breach>& breaches, std::uint64_t total);
// "session_regained at 161.873s client.0: …": one breach in a line.
std::string breach_headline(const Breach& b);
// The breaches a run's summary records of properties no expectation names: the first of each
// (instant, node, detail, the trace line where it was found); `total` counts every one.
std::vector<Breach> unexpected_breaches_in(const Scenario& s, const nlohmann::ordered_json& summary,
                                           std::uint64_t* total);

// The command that runs `s` again as it was run: "monsim run FILE --seed N [--set k=v]…".
std::string rerun_command(const Scenario& s, const std::vector<std::string>& sets);

// Problems that make `s` too big for this machine, found before running it: more standing
// actors than the process's memory mappings can hold. Each as "file:line:col: key: message".
std::vector<std::string> check_machine_limits(const Scenario& s);

}  // namespace monsim::sim
