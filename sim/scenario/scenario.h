// A scenario as plain data, every default filled in (SCENARIOS.md is the language; see
// scenarios/README.md for the user's reference). Loading and validation: scenario_load.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "client/libceph/tunables.h"
#include "client/userspace_16_2/options.h"
#include "sim/engine/sim_time.h"
#include "sim/net/tcp_timing.h"

namespace monsim::sim {

// Where a value came from, for messages after loading ("scenarios/x.yaml:14:5").
struct SourcePos {
  std::string file;
  int line = 0, column = 0;  // 1-based; 0 when unknown
  std::string str() const;
};

struct LinkOverride {
  std::string a, b;  // node names or patterns (client.*, mon.*)
  nanos latency = 0;
};

struct WorkloadItem {
  enum class Op { statfs, get_version, command, wait_osdmap, interrupt };
  Op op = Op::statfs;
  nanos at = 0;         // first (or only) start
  nanos every = 0;      // 0: once
  nanos until = -1;     // -1: to the end of the run
  std::string map = "osdmap";           // get_version
  std::string prefix = "osd blacklist"; // command
  std::string addr = "192.0.2.200:0/1";  // command
  bool epoch_next = true;               // wait_osdmap: "next" or a number
  std::uint32_t epoch = 0;
  nanos timeout = 0;                    // wait_osdmap; 0 = forever
  std::vector<std::string> clients = {"client.*"};  // who runs it
};

// A target: "mon.a", "mon.*", "client.3", "client.*", "connected", "connected(client.3)".
struct Target {
  std::string text;
};

struct Fault {
  enum class Kind {
    kill, revive, poweroff, poweron, pause, resume,
    partition, partition_oneway, heal,
    reset, delay, drop, corrupt, reject_auth, latency, monmap_add, clock_step
  };
  Kind kind = Kind::kill;
  nanos at = 0;
  nanos for_ = -1;  // -1: no undo
  int count = -1;   // corrupt/drop/delay/reject_auth: replies in total (-1: unlimited)
  SourcePos pos;
  std::size_t index = 0;  // its place in the file's list (faults are kept sorted by `at`)

  Target target;                                  // kill, pause, reset, ... (one)
  std::vector<std::vector<std::string>> groups;   // partition: groups of node patterns
  std::vector<std::string> from, to;              // partition_oneway
  std::string mon = "*";                          // delay/drop/corrupt/reject_auth: mon name or *
  std::string reply = "*";                        // reply kind
  nanos by = 0;                                   // delay; clock_step (may be negative)
  nanos by_max = -1;                              // delay: uniform [by, by_max] when set
  double probability = 1.0;                       // drop
  std::string how = "truncate";                   // corrupt
  int error = 13;                                 // reject_auth (EACCES)
  std::vector<std::string> between;               // latency: two patterns
  nanos one_way = 0;                              // latency
  std::string add;                                // monmap add
  std::string node;                               // clock_step
};

struct Expectation {
  std::string metric;
  enum class Cmp { equals, at_least, at_most } cmp = Cmp::equals;
  // A number, a duration (in seconds), or a list of either.
  std::vector<double> values;
  bool is_list = false;
  bool is_time = false;       // values given as durations: compare in seconds
  double tolerance = 0;       // absolute
  SourcePos pos;
  // `over: runs`: an expectation of a sweep, over its runs (per combination of varied
  // values), not of one run: a statistic of the metric's values (`quantile`: p50, p90, p99,
  // min, max or mean), or the fraction of runs whose value is at most `fraction_at_most`.
  bool over_runs = false;
  std::string quantile;             // "" for a fraction
  bool fraction = false;
  double fraction_at_most = 0;
  bool fraction_is_time = false;
  // `real: PATH`: a comparison with a real run (monsim check --against DIR): this run's
  // metric against the real run's PATH, within `tolerance`. Judged only against one.
  std::string real;
  bool against() const { return !real.empty(); }
};

// The YAML spelling of a fault kind ("kill", "partition_oneway", "monmap", ...) and of an op.
const char* fault_kind_name(Fault::Kind k);
const char* workload_op_name(WorkloadItem::Op op);

struct Scenario {
  std::string file;
  std::string name;
  SourcePos name_pos;  // where `name` was given (for a clash of names between scenarios)
  std::string description;
  std::uint64_t seed = 1;
  // The seed the run's expectations were written for (`expect_for_seed`), if they hold for
  // that draw only: a run with another seed does not judge them (those `over: runs` still
  // hold over a sweep's seeds). Unset: they hold for every seed (scenarios.seeds checks 1..100).
  std::optional<std::uint64_t> expect_for_seed;
  nanos duration = 0;
  unsigned hz = 250;

  struct Cluster {
    std::vector<std::string> monitors = {"a", "b", "c"};
    nanos election = 5 * NS_PER_S;
    bool cephx = true;
    nanos ticket_ttl = 3600 * NS_PER_S;
    nanos subscribe_ack = 300 * NS_PER_S;  // 0: never ack
    bool keepalive2 = true;
    std::uint32_t osdmap_epoch = 1;
    nanos osdmap_every = 30 * NS_PER_S;
    std::uint64_t osdmap_size = 16 * 1024;
    std::uint64_t monmap_size = 1024;
    unsigned hz = 250;  // the monitors' hosts' HZ: their TCP timers' jiffies (Debian's kernels: 250)
  } cluster;

  struct Network {
    nanos latency = 500 * NS_PER_US;
    nanos jitter = 0;
    double bandwidth_bps = 1e9;
    TcpParams tcp;
    std::vector<LinkOverride> links;
  } network;

  struct Clients {
    int count = 1;
    std::string logic = "linux-4.10";
    nanos start = 0;
    nanos spread = 0;  // start times spread evenly over this
    nanos mount_timeout = 60 * NS_PER_S;
    // How long the clients' kernels have been up at t = 0: their jiffies start at
    // INITIAL_JIFFIES + uptime x HZ (whole jiffies), which sets the phase of every tick on the
    // whole-second and timer-wheel grids (a real run's, from `monsim import`: run.uptime_at_t0).
    nanos uptime = 0;
    // The CPU the clients' MonClient and messenger work runs on: round_jiffies_relative()
    // skews its whole-second target by 3 jiffies per CPU number.
    int cpu = 0;
    SourcePos count_pos;  // where `count` was given (for limits found after loading)
    libceph::Tunables tunables;
    userspace_16_2::Options ceph_conf;  // userspace-16.2: the Ceph options (clients.ceph_conf)
    // userspace-16.2: how late a SafeTimer event runs after its instant (sim/userspace's
    // UserEnvConfig says why it matters); a real run's, from `monsim import`: run.timer_latency_us.
    nanos timer_latency = 123 * NS_PER_US;
    std::vector<WorkloadItem> workload;
  } clients;

  std::vector<Fault> faults;
  std::vector<Expectation> expect;

  std::vector<std::string> monitor_names() const;  // "mon.a", ...
  std::vector<std::string> client_names() const;   // "client.0", ...
};

}  // namespace monsim::sim
