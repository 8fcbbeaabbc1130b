#include "client/userspace_16_2/options.h"

#include <array>

namespace monsim::userspace_16_2 {

namespace {

// Bounds: a day for a timeout or an interval (the scenario's own durations are bounded
// likewise); a millisecond the shortest interval a tick or a backoff may have (a shorter one
// only floods the trace). Multipliers and backoff factors as monsim's kernel tunables.
constexpr double kDay = 86400.0;

const std::array<OptionSpec, 13> kSpecs = {{
    {"client_mount_timeout", &Options::client_mount_timeout, nullptr, false, 0, kDay,
     "seconds librados' connect waits for a session (0: for ever)"},
    {"mon_client_hunt_interval", &Options::mon_client_hunt_interval, nullptr, false, 0.001, kDay,
     "seconds between hunting rounds, times the multiplier"},
    {"mon_client_hunt_interval_backoff", &Options::mon_client_hunt_interval_backoff, nullptr, false, 1, 100,
     "the multiplier's factor on each new hunt"},
    {"mon_client_hunt_interval_max_multiple", &Options::mon_client_hunt_interval_max_multiple, nullptr, false, 1,
     1000, "the multiplier's ceiling"},
    {"mon_client_hunt_interval_min_multiple", &Options::mon_client_hunt_interval_min_multiple, nullptr, false, 1,
     1000, "the multiplier's floor"},
    {"mon_client_hunt_parallel", nullptr, &Options::mon_client_hunt_parallel, true, 0, 30,
     "monitors dialled at once per round (0: all)"},
    {"mon_client_log_interval", &Options::mon_client_log_interval, nullptr, false, 0.001, kDay,
     "seconds between log sends: the connected tick is the lesser of this and the ping interval"},
    {"mon_client_ping_interval", &Options::mon_client_ping_interval, nullptr, false, 0.001, kDay,
     "seconds between keepalives"},
    {"mon_client_ping_timeout", &Options::mon_client_ping_timeout, nullptr, false, 0, kDay,
     "seconds without a keepalive ack before reconnecting (0: never)"},
    {"ms_connection_idle_timeout", &Options::ms_connection_idle_timeout, nullptr, true, 1, kDay,
     "seconds an open connection may stay idle"},
    {"ms_connection_ready_timeout", &Options::ms_connection_ready_timeout, nullptr, true, 1, kDay,
     "seconds a connection may take to become ready"},
    {"ms_initial_backoff", &Options::ms_initial_backoff, nullptr, false, 0.001, kDay,
     "the messenger's first reconnect delay, doubled on each fault"},
    {"ms_max_backoff", &Options::ms_max_backoff, nullptr, false, 0.001, kDay,
     "the messenger's longest reconnect delay"},
}};

}  // namespace

std::span<const OptionSpec> option_specs() { return kSpecs; }

double option_value(const Options& o, const OptionSpec& spec) {
  return spec.real ? o.*spec.real : static_cast<double>(o.*spec.count);
}

void set_option(Options* o, const OptionSpec& spec, double v) {
  if (spec.real)
    o->*spec.real = v;
  else
    o->*spec.count = static_cast<unsigned>(v);
}

}  // namespace monsim::userspace_16_2
