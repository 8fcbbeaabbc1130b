// The JUnit report of `monsim check --junit FILE`.
#pragma once

#include <string>
#include <vector>

#include "sim/report/expect.h"

namespace monsim::sim {

struct CaseResult {
  std::string name, file;
  double seconds = 0;
  int exit_code = 0;       // of the run itself (2, 3 are errors, not failures)
  std::string error;       // when the scenario could not run (an invalid one: its diagnostics)
  std::vector<Miss> misses;
  std::string timestamp;   // UTC, when it started
  // The run's identity, as <properties>: seed, logic, trace hash, and the command that reruns it.
  std::string seed, logic, trace_hash, rerun;
  std::string system_out;  // the clients' kernel log (dmesg.txt), bounded
};

// JUnit XML, one <testsuite> per scenario (so that each carries its own <properties>,
// timestamp and hostname: junit-10.xsd allows properties on suites only), its one
// <testcase> holding the failure or error and the kernel log as <system-out>.
std::string junit_xml(const std::vector<CaseResult>& cases, const std::string& hostname);

}  // namespace monsim::sim
