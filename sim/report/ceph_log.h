// `monsim import` of a librados client's own log (Ceph 16.2, debug_monc >= 10, with
// log_coarse_timestamps = false for microseconds): "2026-12-07T00:02:44.681594+0000 7f6f…  10
// monclient(hunting): picked mon.noname-a con 0x… addr v1:192.0.2.1:6789/0", read into the
// events a simulated userspace-16.2 run's trace has:
//   get_monmap_and_config (the first)              mount_start, bootstrap_start
//   _reopen_session rank R                         session_close (of an open session),
//                                                  reopen_session, hunting_start (when not hunting)
//   picked mon.X [con … addr …]                    hunt_pick
//   found mon.X                                    hunting_end, session_established
//   no keepalive since STAMP (S seconds), …        keepalive2_ack (STAMP's), keepalive_timeout
//                                                  (S may be a date: 16.2's wrapped interval)
//   continuing hunt                                continuing_hunt
//   tick                                           tick (and the SafeTimer's latency, below)
//   authenticate success, global_id N              authenticated
//   _check_auth_tickets getting new tickets!       auth_renew
//   shutdown                                       session_close, stop
// Monitors are named by the log ("mon.c") or, before the first monmap, by their rank in the
// initial map ("mon.noname-b": rank 1). The host's fault log (monsim reality's) is on the same
// clock (the client runs on the host): "=== t0" is t = 0, "CLIENT connected" the mount's end.
// Lines after the run's end (the fault log's "=== end of run": librados shutting down) are
// left out. Ceph's info lines (level 1 and below) become the run's dmesg.txt lines. A
// simulated userspace-16.2 run's client.log is read the same way (its picks without the
// connection's address).
#pragma once

#include <string>
#include <vector>

#include "sim/report/kernel_log.h"

namespace monsim::sim {

// Does this log look like a Ceph daemon's or library's (its first stamped lines)?
bool is_ceph_log(const std::string& log_text);

// As import_kernel_log(); `out->timer_latency_us` is the SafeTimer's latency the connected
// ticks show: the median tick-to-tick interval minus its nominal period (the nearest 10 ms).
bool import_ceph_log(const std::string& log_text, const std::string& faults_text,
                     const std::vector<std::string>& monitors, ImportedRun* out, std::string* why);

}  // namespace monsim::sim
