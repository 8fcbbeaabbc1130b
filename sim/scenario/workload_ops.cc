#include "sim/scenario/workload_ops.h"

#include "client/kern/bug.h"

namespace monsim::sim {

const std::vector<WorkloadOpSpec>& workload_ops() {
  static const std::vector<WorkloadOpSpec> ops = {
      {"statfs", WorkloadItem::Op::statfs, "`at`/`from`, `every`, `until`",
       "`ceph_monc_do_statfs()`", true},
      {"get_version", WorkloadItem::Op::get_version, "`map: osdmap` \\| `monmap` \\| `mdsmap`",
       "`ceph_monc_get_version()`", false},
      {"command", WorkloadItem::Op::command, "`prefix`, `addr: \"ip:port/nonce\"`",
       "`ceph_monc_blacklist_add()` (linux-6.1: `ceph_monc_blocklist_add()`)", false},
      {"wait_osdmap", WorkloadItem::Op::wait_osdmap, "`epoch: next` or a number, `timeout` (0: forever)",
       "asks for the map, then `ceph_monc_wait_osdmap()`", false},
      {"interrupt", WorkloadItem::Op::interrupt, "`at`",
       "signals every blocked caller of the client (they return -ERESTARTSYS)", true},
  };
  return ops;
}

const WorkloadOpSpec& workload_op(WorkloadItem::Op op) {
  for (const auto& o : workload_ops())
    if (o.op == op) return o;
  MONSIM_BUG_ON(true);  // every WorkloadItem::Op has an entry (tests/sim/scenario checks it)
  return workload_ops().front();
}

std::vector<std::string> workload_op_keys() {
  std::vector<std::string> out;
  for (const auto& o : workload_ops()) out.push_back(o.key);
  return out;
}

std::string workload_ops_markdown() {
  std::string out;
  for (const auto& o : workload_ops()) out += std::string("| `") + o.key + "` | " + o.keys + " | " + o.does + " |\n";
  return out;
}

const char* workload_op_name(WorkloadItem::Op op) { return workload_op(op).key; }

bool is_request_kind(std::string_view kind) {
  return kind == "statfs" || kind == "get_version" || kind == "command";
}

}  // namespace monsim::sim
