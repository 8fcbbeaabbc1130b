// Metrics (scenarios/README.md, "Metrics") derived from the trace alone: feed it every event,
// in order, then ask for the summary and the tables. Never reads a wall clock or the
// simulator's state.
//
// Every metric name is the dotted path of a value in summary.json: `hunts.count`,
// `hunts.1.pick_intervals`, `requests.statfs.resent`, `clients.0.requests.pending`,
// `mons.a.connection_attempts`. Lists of records (hunts, keepalive timeouts, clients) are
// objects keyed by their index beside their totals, so that `hunts.count` and `hunts.0` are
// both paths.
//
// Aggregation over clients: counts add up, maxima take the max, percentiles pool all
// samples, hunts and keepalive timeouts are merged in time order, map epochs take the
// smallest (what every client has at least).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/trace.h"
#include "sim/report/session_causes.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/workload_ops.h"

namespace monsim::sim {

// One call of the workload, as requests.csv has it.
struct RequestRow {
  std::string client, kind;
  std::uint64_t op = 0, tid = 0;  // tid 0: the call made no monitor request (wait_osdmap)
  double start = 0, end = -1;     // end < 0: never returned
  int result = 0;
  std::string err;                // the result's errno name ("OK", "ETIMEDOUT", …)
  std::uint64_t resends = 0;      // times the client sent it again (a new session)
  std::string mon;                // the monitor whose session answered it ("" if none did)
  int rank = -1;
  long long session = -1;         // that session's row in sessions.csv
};

// Where a call stands at the end of the run: answered (completed, failed), or not: still
// held by the client or waited for (pending), or its request gone while its caller waits (lost).
enum class RequestState { completed, failed, pending, lost };
const char* request_state_name(RequestState s);

// Seconds to the microsecond, as summary.json gives durations.
double round_us(double s);

// One established session, as sessions.csv has it.
struct SessionRow {
  std::string client, mon;
  int rank = -1;
  double start = 0, end = -1;  // end < 0: still open at the end of the run
  std::string end_reason;      // session_causes.h
  std::string detected_by;     // keepalive_timeout, connection_error, stop ("" while open)
};

class MetricsBuilder {
 public:
  // `monitors`: the cluster's monitors ("mon.a", …), each reported even if never tried.
  explicit MetricsBuilder(std::vector<std::string> monitors = {}) : monitors_(std::move(monitors)) {}

  // One trace event, as the trace writer hands it over (before it is formatted).
  void add(const TraceWriter::Line& line);
  // One trace line (JSON), for tests and tools: parsed into the same event. Lines that do
  // not parse are counted and otherwise ignored.
  void add_json(const std::string& line);

  // The scenario's faults (faults.N.…): which fault each of the trace's fault events is, by
  // the timeline World::Chaos applies (fault_steps.h). Without it, each fault event that is
  // not an undo is the next fault, and an undo ends the newest of its kind.
  void plan_faults(const Scenario& s);

  // The summary (aggregate metrics at the top, per client under "clients").
  nlohmann::ordered_json summary() const;
  const std::vector<RequestRow>& requests() const { return requests_; }
  const std::vector<SessionRow>& sessions() const { return sessions_; }
  // The two tables, units in their headers.
  std::string requests_csv() const;
  std::string sessions_csv() const;

 private:
  // An event's fields, looked up by key (absent or of another type: the default).
  struct Event {
    double t;
    std::string_view node, name;
    const std::vector<kern::Field>& fields;
    const kern::FieldValue* find(std::string_view key) const;
    long long i(std::string_view key, long long def = 0) const;
    std::uint64_t u(std::string_view key, std::uint64_t def = 0) const;
    std::string s(std::string_view key) const;
  };
  struct Hunt {
    double start = 0, end = -1;
    std::vector<long long> picks;
    std::vector<double> pick_times;
  };
  struct Client {
    std::vector<double> established;
    std::vector<Hunt> hunts;
    bool hunting = false;
    long long pending_pick = -1;
    double pending_pick_t = -1;
    std::vector<double> ka_at, ka_after_last_ack;
    double last_ack_stamp = -1;                     // wall-clock seconds of the newest acked keepalive
    std::map<std::uint64_t, std::size_t> open_ops;  // op id -> row in requests_
    // Requests by (kind, tid): a kernel numbers all its requests in one sequence; a userspace
    // client numbers each kind in its own (the Objecter's, the MonClient's version handles).
    using TidKey = std::pair<std::string, std::uint64_t>;
    std::map<TidKey, std::size_t> tids;  // -> row in requests_
    std::set<TidKey> held;               // submitted and not yet done
    long long unbound_op = -1;                      // row of the newest call not yet given a tid
    std::map<std::string, std::uint64_t> resent, skipped;  // by kind
    std::uint64_t sub_sent = 0, sub_renewed = 0, auth_errors = 0;
    std::map<std::string, std::uint64_t> epochs;    // map -> last installed epoch
    int mount_result = 1;                           // 1: no result
    double mount_at = -1;
    std::string detected_by = "connection_error";   // how the open session's end was noticed
    long long open_session = -1;                    // row in sessions_
    std::vector<std::size_t> session_rows;          // its rows in sessions_, in order
    double first_seen = -1;                         // its first event: it runs from then
  };
  // A fault of the scenario as the trace shows it applied (start < 0: it never fired).
  struct FaultSeen {
    std::string kind;
    double start = -1, end = -1;  // end: its undo's instant; its start's when it has none; -1: in force at the end
    bool has_undo = false;
    bool disruptive = true;  // not heal, revive, resume, poweron (which end a fault, not start one)
  };
  struct PlannedStep {
    std::size_t fault;
    std::string kind;
    bool undo;
  };
  // A span without a session with a usable monitor: [from, to), to < 0 while it lasts at the end.
  struct Outage {
    double from, to;
  };

  void add_event(const Event& e);
  // A closure's events come in runs of one node's: the last one found is remembered. Others
  // ("client.N") are found by their number (a walk down the ordered map of 10 000 clients was
  // a cache miss a level); the map's nodes never move, so the index points into it.
  Client& client(std::string_view name) {
    if (last_client_ && name == last_client_name_) return *last_client_;
    last_client_name_.assign(name);
    const std::size_t n = client_number(name);
    if (n == kNoNumber) return *(last_client_ = &clients_[last_client_name_]);
    if (n >= client_index_.size()) client_index_.resize(n + 1, nullptr);
    if (!client_index_[n]) client_index_[n] = &clients_[last_client_name_];
    return *(last_client_ = client_index_[n]);
  }
  static constexpr std::size_t kNoNumber = static_cast<std::size_t>(-1);
  // N of "client.N" written as monsim names clients (decimal, no leading zero, < 10^7).
  static std::size_t client_number(std::string_view name) {
    constexpr std::string_view prefix = "client.";
    if (name.size() <= prefix.size() || name.size() > prefix.size() + 7 || name.substr(0, prefix.size()) != prefix)
      return kNoNumber;
    const std::string_view digits = name.substr(prefix.size());
    if (digits.size() > 1 && digits[0] == '0') return kNoNumber;
    std::size_t n = 0;
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return kNoNumber;
      n = n * 10 + static_cast<std::size_t>(ch - '0');
    }
    return n;
  }
  // add_event()'s handlers: false when the event is not theirs.
  bool add_hunt_event(Client& c, const Event& e);
  bool add_session_event(Client& c, const Event& e);
  bool add_request_event(Client& c, const Event& e);
  void add_other_event(Client& c, const Event& e);
  RequestState state_of(const RequestRow& r) const;

  nlohmann::ordered_json client_metrics(const std::string& name, const Client& c,
                                        const std::vector<const RequestRow*>& rows) const;
  // The requests of `client` ("": every client), from its rows (every row).
  nlohmann::ordered_json request_metrics(const std::string& client, const std::vector<const RequestRow*>& rows) const;
  nlohmann::ordered_json mon_summary() const;
  // How long each of the client's hunts after its first (the mount's) took to a new session.
  std::vector<double> client_reconnects(const Client& c) const;
  // metrics_faults.cc: a fault event matched to the scenario's faults; the client's outages
  // (from its first event until its first session, and from the instant trouble came to each
  // lost session's monitor until the next session); faults.N.… and unavailable.
  void add_fault_event(const std::string& kind, bool undo, double t);
  std::vector<Outage> outages(const std::string& name, const Client& c) const;
  nlohmann::ordered_json client_fault_metrics(const Client& c, const std::vector<Outage>& out) const;
  nlohmann::ordered_json fault_summary(const nlohmann::ordered_json& clients) const;

  std::vector<std::string> monitors_;
  std::map<std::string, Client> clients_;  // ordered: the summary's order
  std::vector<Client*> client_index_;  // by N of "client.N": lookups only
  Client* last_client_ = nullptr;
  std::string last_client_name_;
  std::vector<RequestRow> requests_;
  std::vector<SessionRow> sessions_;
  SessionCauses causes_;
  std::map<std::string, std::vector<double>> mon_attempts_;  // "mon.a" -> connect instants
  std::vector<std::pair<std::string, double>> clock_steps_;  // (pattern, seconds), in order
  std::vector<FaultSeen> faults_;     // by the scenario's index (faults[N])
  std::vector<PlannedStep> plan_;     // plan_faults(); empty: each fault event is the next
  std::size_t plan_at_ = 0;
  double end_ = 0;
  std::uint64_t bad_lines_ = 0;
};

// Nearest-rank percentile of `v` (unsorted); -1 when empty.
double percentile(std::vector<double> v, double p);

}  // namespace monsim::sim
