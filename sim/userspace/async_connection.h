// AsyncConnection (msg/async, 16.2) on sim/net: one lossy msgr1 client connection to a
// monitor, as client/userspace/messenger.h describes it. The frames and the handshake are
// sim/net/messenger.h's (banner, CONNECT, READY); what differs from the kernel's connection
// is what a fault does (ProtocolV1::fault()) and the messenger's own connection tick.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>

#include "client/kern/trace.h"
#include "client/userspace/messenger.h"
#include "sim/engine/event_loop.h"
#include "sim/engine/sim_clock.h"
#include "sim/net/messenger.h"
#include "sim/net/net.h"

namespace monsim::sim {

// The options AsyncMessenger reads, with their 16.2.15 defaults (ceph-conf -D).
struct AsyncMessengerConfig {
  std::uint64_t features = 0;              // what CONNECT advertises
  nanos initial_backoff = 200 * NS_PER_MS;  // ms_initial_backoff
  nanos max_backoff = 15 * NS_PER_S;        // ms_max_backoff
  nanos ready_timeout = 10 * NS_PER_S;      // ms_connection_ready_timeout
  nanos idle_timeout = 900 * NS_PER_S;      // ms_connection_idle_timeout
};

class AsyncConnection;

// Where a connection's events go: its messenger, which queues them to the dispatchers.
class DispatchSink {
 public:
  virtual ~DispatchSink() = default;
  virtual void queue_dispatch(const userspace::ConnectionRef& con, kern::MsgRef m) = 0;
  virtual void queue_connect(const userspace::ConnectionRef& con) = 0;
  virtual void queue_reset(const userspace::ConnectionRef& con) = 0;
  virtual void unregister(const AsyncConnection* con) = 0;
};

class AsyncConnection : public userspace::Connection,
                        public std::enable_shared_from_this<AsyncConnection>,
                        private SocketEvents {
 public:
  AsyncConnection(Net& net, NodeId node, EventLoop& worker, const SimClock& clock,
                  kern::TraceSink& trace, DispatchSink& sink, AsyncMessengerConfig cfg,
                  const kern::EntityAddr& peer);
  ~AsyncConnection() override;

  // AsyncConnection::connect() -> _connect(): start the first attempt.
  void connect();

  void send_message(kern::MsgRef m) override;
  void send_keepalive() override;
  void mark_down() override;
  userspace::Utime get_last_keepalive_ack() const override { return last_keepalive_ack_; }
  void set_last_keepalive_ack(userspace::Utime t) override { last_keepalive_ack_ = t; }
  bool has_feature(std::uint64_t f) const override { return (features_ & f) == f; }
  const kern::EntityAddr& peer_addr() const override { return peer_; }
  bool is_connected() const override { return state_ == State::open; }

  enum class State { connecting, backoff, open, closed };
  State state() const { return state_; }
  SocketId socket() const { return sock_; }

 private:
  void on_connected(SocketId id) override;
  void on_data(SocketId id, FramePtr frame) override;
  void on_error(SocketId id, int err) override;

  void attempt();
  void arm_tick(nanos after);
  void tick();
  void fault(const char* why);
  void stop();
  void queue_write();
  void write_pending();
  void write_frame(std::shared_ptr<MsgrFrame> f);
  std::int64_t coarse_mono() const;
  userspace::Utime now() const;

  Net& net_;
  NodeId node_;
  EventLoop& worker_;
  const SimClock& clock_;
  kern::TraceSink& trace_;
  DispatchSink& sink_;
  AsyncMessengerConfig cfg_;
  kern::EntityAddr peer_;

  State state_ = State::connecting;
  SocketId sock_ = 0;
  std::uint64_t features_ = 0;
  std::deque<kern::MsgRef> out_q_;
  bool keepalive_ = false;
  nanos backoff_ = 0;
  std::int64_t last_connect_started_ = 0;  // coarse monotonic
  std::int64_t last_active_ = 0;           // coarse monotonic, of the last read
  userspace::Utime last_keepalive_ack_;
  std::uint64_t out_seq_ = 0;
  EventLoop::Id tick_ = 0, wakeup_ = 0, write_ = 0;
};

}  // namespace monsim::sim
