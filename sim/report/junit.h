// The JUnit report of `monsim check --junit FILE`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/report/expect.h"

namespace monsim::sim {

// An invariant breach no expectation names: "session_regained at 161.873s client.0: …", and
// the trace line at which it was found.
struct CaseBreach {
  std::string headline, found_at;
};

struct CaseResult {
  std::string classname = "monsim.scenarios";  // check's; monsim.sweep.NAME, monsim.explore.NAME
  std::string name, file;
  double seconds = 0;
  int exit_code = 0;       // of the run itself (2, 3 are errors, not failures; 4 a breach)
  std::string error;       // when the scenario could not run (an invalid one: its diagnostics)
  std::vector<CaseBreach> breaches;  // the first of each property (a failure, JUnit type "breach")
  std::uint64_t breaches_total = 0;  // of every property, every instance
  std::vector<Miss> misses;          // expectations, comparisons, the baseline (type "expectation")
  std::string failure_headline;      // the message's start ("" : "N expectation(s) missed")
  std::string skip_reason;  // the expectations are for another seed: nothing was judged but breaches
  bool skipped = false;     // ... and nothing failed: <skipped>, not a pass
  std::vector<std::string> notes;  // what the console said about the judging ("note: …")
  std::string timestamp;   // UTC, when it started
  // The run's identity, as <properties>: seed, logic, trace hash, and the command that reruns it.
  std::string seed, logic, trace_hash, rerun;
  std::string system_out;  // the clients' kernel log (dmesg.txt), bounded

  bool failed() const { return error.empty() && (!breaches.empty() || !misses.empty()); }
};

// gethostname(), for the reports' <testsuite hostname>.
std::string host_name();

// JUnit XML, one <testsuite> per scenario (so that each carries its own <properties>,
// timestamp and hostname: junit-10.xsd allows properties on suites only), its one
// <testcase> holding the failure or error and the kernel log as <system-out>.
std::string junit_xml(const std::vector<CaseResult>& cases, const std::string& hostname);

}  // namespace monsim::sim
