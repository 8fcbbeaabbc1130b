// Every workload op, described once: its YAML name, the keys it reads, what it calls in the
// kernel. The loader and the dump spell ops from this table, and the table in
// scenarios/README.md is checked against it (tests/sim/scenario). Its behaviour is the
// world's (sim/world/world.cc, and the logic's in sim/world/client_logic.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct WorkloadOpSpec {
  const char* key;   // `op:` in a workload item
  WorkloadItem::Op op;
  const char* keys;  // the keys it reads, as the scenarios README shows them
  const char* does;  // what it does (the kernel call)
  bool in_2634;      // linux-2.6.34 has it
};

// In the order the scenarios README lists them.
const std::vector<WorkloadOpSpec>& workload_ops();
const WorkloadOpSpec& workload_op(WorkloadItem::Op op);
std::vector<std::string> workload_op_keys();
// The README's table rows, one per op: | `key` | keys | does |
std::string workload_ops_markdown();
// The monitor requests a workload call makes (statfs, get_version, command); wait_osdmap
// waits for a map instead.
bool is_request_kind(std::string_view kind);

}  // namespace monsim::sim
