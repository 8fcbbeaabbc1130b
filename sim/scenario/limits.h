// The documented bounds on what monsim accepts (scenarios/README.md, "Limits").
//
// Every input has one: a value outside them is refused before anything runs (exit 2, with
// file:line:col), so that a run can neither overflow a clock, exhaust memory or the process's
// memory mappings, nor write an unbounded trace. Each bound says why it is where it is.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/engine/sim_time.h"

namespace monsim::sim::limits {

// ---- the file
// A scenario file is read whole; scenarios are a few KiB (the suite's largest is 2 KiB).
inline constexpr std::size_t kFileBytes = 1024 * 1024;
// Deeper than any scenario needs (the language nests five levels); yaml-cpp recurses per level.
inline constexpr int kYamlDepth = 32;
// Nodes (values, lists, mappings) in the file: 10 000 faults of five nodes each fit; a file of
// half a million one-character list items does not (yaml-cpp would take seconds to build it).
inline constexpr std::size_t kYamlNodes = 100'000;
// One value. Names, patterns and metrics are short; the description is prose.
inline constexpr std::size_t kScalarBytes = 1024;
inline constexpr std::size_t kDescriptionBytes = 64 * 1024;
// Problems reported per file (the rest are counted: "... and N more").
inline constexpr std::size_t kErrorsShown = 20;
// Problems collected before the loader stops looking.
inline constexpr std::size_t kErrorsCollected = 1000;
// `name` is a directory name with ".tmp-PID" appended while a run is written.
inline constexpr std::size_t kNameBytes = 64;

// ---- lists
inline constexpr std::size_t kFaults = 10'000;
inline constexpr std::size_t kWorkloadItems = 1'000;
inline constexpr std::size_t kExpectations = 1'000;
inline constexpr std::size_t kLinks = 1'000;
inline constexpr std::size_t kPatternsPerList = 1'000;  // a partition group, a clients list
inline constexpr std::size_t kSets = 100;               // --set overrides on one command line
// A sweep (monsim sweep): runs over every seed and combination, values of one --vary, runs
// at once. A bigger sweep is sharded (--shard K/N) over processes or machines.
inline constexpr std::size_t kSweepRuns = 1'000'000;
inline constexpr std::size_t kSweepValues = 1'000;
inline constexpr std::size_t kSweepJobs = 256;
// A sweep's table read back (monsim merge): 10^6 runs of a few dozen metrics.
inline constexpr std::size_t kSweepTableBytes = 1024u << 20;
// A kernel log `monsim import` reads (a lab run's console capture is ~200 KiB, an hour's
// dynamic debug a few MiB), and its fault log. Read line by line: a line longer than a kernel
// line (LOG_LINE_MAX, 1 KiB; 4 KiB allowed) is skipped without being held.
inline constexpr std::size_t kImportBytes = 64u << 20;
inline constexpr std::size_t kImportLine = 4096;
// A trace monsim diff reads: streamed, two lines at a time; a trace line is an event (the
// longest, a quorum of 30 monitors, is under 2 KiB), so 64 KiB is not one.
inline constexpr std::size_t kTraceLine = 64 * 1024;
// The kernel refuses a monmap of more than 30 monitors (CEPH_MAX_MON in the seeds' decoders).
inline constexpr std::size_t kMonitors = 30;
inline constexpr int kClients = 100'000;
// clients.cpu: a CPU number below NR_CPUS (x86-64's largest CONFIG_NR_CPUS: 8192).
inline constexpr int kCpu = 8191;

// ---- time
// Simulated time of one run. A week of one client's trace is ~40 MB; a longer horizon would
// only run a long time to say what the first week said.
inline constexpr nanos kDuration = 7 * 24 * 3600 * NS_PER_S;
// Any duration in a scenario (a fault's `for`, a timeout, a TTL...).
inline constexpr nanos kAnyDuration = kDuration;
// One-way latency and jitter: beyond every timeout the kernel has.
inline constexpr nanos kLatency = 60 * NS_PER_S;
// A delayed reply, a tunable interval: an hour is already past every kernel timer.
inline constexpr nanos kDelay = 3600 * NS_PER_S;
// clients.timer_latency: a SafeTimer event at most this late (a real one is late by microseconds).
inline constexpr nanos kTimerLatency = 100 * NS_PER_MS;
// Workload periods: below a millisecond the callers would outnumber what SimGrid can hold.
inline constexpr nanos kMinEvery = NS_PER_MS;
// The osdmap's own period: an epoch a second is already a busy cluster.
inline constexpr nanos kMinOsdmapEvery = NS_PER_S;
// Election rounds (mon_election_timeout is 5 s).
inline constexpr nanos kMinElection = 10 * NS_PER_MS;
inline constexpr nanos kMaxElection = 600 * NS_PER_S;
// CLOCK_REALTIME stays between 1970 and 2106: the kernel puts its seconds into the 32-bit
// ceph_timespec of KEEPALIVE2 and cephx tickets, which wraps on 2106-02-07.
inline constexpr nanos kRealtimeMin = 0;
inline constexpr nanos kRealtimeMax = 4'294'967'295LL * NS_PER_S;

// ---- work
// Calls the workload starts in one run (over all clients): each is an actor while it runs.
inline constexpr std::uint64_t kWorkloadCalls = 1'000'000;
// Sizes: CEPH_MSG_MAX_FRONT_LEN (16 MiB) for one map message.
inline constexpr std::uint64_t kMapBytes = 16 * 1024 * 1024;
// Maps the monitors may have in flight at once: every client fetching its first maps.
inline constexpr std::uint64_t kMapBytesAllClients = 2ULL * 1024 * 1024 * 1024;
// Bandwidth: 1 bps to 1 Tbps (SimGrid's solver loses precision far beyond).
inline constexpr double kMinBandwidth = 1;
inline constexpr double kMaxBandwidth = 1e12;
// The trace a run may write (trace.jsonl); beyond it the run stops with exit 2.
inline constexpr std::uint64_t kTraceBytes = 4ULL * 1024 * 1024 * 1024;

}  // namespace monsim::sim::limits
