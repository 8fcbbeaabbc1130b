// A real client's log -- a kernel's (kernel_log.h) or librados' own (ceph_log.h), told apart
// by its lines -- written as a run directory (`monsim import`, and the end of `monsim
// reality`): trace.jsonl, summary.json, sessions.csv and dmesg.txt as a simulated run has
// them, plus any raw files the caller keeps beside them (the client's log, the fault log).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct ImportSource {
  std::string log_file, log_text;        // the kernel log (its name goes into summary.json)
  std::string faults_file, faults_text;  // the host's fault log, if any
  std::vector<std::string> monitors;     // "mon.a", ... by rank
  // The scenario the real run followed, and what made the log; a `monsim reality` run's fault
  // log says both ("monsim reality" and its plan's name), which then stand.
  std::string scenario = "imported";
  std::string source = "kernel log";
  std::vector<std::pair<std::string, std::string>> raw_files;  // name -> content, written as they are
  // The scenario whose faults the fault log applied (faults.N.… follow its numbering), if known.
  const Scenario* plan = nullptr;
};

// Reads the log and writes `out` atomically (RunDir's rule). Prints one line of figures.
// Returns the exit status: 0 written; 2 the log says nothing this importer reads, or `out`
// is refused; 3 the file system failed (nothing of the new run is left).
int write_imported_run(const ImportSource& src, const std::string& out);

}  // namespace monsim::sim
