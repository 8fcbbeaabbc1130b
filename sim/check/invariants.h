// Invariant checkers, on in every run: safety properties that must hold at every event, and
// liveness properties with bounds derived from the kernel's constants (bounds.h). They read
// the trace's events as they are emitted (like the metrics) and, for liveness, ask the world
// what it can (world_view.h). Each breach names the property, the simulated instant, the
// node and the trace line at which it was found. The properties, their bounds and where
// those come from are listed in scenarios/README.md ("Invariants") and by properties().
//
// Cost: a few comparisons per event, a scan of the clients once a simulated second (cheap
// enough for 10^5-client storms).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/bounds.h"
#include "sim/check/world_view.h"
#include "sim/engine/trace.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct Breach {
  std::string property;
  nanos t = 0;         // when the property broke (a liveness bound: the instant it ran out)
  std::string node;
  std::string detail;  // what broke, in words
  std::string line;    // the trace line at which it was found (JSON)
};

struct PropertySpec {
  const char* name;
  const char* kind;  // "safety" or "liveness"
  const char* rule;  // what must hold, and for liveness its bound
};

class Invariants {
 public:
  // `view` null: the liveness properties are not checked (a trace read back from a file).
  Invariants(const Scenario& s, const WorldView* view);

  // Every trace event, in order (TraceWriter::on_event).
  void add(const TraceWriter::Line& line);
  // The network was handed a frame for a socket its own side had closed.
  void sent_after_close(nanos t, std::string_view node, std::uint64_t sock);

  const std::vector<Breach>& breaches() const { return breaches_; }  // the first 100 of each property
  std::uint64_t count(const std::string& property) const;
  std::uint64_t total() const { return total_; }
  // summary.json's "invariants": every property checked with its breach count and the
  // first breach; "breaches" the total.
  nlohmann::ordered_json summary() const;
  const LivenessBounds& bounds() const { return bounds_; }

  static const std::vector<PropertySpec>& properties();
  // Properties that apply to this scenario's logic (keepalive_detects: not the 2010 client's).
  static bool applies(const std::string& property, const Scenario& s);

 private:
  struct Client {
    bool started = false, mount_failed = false;
    std::vector<std::uint64_t> sockets;  // open monitor sockets
    int target = -1;                     // the monitor picked (session being opened or open)
    int session = -1;                    // the monitor of the established session
    bool authed = false;                 // an authentication reply succeeded since the pick
    std::uint64_t last_tid = 0;
    std::map<std::string, std::uint64_t> last_tid_of;  // userspace-16.2: by kind
    std::map<std::uint64_t, nanos> held;  // held_key() -> submitted at
    std::map<std::uint64_t, std::uint64_t> open_ops;  // op id -> its request's held_key() (0: none yet)
    // Calls started and not yet given a tid, with their kind: a request's submit binds the
    // oldest call of its kind (calls of several workload items may start at one instant).
    std::vector<std::pair<std::uint64_t, std::string>> unbound;
    long long pending_reported = 0;
    nanos clock_back = 0;                 // realtime stepped back (delays keepalive expiry)
    // liveness
    bool target_served = false;           // at the last assessment
    bool session_answered = false;
    nanos regain_since = -1;              // without a session that serves, while one could
    nanos good_since = -1;                // with a session that serves
    std::uint64_t exempt_tid = 0;         // held tids up to this one wait for the next session
    nanos silent_since = -1;              // the session's monitor stopped answering
    bool regain_reported = false, request_reported = false, silent_reported = false;
  };

  Client* client(std::string_view node);
  void client_event(int index, Client& c, const TraceWriter::Line& line);
  void connection_event(Client& c, const TraceWriter::Line& line);
  void hunt_mult_event(const TraceWriter::Line& line);
  bool session_event(int index, Client& c, const TraceWriter::Line& line);
  void request_event(Client& c, const TraceWriter::Line& line);
  void cluster_event(const TraceWriter::Line& line);
  void breach(const char* property, nanos t, std::string_view node, std::string detail, const TraceWriter::Line& at);
  void assess(int index, Client& c, nanos now);
  struct Dues {
    nanos regain = INT64_MAX, request = INT64_MAX, silent = INT64_MAX;
    std::uint64_t request_tid = 0;
    nanos request_from = 0;
  };
  Dues dues(int index, const Client& c) const;
  void check_deadlines(int index, Client& c, const TraceWriter::Line& at);
  void scan_all(const TraceWriter::Line& at, bool reassess);
  void finish(const TraceWriter::Line& at);
  nanos max_round_trip(int index) const;
  static std::string client_name(int index) { return "client." + std::to_string(index); }

  const Scenario& s_;
  const WorldView* view_;
  LivenessBounds bounds_;
  bool keepalive_logic_;
  bool userspace_;  // userspace-16.2: parallel hunting, a double multiplier, tids per kind
  std::uint64_t held_key(std::string_view kind, std::uint64_t tid) const;
  std::uint64_t held_key_last(std::uint64_t tid) const;  // the last key of that tid, any kind
  std::uint64_t tid_of(std::uint64_t key) const;
  std::vector<Client> clients_;
  nanos next_scan_ = 0;
  // the monitors
  std::uint64_t election_epoch_ = 0;
  std::string epoch_leader_;
  // results
  std::vector<Breach> breaches_;
  std::map<std::string, std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

}  // namespace monsim::sim
