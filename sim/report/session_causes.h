// Why a session ended, from what the trace says the run did to the client, to its monitor and
// to the path between them. sessions.csv's end_reason, by precedence:
//
//   stop               the client unmounted
//   trim               its monitor closed it (a monitor out of quorum too long trims its sessions)
//   reset              a `reset` fault cut the client's connections
//   kill               its monitor's process was killed
//   poweroff           its monitor's host was powered off
//   pause              its monitor was frozen
//   partition          a partition (both ways or one way) lay between the client and its monitor
//
// each while the session was up (a pause or a partition over before the keepalive check
// noticed still counts), and otherwise:
//   keepalive_timeout  none of those: the client's keepalive check gave up (acks dropped or
//                      delayed, a clock step)
//   connection_error   none of those: the connection failed (a corrupt reply, …)
//
// The first five are seen at once (a reset, a closed socket); a pause, a partition or a
// poweroff only by the keepalive check — sessions.csv's detected_by says which.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace monsim::sim {

class SessionCauses {
 public:
  // A monitor's process or host: up, down (killed), paused, off (powered off).
  void mon_state(const std::string& mon, const std::string& state, double t) { states_[mon].push_back({t, state}); }
  // A monitor accepted a connection (its socket `sock`) from `client`.
  void accepted(const std::string& mon, std::uint64_t sock, const std::string& client) {
    peer_[{mon, sock}] = client;
  }
  // A monitor closed the session on its socket `sock`.
  void trimmed(const std::string& mon, std::uint64_t sock, double t);
  // A reset fault on the clients `pattern` matches.
  void reset(const std::string& pattern, double t) { resets_.push_back({pattern, t}); }
  // Traffic from every node `from` matches to every node `to` matches is (un)blocked.
  void block(const std::vector<std::string>& from, const std::vector<std::string>& to, bool blocked, double t) {
    blocks_.push_back({from, to, blocked, t});
  }

  // Why `client`'s session with `mon`, established at `since`, ends now; `detected_by` is how
  // the client noticed (keepalive_timeout, connection_error, stop).
  std::string why(const std::string& client, const std::string& mon, double since,
                  const std::string& detected_by) const;

  // The first instant in [since, until] at which the session of `client` with `mon` (up since
  // `since`) could no longer serve: its monitor left "up", a cut came between them (either
  // way), a reset hit the client, the monitor trimmed it. `until` when none did.
  double trouble_from(const std::string& client, const std::string& mon, double since, double until) const;

  // The last instant in [since, until] at which a reset hit `client` or `mon` trimmed its
  // session; -1 if none did.
  double last_cut(const std::string& client, const std::string& mon, double since, double until) const;

  // The spans within [from, to) during which `client`'s session with `mon` could not serve:
  // its monitor not "up", or a cut between them either way. In time order, disjoint.
  std::vector<std::pair<double, double>> troubled_spans(const std::string& client, const std::string& mon,
                                                        double from, double to) const;

  // Does `pattern` ("*", "mon.*", "client.*" or a name) match the node `name`?
  static bool matches(const std::string& pattern, const std::string& name);

 private:
  struct Block {
    std::vector<std::string> from, to;
    bool blocked;
    double t;
  };
  // Was a -> b blocked at any time since `since`?
  bool cut_since(const std::string& a, const std::string& b, double since) const;
  // Was `mon` in `state` at any time since `since`?
  bool was_since(const std::string& mon, const std::string& state, double since) const;

  std::map<std::string, std::vector<std::pair<double, std::string>>> states_;  // mon -> (t, state)
  std::map<std::pair<std::string, std::uint64_t>, std::string> peer_;
  std::map<std::string, std::vector<std::pair<std::string, double>>> trims_;  // client -> (mon, t)
  std::vector<std::pair<std::string, double>> resets_;
  std::vector<Block> blocks_;
};

}  // namespace monsim::sim
