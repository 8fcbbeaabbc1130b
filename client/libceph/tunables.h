// The MonClient's timing constants (include/linux/ceph/libceph.h), as data so that a scenario
// can ask "what if". The defaults are the kernel's: the same from 4.6 (when they came) to 6.1.
#pragma once

#include <cstdint>

#include "client/kern/jiffies.h"

namespace monsim::libceph {

struct Tunables {
  std::uint64_t hunt_interval_ms = 3000;  // CEPH_MONC_HUNT_INTERVAL
  unsigned hunt_backoff = 2;              // CEPH_MONC_HUNT_BACKOFF
  unsigned hunt_max_mult = 10;            // CEPH_MONC_HUNT_MAX_MULT
  std::uint64_t ping_interval_ms = 10000; // CEPH_MONC_PING_INTERVAL
  std::uint64_t ping_timeout_ms = 30000;  // CEPH_MONC_PING_TIMEOUT
  std::uint64_t mount_timeout_ms = 60000; // CEPH_MOUNT_TIMEOUT_DEFAULT

  kern::jiffies_t hunt_interval(unsigned hz) const { return kern::msecs_to_jiffies(hunt_interval_ms, hz); }
  kern::jiffies_t ping_interval(unsigned hz) const { return kern::msecs_to_jiffies(ping_interval_ms, hz); }
  kern::jiffies_t ping_timeout(unsigned hz) const { return kern::msecs_to_jiffies(ping_timeout_ms, hz); }
  kern::jiffies_t mount_timeout(unsigned hz) const { return kern::msecs_to_jiffies(mount_timeout_ms, hz); }
};

}  // namespace monsim::libceph
