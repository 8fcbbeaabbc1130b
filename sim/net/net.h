// Hosts, links and TCP-like connections with the fault semantics of DESIGN.md §4.
//
// Every node (a monitor or a client) is one SimGrid host with its own full-duplex link of the
// configured bandwidth to a central switch (a star), so large transfers to or from one node
// contend for that node's link. Propagation latency (per directed pair, with optional jitter)
// is applied by this layer, so it can change at run time and differ per pair; the transfer
// itself is a SimGrid communication between the two hosts (serialisation over both links).
//
// Connections are TCP-like:
//  - connect: SYN / SYN-ACK / ACK. To a host that is up with a listener: the client is
//    connected after one round trip and the server accepts one latency later. To a host
//    that is up without one (process killed): RST, refused after one round trip. To a host
//    that is off, or across a partition: SYNs are lost and retransmitted 1, 2, 4, ... s apart
//    (TCP_TIMEOUT_INIT doubling, each a timer on the sender's wheel: tcp_rto.h); connect
//    fails with ERR_ETIMEDOUT at the timer's firing after syn_retries of them (about 127 s).
//  - data is delivered in order per connection (sequence numbers and a reorder buffer: SimGrid
//    completes concurrent transfers smallest-first) and pipelined.
//  - a frame of one TCP segment (at most TCP_MSS_BYTES) is one packet: it is serialised whole,
//    after the packets queued before it on its sender's link and its receiver's link, at line
//    rate — packets one after another, as a NIC sends them, not a fluid flow sharing the link
//    with every other frame started in the same instant. Alone on an idle path that is
//    exactly what SimGrid computes (size / rate: every single-client trace is the same either
//    way); in a storm of thousands of keepalives in one jiffy it is what a NIC does, and it
//    spares SimGrid a communication per packet (each completion walks every one in flight).
//    Bulk transfers (maps) stay SimGrid flows sharing the links; packets and bulk flows do
//    not slow each other (as fq_codel serves a sparse flow's packet ahead of a bulk flow's).
//  - a partition (per directed pair) loses what crosses it. Handshake segments are lost for
//    good (the SYN schedule above retries). A connection's data and ACKs get through only as
//    TCP retransmits them: at the sender's first retransmission-timer firing after the heal
//    (tcp_rto.h: Linux 6.1's tail loss probe, then its RTO — srtt + rttvar from the RTTs this
//    connection measured, at least rto_min — doubling up to 120 s, every firing on the
//    sender's timer wheel) — or one round trip after it sends new data over the healed path
//    (the receiver's SACK shows the hole); an ACK lost in the partition comes back when the
//    data it acknowledged is retransmitted. Data still unacknowledged at an RTO firing
//    tcp_retries2's timeout after it was first sent aborts the connection with ERR_ETIMEDOUT.
//  - each node's TCP timers run on its own jiffies: a client's are its kernel's clock
//    (set_clock()), a monitor's host has a clock of NetConfig::host_hz from simulated time 0.
//  - kill: the process's sockets are reset (the peers see it one latency later), its listener
//    is gone. power_off: the host goes silent, its sockets vanish without a word, segments to
//    it are lost; after power_on, a segment for a connection it forgot is answered with RST,
//    including the next retransmission of data it lost.
//  - pause (SIGSTOP) is the process loop's business: TCP keeps answering, deliveries queue.
//
// Socket callbacks run in the owning node's process loop (see EventLoop), in order.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/s4u/Host.hpp>

#include "sim/engine/event_loop.h"
#include "sim/net/fifo.h"
#include "sim/net/id_table.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/sim_clock.h"
#include "sim/engine/sim_time.h"
#include "sim/net/tcp_rto.h"
#include "sim/net/tcp_timing.h"
#include "sim/engine/trace.h"

namespace monsim::sim {

using NodeId = int;
using SocketId = std::uint64_t;

// What a connection carries: opaque to the network, defined by the messenger.
struct Frame {
  virtual ~Frame() = default;
};
using FramePtr = std::shared_ptr<const Frame>;

// The process side of one socket. Called in the owning node's process loop.
class SocketEvents {
 public:
  virtual ~SocketEvents() = default;
  // Client side: the three-way handshake completed.
  virtual void on_connected(SocketId id) = 0;
  // The next frame, in order.
  virtual void on_data(SocketId id, FramePtr frame) = 0;
  // The socket is gone: -ERR_ECONNREFUSED, -ERR_ECONNRESET (peer reset or closed) or -ERR_ETIMEDOUT.
  virtual void on_error(SocketId id, int err) = 0;
};

class Listener {
 public:
  virtual ~Listener() = default;
  // A connection completed its handshake: return who handles it.
  virtual SocketEvents* on_accept(SocketId id, NodeId peer) = 0;
};

struct NetConfig {
  double bandwidth_bps = 1e9;   // per node link, bits per second
  nanos latency = 500 * NS_PER_US;  // one-way, default for every pair
  nanos jitter = 0;             // extra one-way delay, uniform in [0, jitter]
  TcpParams tcp;
  unsigned host_hz = 250;       // HZ of the nodes without a clock of their own (the monitors')
};

class Net {
 public:
  Net(NetConfig cfg, TraceWriter& trace, std::uint64_t seed);
  ~Net();
  Net(const Net&) = delete;
  Net& operator=(const Net&) = delete;

  // --- building (before the simulation runs) ---
  // A node with address `ipv4`; its socket callbacks run in `process` (set later if null).
  NodeId add_node(const std::string& name, std::uint32_t ipv4);
  // Creates the SimGrid platform; call once, after every add_node.
  void build();
  void set_process_loop(NodeId node, EventLoop* loop);
  // The jiffies `node`'s TCP timers run on (a client's kernel clock; it outlives the Net), and
  // whether its TCP sends tail loss probes (Linux 3.10 and later; the monitors' hosts do).
  void set_clock(NodeId node, const SimClock* clock, bool loss_probe);

  simgrid::s4u::Host* host(NodeId node) const;
  const std::string& name(NodeId node) const;
  std::uint32_t ipv4(NodeId node) const;
  NodeId node_by_ip(std::uint32_t ipv4) const;  // -1 if unknown
  NodeId node_by_name(const std::string& name) const;  // -1 if unknown
  int node_count() const { return static_cast<int>(nodes_.size()); }
  const NetConfig& config() const { return cfg_; }

  // --- timing ---
  void set_latency(NodeId from, NodeId to, nanos one_way);
  nanos latency(NodeId from, NodeId to) const;
  void set_jitter(nanos jitter) { cfg_.jitter = jitter; }

  // --- faults (any actor) ---
  // Block / unblock the direction from → to. Blocks nest (two partitions, two heals).
  void block(NodeId from, NodeId to);
  void unblock(NodeId from, NodeId to);
  bool blocked(NodeId from, NodeId to) const;
  void kill_process(NodeId node);   // sockets reset, listener gone
  void power_off(NodeId node);      // silent
  void power_on(NodeId node);
  bool powered(NodeId node) const;

  // --- sockets (any actor; never block) ---
  void listen(NodeId node, std::uint16_t port, Listener* listener);
  void unlisten(NodeId node, std::uint16_t port);
  SocketId connect(NodeId from, std::uint32_t ipv4, std::uint16_t port, SocketEvents* events);
  // Queue `frame` (`bytes` on the wire) on an established socket; ignored if it is gone.
  void send(SocketId id, FramePtr frame, std::uint32_t bytes);
  // Orderly close: the peer sees the connection end one latency later (after the data).
  void close(SocketId id);
  // A socket error injected here (`ms inject socket failures`): the local side sees
  // -ERR_ECONNRESET at once, the peer one latency later.
  void reset(SocketId id);
  bool exists(SocketId id) const { return sockets_.contains(id); }
  // Called when a frame is handed over for a socket its own side closed (an invariant: a
  // closed connection sends nothing). Set before the run.
  void on_send_after_close(std::function<void(NodeId, SocketId)> fn) { on_send_after_close_ = std::move(fn); }
  nanos jitter() const { return cfg_.jitter; }
  double bandwidth_bps() const { return cfg_.bandwidth_bps; }
  NodeId socket_node(SocketId id) const;
  NodeId socket_peer(SocketId id) const;
  // The established sockets of a node, in creation order.
  std::vector<SocketId> sockets_of(NodeId node) const;

  // Segments currently in transit (SimGrid transfers and propagation), for tests.
  std::uint64_t in_flight() const { return in_flight_; }
  // Frames handed to the network so far (summary.json's run.messages).
  std::uint64_t frames_sent() const { return frames_; }

 private:
  enum class Kind : std::uint8_t { syn, synack, ack, data, fin, rst, data_ack, probe };
  // 64 bytes, packed so (its landing closure stays inline: closure.h).
  struct Segment {
    Kind kind;
    NodeId from, to;
    std::uint32_t bytes = 0;
    SocketId src = 0;  // sending socket
    SocketId dst = 0;  // receiving socket (0 for a SYN)
    std::uint64_t seq = 0;  // for sequenced segments (ack, data, fin, rst of a connection)
    FramePtr frame{};
    std::uint16_t port = 0;  // SYN: destination port
    bool sequenced = false;
    int reason = 0;          // rst/fin: the error the receiver reports
  };
  enum class State { syn_sent, syn_recv, established };
  struct Socket {
    SocketId id;
    NodeId node, peer;
    SocketId peer_id = 0;
    State state;
    std::uint16_t port = 0;
    std::uint64_t tx_seq = 0;
    std::uint64_t rx_next = 0;
    std::map<std::uint64_t, Segment> reorder;
    Fifo<std::pair<std::uint64_t, nanos>> unacked;  // (seq, first send)
    bool lost_data = false;  // some data vanished at a powered-off peer
    EventLoop::Id syn_timer = 0, giveup_timer = 0, probe_timer = 0;
    nanos syn_first = 0;
    nanos syn_last = 0;   // the last SYN (client) or SYN-ACK (server) sent
    int syn_count = 0;    // SYNs (client) or SYN-ACKs (server) sent again
    RtxFirings syn_firings;  // the connect's SYN timer (client)
    RttEstimator rtt;
    RtxChain rtx;            // the retransmission timer of the data now unacknowledged
    std::uint64_t rtx_high = 0;  // data up to this seq has been sent again (Karn)
    nanos rtx_last = -1;         // when data was last sent again
  };
  struct Node {
    std::string name;
    std::uint32_t ipv4;
    simgrid::s4u::Host* host = nullptr;
    EventLoop* process = nullptr;
    bool powered = true;
    std::map<std::uint16_t, Listener*> listeners{};
    std::set<SocketId> sockets{};
  };

  void transmit(Segment seg);
  void start_transit(Segment seg);
  void next_transfer(SocketId src, simgrid::s4u::Host* a, simgrid::s4u::Host* b);
  // A one-segment frame's transfer: when its last bit reaches `to` (packets queued per link).
  nanos packet_done(NodeId from, NodeId to, std::uint32_t bytes);
  void land(nanos when, Segment seg);  // arrive() at `when`, on the TCP timers' loop
  void arrive(Segment seg);
  void arrive_in_order(Socket& s, Segment seg);
  void handle_syn(const Segment& seg);
  // A zero-byte segment of the connection, in sequence after everything `s` sent before.
  void send_sequenced(Socket& s, Kind kind, int reason = 0);
  // A zero-byte segment outside any sequence (SYN, SYN-ACK, a stray RST, an ACK of data).
  void send_unsequenced(Kind kind, NodeId from, NodeId to, SocketId src, SocketId dst,
                        std::uint64_t seq = 0, int reason = 0, std::uint16_t port = 0);
  void arm_syn_timer(Socket& s);
  void arm_giveup(Socket& s);
  nanos giveup_deadline(const Socket& s) const;  // s.unacked must not be empty
  void arm_probe(Socket& s);
  // --- the retransmission timer (tcp_rto.h), on the socket's node's jiffies ---
  HostTimers host_timers(NodeId node) const;
  const SimClock& clock_of(NodeId node) const { return *clocks_[node]; }
  // Arm the chain for the oldest unacknowledged segment, now (data sent with none in flight,
  // more sent while the probe waits, or an ACK that leaves some).
  void arm_rtx(Socket& s);
  // The first firing of the socket's chain after `now`.
  nanos next_rtx_after(const Socket& s, nanos now) const;
  // An RTT measurement for `s` (tcp_ack_update_rtt()): `since` the segment was sent, or, if it
  // was sent again (Karn), from the TCP timestamp it echoes, in whole milliseconds.
  void measure_rtt(Socket& s, nanos since, bool resent, std::uint64_t snd_una);
  // Segments of one sending socket lost in a healed partition, and when TCP resends them.
  void schedule_retransmit(SocketId src, std::deque<Segment> segs, nanos when);
  nanos retransmit_instant(SocketId src) const;
  void on_acked(Socket& s, std::uint64_t seq);
  void destroy(SocketId id);
  void forget_handles(NodeId node);  // every handle of a node (its process died)
  void fail(SocketId id, int err, const char* why);  // destroy + on_error in its process
  void post_to_process(NodeId node, EventLoop::Fn fn);
  void trace(NodeId node, const char* event, std::vector<kern::Field> fields);
  nanos one_way_delay(NodeId from, NodeId to);
  Socket* find(SocketId id);

  NetConfig cfg_;
  TraceWriter& trace_;
  RandomStream jitter_rng_;
  std::vector<Node> nodes_;
  std::map<std::uint32_t, NodeId> by_ip_;
  std::map<std::pair<NodeId, NodeId>, nanos> latency_override_;
  std::map<std::pair<NodeId, NodeId>, int> blocks_;
  std::map<std::pair<NodeId, NodeId>, std::deque<Segment>> held_;  // lost in a partition
  struct Retransmit {
    std::deque<Segment> segs;
    nanos when = 0;
    EventLoop::Id timer = 0;
  };
  std::map<SocketId, Retransmit> retransmit_;  // after a heal, until TCP resends them
  IdTable<Socket> sockets_;
  // The process side of each socket, alive until the process has been told it ended (data
  // that arrived before a reset is still delivered first) or has closed it itself.
  struct Handle {
    NodeId node;
    SocketEvents* events;
  };
  IdTable<Handle> handles_;
  std::map<SocketId, SocketId> server_for_client_;  // half-open and open server sockets
  // A connection's bytes leave one message after another (one TCP stream): per sending
  // socket, the segments waiting for the wire and whether a transfer is under way.
  // A connection's segments waiting for its link (a map node and a deque per burst were
  // most of a storm's mallocs: fifo.h).
  struct Wire {
    Fifo<std::pair<Segment, nanos>> queue;  // segment, propagation delay
    bool busy = false;
  };
  std::vector<Wire> wires_;  // by sending socket id
  // When each node's link is next free of packets: its sending and its receiving direction.
  std::vector<nanos> up_free_, down_free_;
  SocketId next_socket_ = 1;
  std::uint64_t in_flight_ = 0;
  std::uint64_t frames_ = 0;
  simgrid::s4u::Host* net_host_ = nullptr;
  std::unique_ptr<EventLoop> timers_;  // TCP timers and zero-byte segments
  std::vector<const SimClock*> clocks_;               // by node
  std::vector<bool> loss_probe_;                       // by node
  std::vector<std::unique_ptr<SimClock>> own_clocks_;  // the hosts' without a clock of their own
  bool built_ = false;
  std::vector<NodeId> closed_here_;  // by socket id: the node that closed it itself (close()), or -1
  std::function<void(NodeId, SocketId)> on_send_after_close_;
};

}  // namespace monsim::sim
