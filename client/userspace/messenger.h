// AsyncMessenger as a Ceph 16.2 client uses it towards monitors: msgr1 (ms_bind_msgr2 off on
// the client, as the lab runs it), lossy client connections, one DispatchQueue thread.
//
// The semantics (msg/async/ProtocolV1.cc, AsyncConnection.cc, 16.2):
//  - connect_to_mon() makes a new connection and starts connecting at once: TCP connect, the
//    banners, CONNECT, READY. Until READY a fault (refused, reset, a connect that makes no
//    progress for ms_connection_ready_timeout) retries the same peer after a backoff —
//    ms_initial_backoff, doubled at each fault, capped at ms_max_backoff — and tells no
//    dispatcher. Messages and keepalives queued meanwhile wait for READY.
//  - Once READY (the connection OPENED) a fault is final: "fault on lossy channel, failing",
//    the queue is dropped and ms_handle_reset() is queued to the dispatchers. Nothing is
//    retried; the owner makes a new connection.
//  - mark_down() closes the connection at once, silently (no reset callback); anything
//    queued is dropped; messages the peer sends afterwards are never dispatched.
//  - send_keepalive() writes a KEEPALIVE2 carrying ceph_clock_now() read when it is written,
//    ahead of queued messages; the peer's KEEPALIVE2_ACK echoes that stamp, which becomes
//    get_last_keepalive_ack().
#pragma once

#include <cstdint>
#include <memory>

#include "client/kern/message.h"
#include "client/userspace/utime.h"

namespace monsim::userspace {

// Feature bits the MonClient asks a connection about (include/ceph_features.h).
inline constexpr std::uint64_t FEATURE_MSGR_KEEPALIVE2 = 1ULL << 42;
inline constexpr std::uint64_t FEATURE_MON_STATEFUL_SUB = 1ULL << 57;

class Connection {
 public:
  virtual ~Connection() = default;

  // send_message(): queue `m` (written once OPENED). On a closed connection it is dropped.
  // Any context; never blocks; no dispatcher is called from inside it.
  virtual void send_message(kern::MsgRef m) = 0;
  // send_keepalive(): as above, for one KEEPALIVE2 (a pending one is not doubled).
  virtual void send_keepalive() = 0;
  // mark_down(). Any context; never blocks.
  virtual void mark_down() = 0;

  virtual Utime get_last_keepalive_ack() const = 0;
  virtual void set_last_keepalive_ack(Utime t) = 0;
  // Features both sides have, from READY (0 before it).
  virtual bool has_feature(std::uint64_t f) const = 0;
  // The monitor this connection was made for (its rank in the initial monmap).
  virtual const kern::EntityAddr& peer_addr() const = 0;
  // OPENED and not closed since.
  virtual bool is_connected() const = 0;
};

using ConnectionRef = std::shared_ptr<Connection>;

// Dispatcher (msg/Dispatcher.h). Called in the messenger's dispatch thread, one call at a
// time, in the order the events happened on each connection; no messenger lock is held, so
// a dispatcher may take its own lock and block on it.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // A message from `con`. True: consumed; false: offer it to the next dispatcher.
  virtual bool ms_dispatch(const ConnectionRef& con, kern::MsgRef m) = 0;
  // `con` reached READY (ms_handle_connect).
  virtual void ms_handle_connect(const ConnectionRef& con) {}
  // `con` faulted after READY and is gone (ms_handle_reset). True: handled.
  virtual bool ms_handle_reset(const ConnectionRef& con) = 0;
};

class Messenger {
 public:
  virtual ~Messenger() = default;
  // add_dispatcher_head() / add_dispatcher_tail(): dispatchers are offered each event in
  // this order. Before the first connection.
  virtual void add_dispatcher_head(Dispatcher* d) = 0;
  virtual void add_dispatcher_tail(Dispatcher* d) = 0;
  // connect_to_mon(): a new lossy connection, connecting.
  virtual ConnectionRef connect_to_mon(const kern::EntityAddr& addr) = 0;
  // shutdown(): marks every connection down; nothing is dispatched afterwards.
  virtual void shutdown() = 0;
};

}  // namespace monsim::userspace
