// The Ceph options the 16.2 MonClient and librados read, as data so that a scenario can ask
// "what if" (clients.ceph_conf). Defaults: Debian's 16.2.15 (`ceph-conf -c /dev/null -D`).
#pragma once

#include <cstdint>
#include <span>

namespace monsim::userspace_16_2 {

struct Options {
  double mon_client_hunt_interval = 3.0;
  double mon_client_hunt_interval_backoff = 1.5;
  double mon_client_hunt_interval_min_multiple = 1.0;
  double mon_client_hunt_interval_max_multiple = 10.0;
  unsigned mon_client_hunt_parallel = 3;  // 0: every monitor of the map (MonClient::_add_conns)
  double mon_client_ping_interval = 10.0;
  double mon_client_ping_timeout = 30.0;  // 0: never (MonClient::tick)
  double mon_client_log_interval = 1.0;
  double client_mount_timeout = 300.0;  // 0: wait for ever (MonClient::authenticate)
  // The messenger's (sim/userspace reads them).
  double ms_initial_backoff = 0.2;
  double ms_max_backoff = 15.0;
  double ms_connection_ready_timeout = 10.0;  // Ceph's type: uint seconds
  double ms_connection_idle_timeout = 900.0;  // Ceph's type: uint seconds
};

// One option: its Ceph name, where it lives in Options, and the bounds a scenario may give it
// (Ceph 16.2's own where it has them, else monsim's: every input has a documented bound).
struct OptionSpec {
  const char* name;
  double Options::*real;      // one of these two is set
  unsigned Options::*count;
  bool whole;                 // Ceph's type is an integer (uint): no fractions
  double min, max;
  const char* what;           // one line, for the docs and error messages
};

// Every option clients.ceph_conf accepts, in Ceph's alphabetical order.
std::span<const OptionSpec> option_specs();

// The value as a double (for dumps and messages) and set from one.
double option_value(const Options& o, const OptionSpec& spec);
void set_option(Options* o, const OptionSpec& spec, double v);

}  // namespace monsim::userspace_16_2
