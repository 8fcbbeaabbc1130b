// `monsim reality`: a scenario as the steps a real lab can take (scripts/reality/driver.py
// takes them): real ceph-mon processes and one real client -- a kernel in a qemu guest, or
// librados in a network namespace of its own (clients.logic userspace-16.2) -- in a network
// namespace of the run's own.
//
// What can be done to real processes and packets, and how:
//   kill / revive        SIGKILL the monitor / start it again on its store
//   pause / resume       SIGSTOP / SIGCONT
//   poweroff / poweron   drop every packet to and from the monitor's address, SIGKILL it
//                        behind the filter (its resets never leave: the peers see silence) /
//                        lift the filter and start it again
//   partition / heal     a packet filter for each ordered pair of nodes in different groups
//   partition_oneway     the same, one direction
//   reset                the monitor's end of the guest's monitor socket aborted (ss -K): the
//                        guest gets a reset at once, through any partition (its rule lets
//                        that one packet by)
// What cannot (the reply rules delay/drop/corrupt/reject_auth, latency, monmap, clock steps) is refused before anything starts, with the fault's position, unless the caller
// chooses to leave it out (notes say what was left out). Settings a real lab does not take
// from a scenario (the client's logic, HZ and tunables, the network model, the workload) are
// listed as notes: they shape the simulated run the real one is compared with.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

// A real lab runs at most this many monitors (each a ceph-mon of ~100 MiB, on 192.0.2.1..N)
// for at most this long (a reality run takes its duration in real time).
inline constexpr std::size_t kRealityMonitors = 9;
inline constexpr nanos kRealityDuration = 3600 * NS_PER_S;

struct RealityStep {
  int id = 0;        // 1, 2, ... in time order; an undo names its fault's step as "@id"
  nanos at = 0;
  std::string kind;    // the fault's kind, as the scenario spells it
  bool undo = false;   // the end of a fault's `for`
  // kill..poweron: monitor names without "mon." ("a"), or "connected", or "@id" (the
  // monitors step id acted on: the undo of a fault on "connected"); reset: "client.0".
  std::vector<std::string> mons;
  // partition, partition_oneway, heal: the ordered (from, to) node pairs whose packets are
  // held ("client.0", "mon.a"), and the fault's groups as JSON (for the fault log, which
  // `monsim import` reads back).
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string groups_json;
};

struct RealityPlan {
  std::string name;
  nanos duration = 0;
  std::vector<std::string> monitors;  // "a", "b", ... by rank
  nanos election = 0;                 // mon_election_timeout
  nanos ticket_ttl = 0;               // auth_service_ticket_ttl
  std::vector<RealityStep> steps;
  // The real client: "kernel" (a qemu guest maps an RBD image) or "userspace" (librados 16.2,
  // python3-rados, in a network namespace of its own: clients.logic userspace-16.2), and
  // for the latter the scenario's Ceph options that differ from 16.2.15's defaults, in its
  // ceph.conf ("mon_client_ping_timeout", "20").
  std::string client = "kernel";
  std::vector<std::pair<std::string, std::string>> ceph_conf;
  std::vector<std::string> problems;  // "file:line:col: key: what" -- refused unless skipped
  std::vector<std::string> notes;     // what the real run does not take from the scenario
};

// `skip_unsupported`: faults no lab can apply become notes instead of problems.
RealityPlan plan_reality(const Scenario& s, bool skip_unsupported);

// The plan as the driver reads it: one directive per line ("monitors a b c", "step 1
// 40.000000000 pause do connected", "step 2 100.000000000 pause undo @1", "step 3
// 60.000000000 partition do client.0>mon.a,mon.a>client.0 [[...]]"; a userspace client adds
// "client userspace" and "ceph_conf NAME VALUE" lines); '#' starts a comment.
std::string reality_plan_text(const RealityPlan& p);

}  // namespace monsim::sim
