#include "sim/userspace/async_connection.h"

#include "client/kern/errno.h"

namespace monsim::sim {

using Tag = MsgrFrame::Tag;

AsyncConnection::AsyncConnection(Net& net, NodeId node, EventLoop& worker, const SimClock& clock,
                                 kern::TraceSink& trace, DispatchSink& sink, AsyncMessengerConfig cfg,
                                 const kern::EntityAddr& peer)
    : net_(net), node_(node), worker_(worker), clock_(clock), trace_(trace), sink_(sink), cfg_(cfg), peer_(peer) {}

AsyncConnection::~AsyncConnection() {
  for (EventLoop::Id id : {tick_, wakeup_, write_})
    if (id) worker_.cancel(id);
  if (sock_) net_.close(sock_);
}

// ceph::coarse_mono_clock::now(): the monotonic clock as of the last jiffy.
std::int64_t AsyncConnection::coarse_mono() const {
  const nanos jiffy = NS_PER_S / clock_.hz();
  return now_ns() / jiffy * jiffy;
}

userspace::Utime AsyncConnection::now() const {
  const kern::Timespec t = clock_.realtime();
  return {t.sec, t.nsec};
}

void AsyncConnection::connect() {
  trace_.emit("con_open", {{"peer_port", static_cast<unsigned>(peer_.port)}});
  attempt();
}

// The STATE_CONNECTING step of AsyncConnection::process(): a new socket, and the connection
// tick armed to fault an attempt that makes no progress (ms_connection_ready_timeout).
void AsyncConnection::attempt() {
  wakeup_ = 0;
  state_ = State::connecting;
  last_connect_started_ = coarse_mono();
  sock_ = net_.connect(node_, peer_.ipv4, peer_.port, this);
  arm_tick(cfg_.ready_timeout);
}

void AsyncConnection::arm_tick(nanos after) {
  if (tick_) worker_.cancel(tick_);
  tick_ = worker_.after(after, [this] {
    tick_ = 0;
    tick();
  });
}

// AsyncConnection::tick(): connecting — fault once an attempt has made no progress for the
// ready timeout (on the coarse clock; else look again one timeout later); open — fault once
// nothing has been read for the idle timeout.
void AsyncConnection::tick() {
  const std::int64_t now = coarse_mono();
  if (state_ == State::connecting) {
    if (cfg_.ready_timeout <= now - last_connect_started_) {
      trace_.emit("con_fault", {{"why", "see no progress during connecting"}, {"action", "backoff"}});
      fault("ready timeout");
    } else {
      arm_tick(cfg_.ready_timeout);
    }
  } else if (state_ == State::open) {
    if (cfg_.idle_timeout < now - last_active_)
      fault("idle timeout");
    else
      arm_tick(cfg_.idle_timeout);
  }
}

// ProtocolV1::fault(): an OPENED lossy connection fails for good and its dispatchers hear of
// it; one still connecting retries the same peer after a backoff, telling no one.
void AsyncConnection::fault(const char* why) {
  if (state_ == State::closed) return;
  if (sock_) net_.close(sock_);
  sock_ = 0;
  if (state_ == State::open) {
    trace_.emit("con_fault", {{"why", why}, {"action", "lossy: failing"}});
    stop();
    sink_.queue_reset(shared_from_this());
    return;
  }
  if (backoff_ == 0)
    backoff_ = cfg_.initial_backoff;
  else
    backoff_ = std::min(backoff_ + backoff_, cfg_.max_backoff);
  state_ = State::backoff;
  if (tick_) worker_.cancel(tick_);
  tick_ = 0;
  trace_.emit("con_backoff", {{"why", why}, {"delay", static_cast<double>(backoff_) / NS_PER_S}});
  wakeup_ = worker_.after(backoff_, [this] { attempt(); });
}

// ProtocolV1::stop(): the queue dropped, the connection closed, unregistered.
void AsyncConnection::stop() {
  state_ = State::closed;
  out_q_.clear();
  keepalive_ = false;
  for (EventLoop::Id* id : {&tick_, &wakeup_, &write_}) {
    if (*id) worker_.cancel(*id);
    *id = 0;
  }
  if (sock_) net_.close(sock_);
  sock_ = 0;
  sink_.unregister(this);
}

void AsyncConnection::mark_down() {
  if (state_ == State::closed) return;
  trace_.emit("con_mark_down", {{"queued", out_q_.size()}});
  stop();
}

void AsyncConnection::send_message(kern::MsgRef m) {
  if (state_ == State::closed) return;  // "connection closed. Drop message"
  out_q_.push_back(std::move(m));
  queue_write();
}

void AsyncConnection::send_keepalive() {
  if (state_ == State::closed) return;
  keepalive_ = true;
  queue_write();
}

// dispatch_event_external(write_handler): the worker writes after the caller returns.
void AsyncConnection::queue_write() {
  if (write_ || state_ != State::open) return;
  write_ = worker_.post([this] {
    write_ = 0;
    write_pending();
  });
}

// ProtocolV1::write_event(): a pending keepalive first, stamped now; then the queue.
void AsyncConnection::write_pending() {
  if (state_ != State::open) return;
  if (keepalive_) {
    keepalive_ = false;
    auto f = std::make_shared<MsgrFrame>();
    f->tag = has_feature(kern::FEATURE_MSGR_KEEPALIVE2) ? Tag::keepalive2 : Tag::keepalive;
    const userspace::Utime t = now();
    f->stamp = {t.sec, t.nsec};
    write_frame(std::move(f));
  }
  while (!out_q_.empty()) {
    kern::MsgRef m = std::move(out_q_.front());
    out_q_.pop_front();
    write_frame(MsgrFrame::message(*m, ++out_seq_));
  }
}

void AsyncConnection::write_frame(std::shared_ptr<MsgrFrame> f) {
  const std::uint32_t bytes = f->wire_bytes();
  net_.send(sock_, std::move(f), bytes);
}

void AsyncConnection::on_connected(SocketId id) {
  if (id != sock_) return;
  auto banner = std::make_shared<MsgrFrame>();
  banner->tag = Tag::banner;
  write_frame(std::move(banner));
}

void AsyncConnection::on_data(SocketId id, FramePtr frame) {
  if (id != sock_) return;
  last_active_ = coarse_mono();
  const auto& f = static_cast<const MsgrFrame&>(*frame);
  switch (f.tag) {
    case Tag::banner: {
      auto c = std::make_shared<MsgrFrame>();
      c->tag = Tag::connect;
      c->features = cfg_.features;
      write_frame(std::move(c));
      return;
    }
    case Tag::ready:  // ProtocolV1::ready(): OPENED, the tick now watches for idleness
      if (state_ != State::connecting) return;
      state_ = State::open;
      features_ = f.features & cfg_.features;
      backoff_ = 0;
      arm_tick(cfg_.idle_timeout);
      trace_.emit("con_ready", {{"keepalive2", has_feature(kern::FEATURE_MSGR_KEEPALIVE2)}});
      sink_.queue_connect(shared_from_this());
      write_pending();
      return;
    case Tag::keepalive2_ack:  // handle_keepalive2_ack(): the stamp we sent, echoed
      last_keepalive_ack_ = {f.stamp.sec, f.stamp.nsec};
      trace_.emit("keepalive2_ack", {{"stamp_sec", f.stamp.sec}, {"stamp_nsec", f.stamp.nsec}});
      return;
    case Tag::msg:
      if (state_ != State::open) return;
      {
        auto m = std::make_shared<kern::Message>();
        m->hdr = f.hdr;
        m->front = f.front;
        m->front_alloc_len = static_cast<std::uint32_t>(f.front.size());
        sink_.queue_dispatch(shared_from_this(), std::move(m));
      }
      return;
    default:
      return;
  }
}

void AsyncConnection::on_error(SocketId id, int err) {
  if (id != sock_) return;
  sock_ = 0;
  fault(kern::errno_name(err));
}

}  // namespace monsim::sim
