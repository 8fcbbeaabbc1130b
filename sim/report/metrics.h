// Metrics (SCENARIOS.md) derived from the trace alone: feed it every trace line, in order,
// then ask for the summary. Never reads a wall clock or the simulator's state.
//
// Aggregation over clients: counts add up, maxima take the max, percentiles pool all
// samples, hunts and keepalive timeouts are merged in time order, map epochs take the
// smallest (what every client has at least).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace monsim::sim {

struct RequestRow {
  std::string client, kind;
  double start = 0, end = -1;  // end < 0: never returned
  int result = 0;
};

struct SessionRow {
  std::string client, mon;
  double start = 0, end = -1;
  std::string end_reason;  // fault, keepalive_timeout, stop, or "" while open at the end
};

class MetricsBuilder {
 public:
  // One trace line (JSON). Lines that do not parse are counted and otherwise ignored.
  void add(const std::string& line);
  // The summary (aggregate metrics at the top, per client under "clients").
  nlohmann::ordered_json summary() const;
  const std::vector<RequestRow>& requests() const { return requests_; }
  std::vector<SessionRow> sessions() const;

 private:
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
    double last_ack_stamp = -1;  // wall-clock seconds of the newest acked keepalive
    std::map<std::uint64_t, std::size_t> open_ops;  // op id -> index in requests_
    std::uint64_t resent = 0, skipped = 0, sub_sent = 0, sub_renewed = 0, auth_errors = 0;
    std::uint64_t pending_at_end = 0;
    std::map<std::string, std::uint64_t> epochs;  // map -> last installed epoch
    int mount_result = 1;  // 1: no result
    double mount_at = -1;
    std::string last_end_cause = "fault";
    int open_session = -1;  // index into sessions_
  };

  Client& client(const std::string& name) { return clients_[name]; }
  // add()'s event handlers: false when the event is not theirs.
  bool add_hunt_event(Client& c, const std::string& ev, const nlohmann::ordered_json& e, double t);
  bool add_session_event(Client& c, const std::string& node, const std::string& ev,
                         const nlohmann::ordered_json& e, double t);
  void add_request_event(Client& c, const std::string& node, const std::string& ev,
                         const nlohmann::ordered_json& e, double t);
  nlohmann::ordered_json client_metrics(const std::string& name, const Client& c) const;
  nlohmann::ordered_json request_summary(nlohmann::ordered_json counts) const;
  nlohmann::ordered_json mon_summary() const;

  std::map<std::string, Client> clients_;
  std::vector<RequestRow> requests_;
  std::vector<SessionRow> sessions_;
  std::map<std::string, std::vector<double>> mon_attempts_;  // mon -> connect instants
  std::vector<std::pair<std::string, double>> clock_steps_;  // (pattern, seconds), in order
  double end_ = 0;
  std::uint64_t bad_lines_ = 0;
};

// Nearest-rank percentile of `v` (unsorted); -1 when empty.
double percentile(std::vector<double> v, double p);

}  // namespace monsim::sim
