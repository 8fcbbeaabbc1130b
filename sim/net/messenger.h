// The msgr1 messenger on top of sim/net: the kernel's ceph_connection for clients, and the
// accepting side for the mock monitors.
//
// Handshake (msgr1): after the TCP handshake the client writes its banner, the server writes
// its banner when it accepts, the client answers the server's banner with CONNECT and the
// server answers with READY (its features, and the LOSSY flag monitors give clients). The
// client connection is OPEN three round trips after the SYN.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/kern/connection.h"
#include "client/kern/trace.h"
#include "sim/engine/event_loop.h"
#include "sim/net/net.h"

namespace monsim::sim {

class SimClock;

// What travels on a connection.
struct MsgrFrame : Frame {
  enum class Tag { banner, connect, ready, msg, keepalive, keepalive2, keepalive2_ack };
  Tag tag = Tag::banner;
  bool from_server = false;    // banner: the server's also carries the peer's address
  std::uint64_t features = 0;  // connect, ready
  std::uint8_t flags = 0;      // ready: CEPH_MSG_CONNECT_LOSSY
  kern::Timespec stamp;        // keepalive2, keepalive2_ack
  kern::MsgHeader hdr;         // msg: a copy of what was written
  std::vector<std::uint8_t> front;

  // A message as written: a copy of header and front, with the connection's sequence number.
  static std::shared_ptr<MsgrFrame> message(const kern::Message& m, std::uint64_t seq);

  // Bytes on the wire (msgr1 framing), for the bandwidth model.
  std::uint32_t wire_bytes() const;
};

inline constexpr std::uint8_t CONNECT_LOSSY = 1;
inline constexpr std::uint16_t MON_PORT = 6789;

// con_fault()'s reconnect backoff before a connection is lossy (con->delay), in fractions
// and multiples of HZ: the first delay, doubled at each fault up to the cap.
struct ReconnectBackoff {
  unsigned base_div = 2;           // BASE_DELAY_INTERVAL = HZ / base_div
  unsigned max_s = 5 * 60;         // MAX_DELAY_INTERVAL = max_s * HZ
  bool clamp = false;              // the doubled delay is cut to the cap (else it may pass it once)
  bool round_short = true;         // queue_con_delay() rounds delays below HZ as well

  // 2.6.34 to 5.10: 0.5 s, doubling while below 5 minutes (so up to 512 s), every delay
  // through round_jiffies_relative().
  static ReconnectBackoff until_5_10() { return {}; }
  // 5.11 ("libceph: lower exponential backoff delay"): 0.25 s doubling, clamped at 15 s;
  // queue_con_delay() rounds only a delay of a second or more. A real 6.1 client queued 62,
  // 124, 248, 503, 991, 1939, 3695 jiffies at HZ 250 (reference/real-kernel-6.1, run1).
  static ReconnectBackoff since_5_11() { return {4, 15, true, false}; }
};

// What the messenger model may be told (defaults are the kernel's).
struct MessengerConfig {
  // Features this client advertises in CONNECT.
  std::uint64_t features = kern::FEATURE_SUBSCRIBE2 | kern::FEATURE_MSG_AUTH |
                           kern::FEATURE_MSGR_KEEPALIVE2;
  ReconnectBackoff backoff;
};

// The client side: kern::Connection for the port, on the node's messenger loop.
class SimConnection : public kern::Connection, private SocketEvents {
 public:
  SimConnection(Net& net, NodeId node, EventLoop& messenger, const SimClock& clock,
                kern::TraceSink& trace, kern::ConnectionOwner& owner, MessengerConfig cfg);
  ~SimConnection() override;

  void open(kern::EntityName peer, const kern::EntityAddr& addr) override;
  void close() override;
  void send(kern::MsgRef msg) override;
  void keepalive() override;
  bool keepalive_expired(kern::jiffies_t interval) const override;
  void revoke(const kern::MsgRef& msg) override;
  void revoke_incoming(const kern::MsgRef& msg) override;
  std::uint64_t peer_features() const override { return peer_features_; }
  kern::EntityName peer_name() const override { return peer_name_; }

  // For tests and the chaos layer.
  enum class State { closed, preopen, connecting, open, standby };
  State state() const { return state_; }
  bool lossy() const { return lossy_; }
  kern::jiffies_t backoff_delay() const { return delay_; }
  kern::Timespec last_keepalive_ack() const { return last_keepalive_ack_; }
  std::size_t queued() const { return out_queue_.size(); }
  SocketId socket() const { return sock_; }

 private:
  void on_connected(SocketId id) override;
  void on_data(SocketId id, FramePtr frame) override;
  void on_error(SocketId id, int err) override;

  void queue_work();
  void con_work();
  void write_pending();
  void receive_message(const MsgrFrame& f);
  void fault(int err, const char* why);
  void clear_standby();
  void write_frame(std::shared_ptr<MsgrFrame> f);
  void trace(const char* event, std::vector<kern::Field> fields);

  Net& net_;
  NodeId node_;
  EventLoop& loop_;
  const SimClock& clock_;
  kern::TraceSink& trace_;
  kern::ConnectionOwner& owner_;
  MessengerConfig cfg_;

  State state_ = State::closed;
  kern::EntityName peer_name_;
  kern::EntityAddr peer_addr_;
  std::deque<kern::MsgRef> out_queue_;
  bool keepalive_pending_ = false;
  bool lossy_ = false;
  kern::jiffies_t delay_ = 0;  // reconnect backoff (con->delay)
  std::uint64_t peer_features_ = 0;
  kern::Timespec last_keepalive_ack_{};
  SocketId sock_ = 0;
  EventLoop::Id work_ = 0;
  std::uint64_t out_seq_ = 0;
  kern::MsgRef in_msg_;
  bool in_msg_revoked_ = false;
  std::uint64_t generation_ = 0;  // bumped by close() and faults: stale callbacks see it
};

// The accepting side of one node (a mock monitor's messenger).
class ServerMessenger : private Listener {
 public:
  using ConnId = SocketId;
  struct Handler {
    virtual ~Handler() = default;
    // A complete message from a client, in order.
    virtual void on_message(ConnId conn, kern::MsgRef msg) = 0;
    // The connection's handshake completed (READY sent, with the features both sides have).
    virtual void on_session_open(ConnId conn, NodeId peer, std::uint64_t features) {}
    // The connection is gone (peer closed or reset, or TCP gave up).
    virtual void on_session_closed(ConnId conn) {}
    // A KEEPALIVE2 arrived: how long until the messenger acks it (< 0: never).
    virtual nanos keepalive_ack_delay(ConnId conn) { return 0; }
  };

  // `features` is what READY advertises (KEEPALIVE2 or not).
  ServerMessenger(Net& net, NodeId node, kern::TraceSink& trace, std::uint64_t features);
  ~ServerMessenger() override;

  void set_handler(Handler* h) { handler_ = h; }
  void listen(std::uint16_t port = MON_PORT);
  void unlisten(std::uint16_t port = MON_PORT);

  // Send a message on an open connection (dropped if it is gone).
  void send(ConnId conn, const kern::MsgRef& msg);
  void close(ConnId conn);
  // The process died: forget every connection without a word (the network resets them).
  void forget_all();
  std::vector<ConnId> connections() const;
  NodeId peer_of(ConnId conn) const;

 private:
  struct Conn;
  SocketEvents* on_accept(SocketId id, NodeId peer) override;

  Net& net_;
  NodeId node_;
  kern::TraceSink& trace_;
  std::uint64_t features_;
  Handler* handler_ = nullptr;
  std::map<ConnId, std::unique_ptr<Conn>> conns_;
  std::uint64_t out_seq_ = 0;
  EventLoop* loop_ = nullptr;  // for delayed keepalive acks

 public:
  void set_loop(EventLoop* loop) { loop_ = loop; }
};

}  // namespace monsim::sim
