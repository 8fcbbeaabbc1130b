// The Ceph options the 16.2 MonClient and librados read, as data so that a scenario can ask
// "what if" (clients.ceph_conf). Defaults: Debian's 16.2.15 (`ceph-conf -c /dev/null -D`).
#pragma once

#include <cstdint>

namespace monsim::userspace_16_2 {

struct Options {
  double mon_client_hunt_interval = 3.0;
  double mon_client_hunt_interval_backoff = 1.5;
  double mon_client_hunt_interval_min_multiple = 1.0;
  double mon_client_hunt_interval_max_multiple = 10.0;
  unsigned mon_client_hunt_parallel = 3;
  double mon_client_ping_interval = 10.0;
  double mon_client_ping_timeout = 30.0;
  double mon_client_log_interval = 1.0;
  std::int64_t mon_client_target_rank = -1;
  double client_mount_timeout = 300.0;
  // The messenger's (sim/userspace reads them): ms_initial_backoff, ms_max_backoff,
  // ms_connection_ready_timeout, ms_connection_idle_timeout.
  double ms_initial_backoff = 0.2;
  double ms_max_backoff = 15.0;
  double ms_connection_ready_timeout = 10.0;
  double ms_connection_idle_timeout = 900.0;
};

}  // namespace monsim::userspace_16_2
