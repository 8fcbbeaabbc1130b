// One mock monitor: a pure message-in -> actions-out state machine (reference/ceph-mon.md
// §2.1-§2.3). Time is an argument; the caller (sim/) delivers messages, calls tick() every
// mon_tick_interval and on_quorum_change() / on_new_maps() when the cluster changes, and
// carries out the returned actions (send after a delay, or close the connection).
//
//  - Every connection gets a session. A message that needs Paxos to be readable (auth,
//    subscribe, statfs, get_version, command) waits while the monitor is not readable; an
//    unauthenticated session's waiting message older than mon_lease (5 s) at a tick makes
//    the monitor close the connection ("sending client elsewhere").
//  - Out of quorum for more than 2 × mon_lease, every tick trims every client session.
//  - A session idle for mon_session_timeout (300 s, keepalives count) is trimmed.
//  - Auth: hello -> none (one round trip) or cephx (challenge, AUTH ticket, service tickets),
//    then the current monmap is pushed (the kernel's MAuth carries monmap epoch 0).
//  - Subscriptions: checked at once and on every new epoch; onetime items are dropped after
//    one delivery; osdmaps batched at most 40 maps / 10 MiB per message; an ack for legacy
//    clients when any item is continuous.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "client/kern/message.h"
#include "mock_mon/behaviour.h"
#include "mock_mon/cluster.h"

namespace monsim::mock_mon {

using ConnId = std::uint64_t;

struct Action {
  enum class Kind { send, close };
  Kind kind = Kind::send;
  ConnId conn = 0;
  kern::MsgRef msg;
  nanos delay = 0;          // send: hold it this long (behaviours); FIFO is the caller's job
  std::string note;         // why (for the trace): "drop", "corrupt", "waitlist timeout", ...
};
using Actions = std::vector<Action>;

class Monitor {
 public:
  Monitor(int rank, Cluster& cluster, Rng rng);

  int rank() const { return rank_; }
  Behaviours& behaviours() { return behaviours_; }
  const Behaviours& behaviours() const { return behaviours_; }

  // `features`: what the connection negotiated (the client's, as far as the monitor has them).
  Actions on_connect(ConnId conn, nanos now, std::uint64_t features = 0);
  Actions on_message(ConnId conn, const kern::MsgRef& msg, nanos now);
  void on_keepalive(ConnId conn, nanos now);  // refreshes the session
  void on_closed(ConnId conn);
  Actions tick(nanos now);
  Actions on_quorum_change(nanos now);
  // A lease arrived (Paxos::handle_lease(): waiting_for_readable is finished as soon as the
  // monitor is readable again): what waited for it is handled now, not at the next tick.
  Actions on_lease(nanos now);
  bool waiting() const;
  // Holds a valid lease (or leads a formed quorum): may serve reads.
  bool readable(nanos now) const { return cluster_.quorum().readable(rank_, now); }
  Actions on_new_maps(nanos now);
  // The process restarted: every session is gone.
  void reset() { sessions_.clear(); }

  std::size_t sessions() const { return sessions_.size(); }
  std::size_t waiting(ConnId conn) const;
  bool authenticated(ConnId conn) const;
  std::uint64_t global_id(ConnId conn) const;
  // What a reply of this kind would look like after behaviours, for the messenger's own
  // KEEPALIVE2_ACK (kind "keepalive2_ack").
  ReplyFate fate_of(const std::string& kind, nanos now) { return behaviours_.on_reply(kind, now, rng_); }

 private:
  struct Sub {
    std::uint64_t start = 0;
    bool onetime = false;
  };
  struct Session {
    nanos last = 0;
    bool authenticated = false;
    // Ceph's session->authenticated: set once the client proved its key (cephx: the AUTH
    // ticket handed out; none: the hello answered). Until then Monitor::dispatch_op()
    // drops everything but authentication. (`authenticated` above marks the first full
    // ticket set, after which the monmap is pushed.)
    bool proven = false;
    std::uint64_t global_id = 0;
    std::uint64_t features = 0;  // the connection's
    enum class Phase { none, challenged, auth_ticket } phase = Phase::none;
    std::map<std::string, Sub> subs;
    std::deque<std::pair<kern::MsgRef, nanos>> waitlist;  // message, arrival
  };

  void handle(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now, Actions& out);
  void handle_auth(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now, Actions& out);
  void handle_subscribe(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now, Actions& out);
  void check_subs(ConnId conn, Session& s, nanos now, Actions& out);
  void send_osdmaps(ConnId conn, Sub& sub, nanos now, Actions& out);
  void drain_waitlists(nanos now, Actions& out);
  void reply(ConnId conn, kern::MsgRef msg, nanos now, Actions& out);
  void close(ConnId conn, const char* why, Actions& out);

  int rank_;
  Cluster& cluster_;
  Rng rng_;
  Behaviours behaviours_;
  std::map<ConnId, Session> sessions_;
};

}  // namespace monsim::mock_mon
