// `monsim import`: a real client's kernel log (dmesg, as the lab's console capture has it:
// "HOST_TIME | [  12.345678] message", or plain "[  12.345678] message") read into the events
// a simulated run's trace has, so that the same metrics, tables and plots come out of it.
//
// What it reads (libceph's info lines and the dynamic-debug lines of net/ceph/mon_client.c
// and the messenger, as Linux 6.1 prints them):
//   pick_new_mon monA -> monB out of N mons      hunt_pick (and hunting_start, when not hunting)
//   __open_session opening monN                  session_open
//   finish_hunting found monN                    hunting_end
//   monN ADDR session established                session_established
//   monN ADDR session lost, hunting for new mon  session_lost, session_close
//   monc keepalive timeout                       keepalive_timeout
//   prepare_write_keepalive / _read_keepalive_ack   keepalive2_write / keepalive2_ack (stamped
//                                                with the write's instant: what the ack echoes)
//   delayed_work monN / __schedule_delayed after J  tick / tick_scheduled
//   con_fault / socket closed / socket error     con_fault
//   clientN fsid F                               mount_done
//   MARK NAME host=T                             mark (node "real"); the first MARK is t = 0
//   __send_subscribe sent J                      (the jiffies of the previous send: the run's
//                                                uptime at t = 0, see below)
// and, from the host's fault log (--faults), each "FAULT X: SIGKILL mon.a ..." as a chaos
// fault event at its instant on the guest's clock (the MARK lines pair the two clocks).
// What a log cannot say is left out, not zeroed: no workload, so no request metrics.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace monsim::sim {

struct ImportedRun {
  std::vector<std::string> trace;   // JSON lines, in time order, without newlines
  std::vector<std::string> dmesg;   // libceph's info lines, restamped from t = 0
  std::string kernel;               // "6.1.0-57-amd64", from the "Linux version" line
  double t0 = 0;                    // the guest's printk time taken as t = 0
  // Guest printk time minus host time: from the lines' host arrival stamps (the largest
  // difference: the line that reached the host fastest), else from the first MARK's host=.
  double host_offset = 0;
  int lines_read = 0, lines_used = 0;
  // The guest kernel's HZ (from its 10 s tick's delay; 0: no tick seen) and its uptime at
  // t = 0 in seconds, read off the jiffies counter (-1: the log prints no jiffies), to within
  // a jiffy or two: `clients.uptime` puts a simulated run on the same tick phase.
  unsigned hz = 0;
  double uptime_at_t0 = -1;
  // The guest TCP's smoothed RTT to the monitors (tp->srtt_us >> 3, microseconds): the median
  // of the tcp:tcp_probe tracepoint's samples the log holds (`monsim reality` prints them at
  // the end of a run; -1: none). It is more than the path's round trip: the monitors' hosts
  // delay their ACK of what the monitor does not answer (40 ms, TCP_DELACK_MIN), and those
  // samples stay in srtt for many more — which monsim's TCP, acknowledging every segment at
  // once, does not measure itself (yet). A simulated run beside it takes half of it as its one-way
  // latency, so its TCP measures the same RTT and arms the same RTO.
  double tcp_srtt_us = -1;
  int tcp_probes = 0;
  // A librados client's log (ceph_log.h): "ceph", and its SafeTimer's latency (-1: no ticks).
  std::string format = "kernel";
  double timer_latency_us = -1;
  // The scenario a `monsim reality` run followed, from its fault log ("=== t0 ...; plan NAME,
  // N steps, D s"): its name (empty for another log), its steps and duration.
  std::string reality_plan;
  int reality_steps = 0;
  double reality_duration = 0;
};

// `monitors`: the monitors' names by rank ("mon.a", …). `why` says what is wrong when false
// (no libceph line at all, no timestamps).
bool import_kernel_log(const std::string& log_text, const std::string& faults_text,
                       const std::vector<std::string>& monitors, ImportedRun* out, std::string* why);

// Reads a kernel log or a fault log under the input rules (input_file.h): a regular file of at
// most limits::kImportBytes, streamed a line at a time; a line longer than limits::kImportLine
// is kept as an empty line without ever being held, and a byte that is not UTF-8 becomes '?'.
// `what` names it in the messages ("a kernel log").
bool read_log_file(const std::string& path, const char* what, std::string* text, std::string* why);

}  // namespace monsim::sim
