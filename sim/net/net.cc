#include "sim/net/net.h"

#include <algorithm>
#include <cmath>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "sim/engine/engine.h"
#include "sim/engine/transfer.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;
using kern::Field;

Net::Net(NetConfig cfg, TraceWriter& trace, std::uint64_t seed)
    : cfg_(cfg), trace_(trace), jitter_rng_(seed, "net.jitter") {}

Net::~Net() = default;

NodeId Net::add_node(const std::string& name, std::uint32_t ipv4) {
  MONSIM_BUG_ON(built_);
  MONSIM_BUG_ON(by_ip_.count(ipv4) != 0);
  const NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(Node{name, ipv4});
  by_ip_[ipv4] = id;
  return id;
}

void Net::build() {
  MONSIM_BUG_ON(built_);
  auto* zone = sg4::create_star_zone("net");
  for (auto& n : nodes_) {
    n.host = zone->create_host(n.name, 1e9);
    // One full-duplex link per node: what a node sends shares its up direction, what it
    // receives its down direction. No latency here: this layer adds it per pair.
    auto* nic = zone->create_split_duplex_link(n.name + ".nic", cfg_.bandwidth_bps / 8)
                    ->set_latency(0)
                    ->seal();
    zone->add_route(n.host->get_netpoint(), nullptr, nullptr, nullptr,
                    {{nic, sg4::LinkInRoute::Direction::UP}}, true);
  }
  net_host_ = zone->create_host("net", 1e9);  // runs the TCP timers; carries no traffic
  up_free_.assign(nodes_.size(), 0);
  down_free_.assign(nodes_.size(), 0);
  zone->seal();
  timers_ = std::make_unique<EventLoop>("net.tcp");
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    own_clocks_.push_back(std::make_unique<SimClock>(cfg_.host_hz, 0));
    clocks_.push_back(own_clocks_.back().get());
    loss_probe_.push_back(true);
  }
  built_ = true;
}

void Net::set_process_loop(NodeId node, EventLoop* loop) { nodes_.at(node).process = loop; }

void Net::set_clock(NodeId node, const SimClock* clock, bool loss_probe) {
  MONSIM_BUG_ON(!built_ || clock == nullptr);
  clocks_.at(static_cast<std::size_t>(node)) = clock;
  loss_probe_.at(static_cast<std::size_t>(node)) = loss_probe;
}

sg4::Host* Net::host(NodeId node) const { return nodes_.at(node).host; }
const std::string& Net::name(NodeId node) const { return nodes_.at(node).name; }
std::uint32_t Net::ipv4(NodeId node) const { return nodes_.at(node).ipv4; }

NodeId Net::node_by_ip(std::uint32_t ipv4) const {
  auto it = by_ip_.find(ipv4);
  return it == by_ip_.end() ? -1 : it->second;
}

NodeId Net::node_by_name(const std::string& name) const {
  for (NodeId i = 0; i < node_count(); ++i)
    if (nodes_[i].name == name) return i;
  return -1;
}

void Net::set_latency(NodeId from, NodeId to, nanos one_way) {
  latency_override_[{from, to}] = one_way;
}

nanos Net::latency(NodeId from, NodeId to) const {
  auto it = latency_override_.find({from, to});
  return it == latency_override_.end() ? cfg_.latency : it->second;
}

nanos Net::one_way_delay(NodeId from, NodeId to) {
  nanos d = latency(from, to);
  if (cfg_.jitter > 0) d += static_cast<nanos>(jitter_rng_.below(cfg_.jitter + 1));
  return d;
}

Net::Socket* Net::find(SocketId id) {
  return sockets_.find(id);
}

NodeId Net::socket_node(SocketId id) const {
  const Socket* s = sockets_.find(id);
  return s ? s->node : -1;
}

NodeId Net::socket_peer(SocketId id) const {
  const Socket* s = sockets_.find(id);
  return s ? s->peer : -1;
}

std::vector<SocketId> Net::sockets_of(NodeId node) const {
  std::vector<SocketId> out;
  for (SocketId id : nodes_.at(node).sockets)
    if (sockets_.find(id)->state == State::established) out.push_back(id);
  return out;
}

void Net::trace(NodeId node, const char* event, std::vector<Field> fields) {
  trace_.write({now_ns(), nodes_.at(node).name, event, std::nullopt, fields, kern::LogLevel::none, {}});
}

void Net::post_to_process(NodeId node, EventLoop::Fn fn) {
  EventLoop* loop = nodes_.at(node).process;
  MONSIM_BUG_ON(loop == nullptr);
  loop->post(std::move(fn));
}

// ---------------------------------------------------------------- partitions and power

void Net::block(NodeId from, NodeId to) { ++blocks_[{from, to}]; }

bool Net::blocked(NodeId from, NodeId to) const {
  auto it = blocks_.find({from, to});
  return it != blocks_.end() && it->second > 0;
}

void Net::unblock(NodeId from, NodeId to) {
  auto it = blocks_.find({from, to});
  if (it == blocks_.end()) return;
  if (--it->second > 0) return;
  blocks_.erase(it);
  auto h = held_.find({from, to});
  if (h == held_.end()) return;
  std::deque<Segment> lost = std::move(h->second);
  held_.erase(h);
  std::map<SocketId, std::deque<Segment>> by_sender;  // in order, per sending socket
  for (auto& seg : lost) by_sender[seg.src].push_back(std::move(seg));
  for (auto& [src, segs] : by_sender) schedule_retransmit(src, std::move(segs), retransmit_instant(src));
}

// When TCP resends what `src` lost in a partition that has healed: its data at the first
// retransmission after now on the RTO schedule of its oldest unacknowledged segment; an ACK
// when the peer retransmits the data it acknowledged and this side acknowledges again.
nanos Net::retransmit_instant(SocketId src) const {
  const nanos now = now_ns();
  const Socket* s = sockets_.find(src);
  if (!s) return now;
  if (!s->unacked.empty()) return next_rtx_after(*s, now);
  const Socket* p = sockets_.find(s->peer_id);
  if (p && !p->unacked.empty()) return next_rtx_after(*p, now) + latency(p->node, s->node);
  return now;
}

void Net::schedule_retransmit(SocketId src, std::deque<Segment> segs, nanos when) {
  Retransmit& r = retransmit_[src];
  if (r.timer) timers_->cancel(r.timer);
  for (auto& seg : segs) r.segs.push_back(std::move(seg));
  r.when = r.timer ? std::min(r.when, when) : when;
  r.timer = timers_->at(r.when, [this, src] {
    auto it = retransmit_.find(src);
    if (it == retransmit_.end()) return;
    std::deque<Segment> segs = std::move(it->second.segs);
    retransmit_.erase(it);
    if (Socket* s = find(src))
      for (const auto& seg : segs)
        if (seg.kind == Kind::data) {
          s->rtx_high = std::max(s->rtx_high, seg.seq);
          s->rtx_last = now_ns();
        }
    for (auto& seg : segs) transmit(std::move(seg));  // lost again if the path broke again
  });
}

bool Net::powered(NodeId node) const { return nodes_.at(node).powered; }

void Net::kill_process(NodeId node) {
  Node& n = nodes_.at(node);
  n.listeners.clear();
  const std::set<SocketId> ids = n.sockets;
  for (SocketId id : ids) {
    Socket& s = *sockets_.find(id);
    // The kernel closes a dead process's sockets: the peers get a reset.
    if (s.state == State::established)
      send_sequenced(s, Kind::rst, -kern::ERR_ECONNRESET);
    else if (s.state == State::syn_recv)
      send_unsequenced(Kind::rst, node, s.peer, id, s.peer_id, 0, -kern::ERR_ECONNRESET);
    handles_.erase(id);
    destroy(id);
  }
  forget_handles(node);
}

// A process that dies takes every callback still owed to it: sockets already gone whose
// error was posted to it while it was stopped (SIGSTOP holds the post) must not reach the
// connection objects the dead process freed.
void Net::forget_handles(NodeId node) {
  std::vector<SocketId> mine;
  handles_.for_each([&](std::uint64_t id, const Handle& h) {
    if (h.node == node) mine.push_back(id);
  });
  for (SocketId id : mine) handles_.erase(id);
}

void Net::power_off(NodeId node) {
  Node& n = nodes_.at(node);
  n.powered = false;
  n.listeners.clear();
  const std::set<SocketId> ids = n.sockets;
  for (SocketId id : ids) {
    handles_.erase(id);
    destroy(id);
  }
  forget_handles(node);
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->first.first == node)
      it = held_.erase(it);
    else
      ++it;
  }
  for (auto it = retransmit_.begin(); it != retransmit_.end();) {
    if (!it->second.segs.empty() && it->second.segs.front().from == node) {
      timers_->cancel(it->second.timer);
      it = retransmit_.erase(it);
    } else {
      ++it;
    }
  }
}

void Net::power_on(NodeId node) {
  nodes_.at(node).powered = true;
  // Connections that lost data while the host was off find out at their next retransmission.
  sockets_.for_each([&](SocketId, Socket& s) {
    if (s.peer == node && s.lost_data) arm_probe(s);
  });
}

// ---------------------------------------------------------------- sockets

void Net::listen(NodeId node, std::uint16_t port, Listener* listener) {
  nodes_.at(node).listeners[port] = listener;
}

void Net::unlisten(NodeId node, std::uint16_t port) { nodes_.at(node).listeners.erase(port); }

SocketId Net::connect(NodeId from, std::uint32_t ipv4, std::uint16_t port, SocketEvents* events) {
  MONSIM_BUG_ON(!built_);
  const SocketId id = next_socket_++;
  const NodeId peer = node_by_ip(ipv4);
  Socket s{};
  s.id = id;
  s.node = from;
  s.peer = peer;
  s.state = State::syn_sent;
  s.port = port;
  s.syn_first = now_ns();
  sockets_.emplace(id, std::move(s));
  nodes_[from].sockets.insert(id);
  handles_.set(id, Handle{from, events});
  if (peer < 0) {
    fail(id, -kern::ERR_EHOSTUNREACH, "no route");
    return id;
  }
  trace(from, "conn_open", {{"peer", nodes_[peer].name}, {"sock", id}});
  send_unsequenced(Kind::syn, from, peer, id, 0, 0, 0, port);
  Socket& sk = *sockets_.find(id);
  sk.syn_last = sk.syn_first;
  // port of tcp_connect(): the SYN's timer, TCP_TIMEOUT_INIT, doubling on every firing.
  const HostTimers ht = host_timers(from);
  sk.syn_firings = RtxFirings(arm_chain(clock_of(from).jiffies(), ht.hz, false, ht.hz, ht), ht);
  arm_syn_timer(sk);
  return id;
}

// port of tcp_retransmit_timer() and tcp_write_timeout() for a SYN: each firing sends it
// again, until the one that finds syn_retries sent (icsk_retransmits >= retry_until).
void Net::arm_syn_timer(Socket& s) {
  const SocketId id = s.id;
  const RtxFirings::Firing f = s.syn_firings.next();
  const bool give_up = f.rto_firings > cfg_.tcp.syn_retries;
  s.syn_timer = timers_->at(clock_of(s.node).instant_of(f.at), [this, id, give_up] {
    Socket* s = find(id);
    if (!s || s->state != State::syn_sent) return;
    s->syn_timer = 0;
    if (give_up) return fail(id, -kern::ERR_ETIMEDOUT, "connect timeout");
    s->syn_count++;
    s->syn_last = now_ns();
    send_unsequenced(Kind::syn, s->node, s->peer, id, 0, 0, 0, s->port);
    arm_syn_timer(*s);
  });
}

void Net::send(SocketId id, FramePtr frame, std::uint32_t bytes) {
  Socket* s = find(id);
  if (!s || s->state != State::established) {
    if (on_send_after_close_ && id < closed_here_.size() && closed_here_[id] >= 0)
      on_send_after_close_(closed_here_[id], id);
    return;
  }
  ++frames_;
  Segment seg{Kind::data, s->node, s->peer};
  seg.src = id;
  seg.dst = s->peer_id;
  seg.seq = s->tx_seq++;
  seg.sequenced = true;
  seg.frame = std::move(frame);
  seg.bytes = bytes;
  s->unacked.emplace_back(seg.seq, now_ns());
  if (s->unacked.size() == 1) {
    arm_rtx(*s);
    arm_giveup(*s);
  } else if (s->rtx.probe_first && now_ns() < clock_of(s->node).instant_of(s->rtx.first_fire)) {
    arm_rtx(*s);  // port of tcp_event_new_data_sent(): a waiting loss probe, re-armed with more in flight
  }
  // New data over a healed path while older data waits for its retransmission: the receiver
  // SACKs it out of order, and the sender resends the hole one round trip later (RACK).
  if (auto r = retransmit_.find(id); r != retransmit_.end() && !blocked(s->node, s->peer)) {
    const nanos rtt = latency(s->node, s->peer) + latency(s->peer, s->node);
    if (now_ns() + rtt < r->second.when) schedule_retransmit(id, {}, now_ns() + rtt);
  }
  transmit(std::move(seg));
}

void Net::close(SocketId id) {
  handles_.erase(id);
  Socket* s = find(id);
  if (!s) return;
  if (on_send_after_close_) {
    if (closed_here_.size() <= id) closed_here_.resize(id + 1, -1);
    closed_here_[id] = s->node;
  }
  trace(s->node, "conn_closed", {{"peer", s->peer >= 0 ? nodes_[s->peer].name : std::string("?")}, {"sock", id}});
  if (s->state == State::established) send_sequenced(*s, Kind::fin, -kern::ERR_ECONNRESET);
  destroy(id);
}

void Net::reset(SocketId id) {
  Socket* s = find(id);
  if (!s) return;
  if (s->state == State::established) send_sequenced(*s, Kind::rst, -kern::ERR_ECONNRESET);
  fail(id, -kern::ERR_ECONNRESET, "injected reset");
}

void Net::destroy(SocketId id) {
  Socket* s = find(id);
  if (!s) return;
  for (EventLoop::Id t : {s->syn_timer, s->giveup_timer, s->probe_timer})
    if (t) timers_->cancel(t);
  nodes_[s->node].sockets.erase(id);
  if (s->peer_id) {
    auto it = server_for_client_.find(s->peer_id);
    if (it != server_for_client_.end() && it->second == id) server_for_client_.erase(it);
  }
  sockets_.erase(id);
}

void Net::fail(SocketId id, int err, const char* why) {
  Socket* s = find(id);
  if (!s) return;
  const NodeId node = s->node;
  const char* event = err == -kern::ERR_ECONNREFUSED ? "conn_refused"
                      : err == -kern::ERR_ETIMEDOUT  ? "conn_timeout"
                                                 : "conn_reset";
  trace(node, event,
        {{"peer", s->peer >= 0 ? nodes_[s->peer].name : std::string("?")},
         {"sock", id},
         {"err", kern::errno_name(err)},
         {"why", why}});
  destroy(id);
  post_to_process(node, [this, id, err] {
    Handle* h = handles_.find(id);
    if (!h) return;
    SocketEvents* ev = h->events;
    handles_.erase(id);
    if (ev) ev->on_error(id, err);
  });
}

// The give-up deadline follows the oldest unacknowledged segment. As the kernel's
// retransmission timer, it is not re-armed on every ack: one timer waits, and when it fires
// before the deadline now due (the oldest segment was acked meanwhile), it waits again.
// Failing is the same instant either way; a storm's acks no longer cost a timer each.
void Net::arm_giveup(Socket& s) {
  if (s.giveup_timer || s.unacked.empty()) return;
  const SocketId id = s.id;
  s.giveup_timer = timers_->at(giveup_deadline(s), [this, id] {
    Socket* s = find(id);
    if (!s) return;
    s->giveup_timer = 0;
    if (s->unacked.empty()) return;
    if (giveup_deadline(*s) > now_ns()) return arm_giveup(*s);
    fail(id, -kern::ERR_ETIMEDOUT, "retransmit timeout");
  });
}

void Net::arm_probe(Socket& s) {
  if (s.probe_timer || s.unacked.empty()) return;
  const SocketId id = s.id;
  const nanos when = next_rtx_after(s, now_ns());
  s.probe_timer = timers_->at(when, [this, id] {
    Socket* s = find(id);
    if (!s) return;
    s->probe_timer = 0;
    if (s->unacked.empty()) return;
    send_unsequenced(Kind::probe, s->node, s->peer, id, s->peer_id);
    arm_probe(*s);
  });
}

// port of tcp_clean_rtx_queue() and tcp_ack_update_rtt(): the ACK measures the RTT of the
// oldest segment it acknowledges (from its TCP timestamp if any acknowledged was sent again),
// and the retransmission timer starts again for what is left (tcp_rearm_rto()).
void Net::on_acked(Socket& s, std::uint64_t seq) {
  nanos oldest = -1;
  bool resent = false;
  while (!s.unacked.empty() && s.unacked.front().first <= seq) {
    if (oldest < 0) oldest = s.unacked.front().second;
    resent = resent || (s.rtx_last >= 0 && s.unacked.front().first <= s.rtx_high);
    s.unacked.pop_front();
  }
  if (oldest < 0) return;
  measure_rtt(s, resent ? s.rtx_last : oldest, resent, seq + 1);
  if (!s.unacked.empty()) return arm_rtx(s);
  s.lost_data = false;
  if (s.probe_timer) timers_->cancel(s.probe_timer);
  s.probe_timer = 0;
}

// ---------------------------------------------------------------- segments

void Net::send_sequenced(Socket& s, Kind kind, int reason) {
  Segment seg{kind, s.node, s.peer};
  seg.src = s.id;
  seg.dst = s.peer_id;
  seg.seq = s.tx_seq++;
  seg.sequenced = true;
  seg.reason = reason;
  transmit(std::move(seg));
}

void Net::send_unsequenced(Kind kind, NodeId from, NodeId to, SocketId src, SocketId dst,
                           std::uint64_t seq, int reason, std::uint16_t port) {
  Segment seg{kind, from, to};
  seg.src = src;
  seg.dst = dst;
  seg.seq = seq;
  seg.reason = reason;
  seg.port = port;
  transmit(std::move(seg));
}

void Net::transmit(Segment seg) {
  if (!nodes_[seg.from].powered) return;
  if (blocked(seg.from, seg.to)) {
    // Data and the connection's own control segments wait for the heal (TCP would
    // retransmit them); handshake segments, stray resets and probes are simply lost.
    if (seg.sequenced || seg.kind == Kind::data_ack) held_[{seg.from, seg.to}].push_back(std::move(seg));
    return;
  }
  start_transit(std::move(seg));
}

void Net::start_transit(Segment seg) {
  ++in_flight_;
  const nanos delay = one_way_delay(seg.from, seg.to);
  if (seg.bytes == 0) {
    // Nothing to serialise: only propagation.
    land(now_ns() + delay, std::move(seg));
    return;
  }
  sg4::Host* a = nodes_[seg.from].host;
  sg4::Host* b = nodes_[seg.to].host;
  const SocketId src = seg.src;
  if (src >= wires_.size()) wires_.resize(src + 1);
  Wire& w = wires_[src];
  w.queue.emplace_back(std::move(seg), delay);
  if (w.busy) return;
  w.busy = true;
  next_transfer(src, a, b);
}

// The segment reaches its destination at `when` (its transfer and propagation over).
void Net::land(nanos when, Segment seg) {
  auto landing = [this, seg = std::move(seg)]() mutable {
    --in_flight_;
    arrive(std::move(seg));
  };
  static_assert(Closure::fits_inline<decltype(landing)>, "a landing is every segment's closure: keep it off the heap");
  timers_->at(when, std::move(landing));
}

nanos Net::packet_done(NodeId from, NodeId to, std::uint32_t bytes) {
  // The serialisation time as SimGrid computes a lone flow's: bytes over the link's rate.
  const nanos tx = std::llround(static_cast<double>(bytes) / (cfg_.bandwidth_bps / 8) * 1e9);
  const nanos start = std::max({now_ns(), up_free_[from], down_free_[to]});
  up_free_[from] = down_free_[to] = start + tx;
  return start + tx;
}

// Serialise one connection's segments over the two hosts' links, one after another; each
// then propagates for its own delay (the reorder buffer restores order under jitter). The
// next transfer starts when the last one completes (in maestro: transfer.h).
void Net::next_transfer(SocketId src, sg4::Host* a, sg4::Host* b) {
  Wire& w = wires_[src];
  if (w.queue.empty()) {
    w.busy = false;
    return;
  }
  auto [seg, delay] = std::move(w.queue.front());
  w.queue.pop_front();
  const std::uint32_t bytes = seg.bytes;
  if (bytes <= TCP_MSS_BYTES) {  // one packet (net.h)
    const nanos done = packet_done(seg.from, seg.to, bytes);
    land(done + delay, std::move(seg));
    timers_->at(done, [this, src, a, b] { next_transfer(src, a, b); });
    return;
  }
  start_transfer(a, b, bytes, [this, src, a, b, delay = delay, seg = std::move(seg)]() mutable {
    land(now_ns() + delay, std::move(seg));
    next_transfer(src, a, b);
  });
}

void Net::arrive(Segment seg) {
  if (!nodes_[seg.to].powered) {
    if (seg.kind == Kind::data)
      if (Socket* s = find(seg.src)) s->lost_data = true;
    return;
  }
  switch (seg.kind) {
    case Kind::syn:
      handle_syn(seg);
      return;
    case Kind::synack: {
      Socket* c = find(seg.dst);
      if (!c) {  // the client gave up meanwhile: reset the server's half-open socket
        send_unsequenced(Kind::rst, seg.to, seg.from, 0, seg.src, 0, -kern::ERR_ECONNRESET);
        return;
      }
      if (c->state != State::syn_sent) return;  // a duplicate
      c->state = State::established;
      c->peer_id = seg.src;
      if (c->syn_timer) timers_->cancel(c->syn_timer);
      c->syn_timer = 0;
      measure_rtt(*c, c->syn_last, c->syn_count > 0, 0);
      trace(c->node, "conn_established", {{"peer", nodes_[c->peer].name}, {"sock", c->id}});
      send_sequenced(*c, Kind::ack);
      const SocketId id = c->id;
      post_to_process(c->node, [this, id] {
        Handle* h = handles_.find(id);
        if (h && h->events) h->events->on_connected(id);
      });
      return;
    }
    case Kind::data_ack:
      if (Socket* s = find(seg.dst)) on_acked(*s, seg.seq);
      return;
    case Kind::probe:
      if (!find(seg.dst)) send_unsequenced(Kind::rst, seg.to, seg.from, 0, seg.src, 0, -kern::ERR_ECONNRESET);
      return;
    default:
      break;
  }
  if (!seg.sequenced) {  // a stray reset
    if (find(seg.dst)) fail(seg.dst, seg.reason, seg.kind == Kind::rst && seg.reason == -kern::ERR_ECONNREFUSED ? "refused" : "rst");
    return;
  }
  Socket* s = find(seg.dst);
  if (!s || s->node != seg.to) {
    // A connection this host does not know (its process died, or it rebooted).
    if (seg.kind == Kind::data || seg.kind == Kind::ack)
      send_unsequenced(Kind::rst, seg.to, seg.from, 0, seg.src, 0, -kern::ERR_ECONNRESET);
    return;
  }
  const SocketId id = s->id;
  if (seg.seq == s->rx_next && s->reorder.empty()) {  // in order, as nearly all are: no buffering
    s->rx_next++;
    arrive_in_order(*s, std::move(seg));
  } else {
    s->reorder.emplace(seg.seq, std::move(seg));
  }
  while ((s = find(id)) && !s->reorder.empty() && s->reorder.begin()->first == s->rx_next) {
    Segment next = std::move(s->reorder.begin()->second);
    s->reorder.erase(s->reorder.begin());
    s->rx_next++;
    arrive_in_order(*s, std::move(next));
  }
}

void Net::handle_syn(const Segment& seg) {
  Node& dst = nodes_[seg.to];
  if (dst.listeners.count(seg.port) == 0) {
    send_unsequenced(Kind::rst, seg.to, seg.from, 0, seg.src, 0, -kern::ERR_ECONNREFUSED);
    return;
  }
  auto known = server_for_client_.find(seg.src);
  if (known != server_for_client_.end()) {  // a retransmitted SYN: answer it again
    Socket& s = *sockets_.find(known->second);
    if (s.state == State::syn_recv) {
      s.syn_count++;
      s.syn_last = now_ns();
      send_unsequenced(Kind::synack, seg.to, seg.from, s.id, seg.src);
    }
    return;
  }
  const SocketId id = next_socket_++;
  Socket s{};
  s.id = id;
  s.node = seg.to;
  s.peer = seg.from;
  s.peer_id = seg.src;
  s.state = State::syn_recv;
  s.port = seg.port;
  s.syn_first = s.syn_last = now_ns();
  sockets_.emplace(id, std::move(s));
  dst.sockets.insert(id);
  server_for_client_[seg.src] = id;
  send_unsequenced(Kind::synack, seg.to, seg.from, id, seg.src);
}

void Net::arrive_in_order(Socket& s, Segment seg) {
  const SocketId id = s.id;
  switch (seg.kind) {
    case Kind::ack: {  // the handshake's last step: the server's process may accept
      if (s.state != State::syn_recv) return;
      s.state = State::established;
      measure_rtt(s, s.syn_last, s.syn_count > 0, 0);  // port of tcp_synack_rtt_meas()
      trace(s.node, "conn_accept", {{"peer", nodes_[s.peer].name}, {"sock", id}});
      handles_.set(id, Handle{s.node, nullptr});
      const NodeId node = s.node;
      const NodeId peer = s.peer;
      const std::uint16_t port = s.port;
      post_to_process(node, [this, id, node, peer, port] {
        Handle* h = handles_.find(id);
        if (!h) return;
        auto l = nodes_[node].listeners.find(port);
        if (l == nodes_[node].listeners.end()) return;
        h->events = l->second->on_accept(id, peer);
      });
      return;
    }
    case Kind::data: {
      send_unsequenced(Kind::data_ack, s.node, s.peer, id, seg.src, seg.seq);
      post_to_process(s.node, [this, id, frame = std::move(seg.frame)] {
        Handle* h = handles_.find(id);
        if (h && h->events) h->events->on_data(id, frame);
      });
      return;
    }
    case Kind::fin:
    case Kind::rst:
      fail(id, seg.reason, seg.kind == Kind::fin ? "peer closed" : "peer reset");
      return;
    default:
      return;
  }
}

}  // namespace monsim::sim
