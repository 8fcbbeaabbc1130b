#include "sim/net/messenger.h"

#include <algorithm>

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "sim/engine/sim_clock.h"

namespace monsim::sim {

using kern::Field;
using Tag = MsgrFrame::Tag;

namespace {
constexpr std::uint32_t BANNER = 9;         // "ceph v027"
constexpr std::uint32_t ENTITY_ADDR = 136;  // sockaddr_storage + type + nonce
}  // namespace

std::uint32_t MsgrFrame::wire_bytes() const {
  switch (tag) {
    case Tag::banner: return from_server ? BANNER + 2 * ENTITY_ADDR : BANNER + ENTITY_ADDR;
    case Tag::connect: return 33;  // struct ceph_msg_connect, no authorizer
    case Tag::ready: return 26;    // tag + struct ceph_msg_connect_reply
    case Tag::msg:
      return 1 + kern::MSG_HEADER_BYTES + static_cast<std::uint32_t>(front.size()) +
             kern::MSG_FOOTER_BYTES;
    case Tag::keepalive: return 1;
    case Tag::keepalive2:
    case Tag::keepalive2_ack: return 1 + 8;
  }
  return 1;
}

std::shared_ptr<MsgrFrame> MsgrFrame::message(const kern::Message& m, std::uint64_t seq) {
  auto f = std::make_shared<MsgrFrame>();
  f->tag = Tag::msg;
  f->hdr = m.hdr;
  f->hdr.seq = seq;
  f->hdr.front_len = static_cast<std::uint32_t>(m.front.size());
  f->front = m.front;
  return f;
}

// ============================================================== client side

SimConnection::SimConnection(Net& net, NodeId node, EventLoop& messenger, const SimClock& clock,
                             kern::TraceSink& trace, kern::ConnectionOwner& owner,
                             MessengerConfig cfg)
    : net_(net), node_(node), loop_(messenger), clock_(clock), trace_(trace), owner_(owner),
      cfg_(cfg) {}

SimConnection::~SimConnection() {
  if (work_) loop_.cancel(work_);
  if (sock_) net_.close(sock_);
}

void SimConnection::trace(const char* event, std::vector<Field> fields) {
  trace_.emit(event, std::move(fields));
}

// port of ceph_con_open()
void SimConnection::open(kern::EntityName peer, const kern::EntityAddr& addr) {
  MONSIM_BUG_ON(state_ != State::closed);
  state_ = State::preopen;
  peer_name_ = peer;
  peer_addr_ = addr;
  delay_ = 0;  // reset backoff memory
  trace("con_open", {{"peer_type", static_cast<unsigned>(peer.type)}, {"peer_num", peer.num}});
  queue_work();
}

// port of ceph_con_close()
void SimConnection::close() {
  trace("con_close", {{"queued", out_queue_.size()}});
  state_ = State::closed;
  lossy_ = false;
  keepalive_pending_ = false;
  out_queue_.clear();  // reset_connection(): discard queued and partially read messages
  in_msg_.reset();
  out_seq_ = 0;
  ++generation_;
  if (work_) loop_.cancel(work_);  // cancel_con(): also a pending backoff retry
  work_ = 0;
  if (sock_) net_.close(sock_);
  sock_ = 0;
}

// port of ceph_con_send()
void SimConnection::send(kern::MsgRef msg) {
  if (state_ == State::closed) {
    trace("msg_drop", {{"type", static_cast<unsigned>(msg->hdr.type)}, {"why", "con closed"}});
    return;
  }
  MONSIM_BUG_ON(std::find(out_queue_.begin(), out_queue_.end(), msg) != out_queue_.end());
  out_queue_.push_back(std::move(msg));
  clear_standby();
  queue_work();
}

// port of ceph_con_keepalive()
void SimConnection::keepalive() {
  clear_standby();
  keepalive_pending_ = true;
  queue_work();
}

// port of ceph_con_keepalive_expired()
bool SimConnection::keepalive_expired(kern::jiffies_t interval) const {
  if (interval > 0 && (peer_features_ & kern::FEATURE_MSGR_KEEPALIVE2)) {
    const kern::Timespec now = clock_.realtime();
    const kern::Timespec deadline =
        kern::timespec_add_jiffies(last_keepalive_ack_, interval, clock_.hz());
    return now >= deadline;
  }
  return false;
}

// port of ceph_msg_revoke(): only a message not yet written can be taken back; once written
// it is on the wire (a lossy connection keeps no copy to resend).
void SimConnection::revoke(const kern::MsgRef& msg) {
  auto it = std::find(out_queue_.begin(), out_queue_.end(), msg);
  if (it != out_queue_.end()) out_queue_.erase(it);
}

// port of ceph_msg_revoke_incoming()
void SimConnection::revoke_incoming(const kern::MsgRef& msg) {
  if (in_msg_ && in_msg_ == msg) in_msg_revoked_ = true;
}

// port of clear_standby()
void SimConnection::clear_standby() {
  if (state_ == State::standby) state_ = State::preopen;
}

// port of queue_con(): the connection's work runs in the messenger context, after whatever
// that context is running now (the caller's own work goes first: a tick that asks for a
// keepalive finishes before the messenger writes it, at the same instant). One pending run
// is enough: it writes everything queued by then.
void SimConnection::queue_work() {
  if (work_) return;
  work_ = loop_.post([this] {
    work_ = 0;
    con_work();
  });
}

// port of con_work() / try_write() for the states this model has.
void SimConnection::con_work() {
  switch (state_) {
    case State::closed:
    case State::standby:
    case State::connecting:
      return;
    case State::preopen:
      state_ = State::connecting;
      sock_ = net_.connect(node_, peer_addr_.ipv4, peer_addr_.port, this);
      return;
    case State::open:
      write_pending();
      return;
  }
}

void SimConnection::write_frame(std::shared_ptr<MsgrFrame> f) {
  const std::uint32_t bytes = f->wire_bytes();
  net_.send(sock_, std::move(f), bytes);
}

// try_write(): a pending keepalive goes before any queued message.
void SimConnection::write_pending() {
  if (keepalive_pending_) {
    keepalive_pending_ = false;
    auto f = std::make_shared<MsgrFrame>();
    if (peer_features_ & kern::FEATURE_MSGR_KEEPALIVE2) {
      f->tag = Tag::keepalive2;
      f->stamp = clock_.realtime();  // prepare_write_keepalive(): stamped as it is written
      trace("keepalive2_write", {{"stamp_sec", f->stamp.sec}, {"stamp_nsec", f->stamp.nsec}});
    } else {
      f->tag = Tag::keepalive;
    }
    write_frame(std::move(f));
  }
  while (!out_queue_.empty()) {
    kern::MsgRef m = std::move(out_queue_.front());
    out_queue_.pop_front();
    write_frame(MsgrFrame::message(*m, ++out_seq_));
  }
}

void SimConnection::on_connected(SocketId id) {
  if (id != sock_) return;
  auto banner = std::make_shared<MsgrFrame>();
  banner->tag = Tag::banner;
  write_frame(std::move(banner));
}

void SimConnection::on_data(SocketId id, FramePtr frame) {
  if (id != sock_) return;
  const auto& f = static_cast<const MsgrFrame&>(*frame);
  switch (f.tag) {
    case Tag::banner: {  // the server's banner: answer with CONNECT
      if (state_ != State::connecting) return;
      auto c = std::make_shared<MsgrFrame>();
      c->tag = Tag::connect;
      c->features = cfg_.features;
      write_frame(std::move(c));
      return;
    }
    case Tag::ready: {  // port of process_connect(), CEPH_MSGR_TAG_READY
      if (state_ != State::connecting) return;
      state_ = State::open;
      peer_features_ = f.features;
      if (f.flags & CONNECT_LOSSY) lossy_ = true;
      delay_ = 0;  // reset backoff memory
      trace("con_ready", {{"lossy", lossy_},
                          {"keepalive2", (peer_features_ & kern::FEATURE_MSGR_KEEPALIVE2) != 0}});
      write_pending();
      return;
    }
    case Tag::keepalive2_ack:
      last_keepalive_ack_ = f.stamp;
      trace("keepalive2_ack", {{"stamp_sec", f.stamp.sec}, {"stamp_nsec", f.stamp.nsec}});
      return;
    case Tag::msg:
      if (state_ == State::open) receive_message(f);
      return;
    default:
      return;
  }
}

// read_partial_message() + ceph_con_in_msg_alloc() + process_message().
void SimConnection::receive_message(const MsgrFrame& f) {
  if (f.hdr.front_len > kern::MSG_MAX_FRONT_LEN) {
    fault(-kern::ERR_EIO, "front too large");
    return;
  }
  const std::uint64_t gen = generation_;
  bool skip = false;
  // The messenger drops its lock around alloc_msg(): the owner may block on its mutex.
  kern::MsgRef m = owner_.alloc_msg(f.hdr, &skip);
  if (gen != generation_ || state_ != State::open) return;  // closed meanwhile: -ERR_EAGAIN
  if (!m) {
    if (skip) {
      trace("msg_skip", {{"type", static_cast<unsigned>(f.hdr.type)}, {"tid", f.hdr.tid}});
      return;
    }
    fault(-kern::ERR_ENOMEM, "error allocating memory for incoming message");
    return;
  }
  MONSIM_BUG_ON(m->front_alloc_len < f.hdr.front_len);
  m->hdr = f.hdr;
  m->front = f.front;
  // port: the front is read in one step here, so revoke_incoming() can only hit a message
  // while alloc_msg() above was blocked; the kernel may also abandon a front half-read.
  in_msg_ = m;
  const bool revoked = in_msg_revoked_;
  in_msg_.reset();
  in_msg_revoked_ = false;
  if (revoked) return;
  owner_.dispatch(std::move(m));
}

void SimConnection::on_error(SocketId id, int err) {
  if (id != sock_) return;
  sock_ = 0;
  fault(err, "socket error");
}

// port of con_fault() followed by con_fault_finish() (the owner's fault callback).
void SimConnection::fault(int err, const char* why) {
  if (state_ == State::closed || state_ == State::standby) return;
  if (sock_) net_.close(sock_);  // con_close_socket()
  sock_ = 0;
  ++generation_;
  in_msg_.reset();
  const char* action;
  if (lossy_) {
    state_ = State::closed;  // a lossy connection is never retried
    action = "closed";
  } else if (out_queue_.empty() && !keepalive_pending_) {
    state_ = State::standby;
    action = "standby";
  } else {
    // Retry the same peer after a backoff (cfg_.backoff: the kernel's generation), queued
    // through queue_con_delay() (con_backoff()).
    state_ = State::preopen;
    const unsigned hz = clock_.hz();
    const ReconnectBackoff& b = cfg_.backoff;
    const kern::jiffies_t base = hz / b.base_div, max = kern::jiffies_t{b.max_s} * hz;
    if (delay_ == 0) {
      delay_ = base;
    } else if (delay_ < max) {
      delay_ *= 2;
      if (b.clamp && delay_ > max) delay_ = max;
    }
    action = "backoff";
    const kern::jiffies_t rounded = (b.round_short || delay_ >= hz)
                                        ? kern::round_jiffies_relative(delay_, clock_.jiffies(), hz, clock_.cpu())
                                        : delay_;
    if (work_) loop_.cancel(work_);
    const kern::jiffies_t fires = clock_.add_timer(rounded);  // queue_delayed_work(): a timer
    work_ = loop_.at(clock_.instant_of(fires), [this, fires] {
      clock_.timer_ran(fires);
      work_ = 0;
      con_work();
    });
  }
  trace("con_fault", {{"err", kern::errno_name(err)},
                      {"why", why},
                      {"action", action},
                      {"delay_jiffies", delay_}});
  owner_.fault();
}

// ============================================================== server side

struct ServerMessenger::Conn : SocketEvents {
  ServerMessenger& m;
  SocketId id;
  NodeId peer;
  bool open = false;

  Conn(ServerMessenger& mm, SocketId i, NodeId p) : m(mm), id(i), peer(p) {}

  void on_connected(SocketId) override {}
  void on_data(SocketId, FramePtr frame) override { m_on_data(static_cast<const MsgrFrame&>(*frame)); }
  void on_error(SocketId, int) override {
    const SocketId gone = id;
    ServerMessenger& mm = m;
    const bool was_open = open;
    mm.conns_.erase(gone);  // destroys this
    if (was_open && mm.handler_) mm.handler_->on_session_closed(gone);
  }

  void write(std::shared_ptr<MsgrFrame> f) {
    const std::uint32_t bytes = f->wire_bytes();
    m.net_.send(id, std::move(f), bytes);
  }

  void m_on_data(const MsgrFrame& f) {
    switch (f.tag) {
      case Tag::connect: {
        auto r = std::make_shared<MsgrFrame>();
        r->tag = Tag::ready;
        // msgr1 accept: what both sides support (an old client gets no KEEPALIVE2).
        r->features = m.features_ & f.features;
        const std::uint64_t features = r->features;
        r->flags = CONNECT_LOSSY;  // monitors make client connections lossy
        write(std::move(r));
        open = true;
        if (m.handler_) m.handler_->on_session_open(id, peer, features);
        return;
      }
      case Tag::keepalive2: {  // acked by the messenger itself, echoing the client's stamp
        if (!(m.features_ & kern::FEATURE_MSGR_KEEPALIVE2)) return;
        const nanos delay = m.handler_ ? m.handler_->keepalive_ack_delay(id) : 0;
        if (delay < 0) return;
        auto a = std::make_shared<MsgrFrame>();
        a->tag = Tag::keepalive2_ack;
        a->stamp = f.stamp;
        if (delay == 0 || !m.loop_) {
          write(std::move(a));
          return;
        }
        ServerMessenger& mm = m;
        const SocketId cid = id;
        m.loop_->after(delay, [&mm, cid, a] {
          auto it = mm.conns_.find(cid);
          if (it != mm.conns_.end()) it->second->write(a);
        });
        return;
      }
      case Tag::msg: {
        if (!open || !m.handler_) return;
        auto msg = std::make_shared<kern::Message>();
        msg->hdr = f.hdr;
        msg->front = f.front;
        msg->front_alloc_len = static_cast<std::uint32_t>(f.front.size());
        m.handler_->on_message(id, std::move(msg));
        return;
      }
      default:
        return;
    }
  }
};

ServerMessenger::ServerMessenger(Net& net, NodeId node, kern::TraceSink& trace,
                                 std::uint64_t features)
    : net_(net), node_(node), trace_(trace), features_(features) {}

ServerMessenger::~ServerMessenger() = default;

void ServerMessenger::forget_all() { conns_.clear(); }

void ServerMessenger::listen(std::uint16_t port) { net_.listen(node_, port, this); }
void ServerMessenger::unlisten(std::uint16_t port) { net_.unlisten(node_, port); }

SocketEvents* ServerMessenger::on_accept(SocketId id, NodeId peer) {
  auto conn = std::make_unique<Conn>(*this, id, peer);
  Conn* raw = conn.get();
  conns_[id] = std::move(conn);
  auto banner = std::make_shared<MsgrFrame>();
  banner->tag = Tag::banner;
  banner->from_server = true;
  raw->write(std::move(banner));
  return raw;
}

void ServerMessenger::send(ConnId conn, const kern::MsgRef& msg) {
  auto it = conns_.find(conn);
  if (it == conns_.end() || !it->second->open) return;
  it->second->write(MsgrFrame::message(*msg, ++out_seq_));
}

void ServerMessenger::close(ConnId conn) {
  auto it = conns_.find(conn);
  if (it == conns_.end()) return;
  const bool was_open = it->second->open;
  conns_.erase(it);
  net_.close(conn);
  if (was_open && handler_) handler_->on_session_closed(conn);
}

std::vector<ServerMessenger::ConnId> ServerMessenger::connections() const {
  std::vector<ConnId> out;
  for (const auto& [id, c] : conns_)
    if (c->open) out.push_back(id);
  return out;
}

NodeId ServerMessenger::peer_of(ConnId conn) const {
  auto it = conns_.find(conn);
  return it == conns_.end() ? -1 : it->second->peer;
}

}  // namespace monsim::sim
