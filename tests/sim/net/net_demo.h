// A small built-in run of the network and the messenger: three echoing monitors, three
// clients that keep a connection and hop on faults, and a fixed fault timeline (kill, pause,
// partition, poweroff). It gives the determinism test a randomized
// workload of the network and messenger alone; it does not involve the MonClient ports.
#pragma once

#include <cstdint>
#include <string>

#include "sim/engine/sim_time.h"
#include "sim/engine/trace.h"

namespace monsim::sim {

struct NetDemoResult {
  std::string trace_hash;
  std::uint64_t lines = 0;
  std::uint64_t requests = 0, replies = 0, faults = 0, hops = 0;
  nanos end = 0;
};

// Builds its own engine: once per process.
NetDemoResult run_net_demo(std::uint64_t seed, TraceWriter& trace, nanos duration);

}  // namespace monsim::sim
