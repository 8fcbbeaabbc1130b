// The userspace-16.2 logic as the world drives it: a librados client (client/userspace_16_2)
// in a process of its own (sim/userspace) on the client's host.
#pragma once

#include <memory>
#include <vector>

#include "client/userspace_16_2/options.h"
#include "sim/kernel/sim_kernel.h"
#include "sim/net/net.h"
#include "sim/scenario/logics.h"
#include "sim/world/client_logic.h"

namespace monsim::sim {

std::unique_ptr<ClientLogic> make_userspace_logic(Net& net, SimKernel& host, const std::vector<kern::EntityAddr>& mons,
                                                  const userspace_16_2::Options& opts, nanos timer_latency);

// What a 16.2 client advertises in CONNECT (CEPH_FEATURES_ALL as far as the monitors look).
std::uint64_t userspace_features();

}  // namespace monsim::sim
