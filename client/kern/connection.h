// struct ceph_connection: one messenger connection to one peer, and its owner's callbacks.
//
// The semantics are the kernel messenger's (DESIGN.md §4, reference/kernel-monc.md §9):
//  - open() starts a TCP connect and the msgr1 handshake. Until the handshake completes the
//    connection is not lossy: a fault requeues what was not acknowledged and retries the
//    same peer after a backoff (0.5 s doubling, through round_jiffies_relative), or goes to
//    STANDBY if nothing is queued and no keepalive is pending.
//  - Once the peer's READY says "lossy" (monitors say so to clients), a fault closes the
//    connection for good; nothing is retried. The owner must close() and open() again.
//  - After every fault the owner's fault() is called.
//  - Messages and keepalives are written in the messenger context shortly after they are
//    queued (a scheduling delay), never synchronously by the caller.
#pragma once

#include <cstdint>

#include "client/kern/jiffies.h"
#include "client/kern/message.h"

namespace monsim::kern {

// Feature bits (include/linux/ceph/ceph_features.h).
inline constexpr std::uint64_t FEATURE_SUBSCRIBE2 = 1ULL << 4;
inline constexpr std::uint64_t FEATURE_MSG_AUTH = 1ULL << 23;
inline constexpr std::uint64_t FEATURE_MSGR_KEEPALIVE2 = 1ULL << 42;
inline constexpr std::uint64_t FEATURE_MON_STATEFUL_SUB = 1ULL << 57;
// Monitors encode the monmap versioned for a peer with MONENC (v5, legacy addresses) and with
// mon_info_t and address vectors for one with SERVER_NAUTILUS and MSG_ADDR2 (v9).
inline constexpr std::uint64_t FEATURE_MONENC = 1ULL << 15;
inline constexpr std::uint64_t FEATURE_SERVER_NAUTILUS = 1ULL << 2;
inline constexpr std::uint64_t FEATURE_MSG_ADDR2 = 1ULL << 59;

// struct ceph_connection_operations, implemented by the owner (the MonClient).
// All three are called in the messenger context, for one connection strictly in order, with
// no messenger lock held: they may take the owner's mutex and block.
class ConnectionOwner {
 public:
  virtual ~ConnectionOwner() = default;

  // A complete incoming message, in arrival order. The owner takes the message.
  virtual void dispatch(MsgRef msg) = 0;

  // The connection faulted (socket error, connect failure, protocol error). Called after the
  // messenger has dealt with the fault (closed a lossy connection, or scheduled a retry).
  virtual void fault() = 0;

  // A message header arrived: return the message to read the front into, or nullptr. With
  // nullptr and *skip set the message is read and discarded; with nullptr and *skip clear
  // the messenger treats it as -ENOMEM and faults the connection. A returned message whose
  // front_alloc_len is smaller than hdr.front_len is a BUG in the owner.
  virtual MsgRef alloc_msg(const MsgHeader& hdr, bool* skip) = 0;
};

// All methods: any context (user, kworker, messenger); never block; no messenger callback is
// made from inside them.
class Connection {
 public:
  virtual ~Connection() = default;

  // ceph_con_open(): BUG unless closed. Starts connecting to `addr`; resets the backoff.
  virtual void open(EntityName peer, const EntityAddr& addr) = 0;

  // ceph_con_close(): closes the socket, discards every queued and partially read message,
  // clears the keepalive-pending flag, the lossy flag and the backoff, cancels a pending
  // retry. The connection may be opened again.
  virtual void close() = 0;

  // ceph_con_send(): queue `msg`. On a closed connection the message is dropped silently.
  virtual void send(MsgRef msg) = 0;

  // ceph_con_keepalive(): write a KEEPALIVE2 (or a bare KEEPALIVE if the peer lacks the
  // feature) ahead of any queued message, as soon as the connection is open. The KEEPALIVE2
  // carries CLOCK_REALTIME read when it is written, not when this is called.
  virtual void keepalive() = 0;

  // ceph_con_keepalive_expired(): true iff interval > 0, the peer (at the last completed
  // handshake) advertised KEEPALIVE2, and now >= last_keepalive_ack + interval, where
  // last_keepalive_ack is the stamp echoed by the newest KEEPALIVE2_ACK (never reset).
  virtual bool keepalive_expired(jiffies_t interval) const = 0;

  // ceph_msg_revoke(): if `msg` is queued on this connection and not yet written, unqueue it.
  virtual void revoke(const MsgRef& msg) = 0;

  // ceph_msg_revoke_incoming(): if the messenger is reading into `msg`, abandon that read.
  virtual void revoke_incoming(const MsgRef& msg) = 0;

  // con->peer_features from the last completed handshake (0 before any).
  virtual std::uint64_t peer_features() const = 0;

  // The peer this connection was last opened to (con->peer_name).
  virtual EntityName peer_name() const = 0;
};

}  // namespace monsim::kern
