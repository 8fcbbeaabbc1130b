#include "sim/world/world.h"

#include "sim/world/userspace_logic.h"

#include <cstdio>

#include <simgrid/s4u/Actor.hpp>

#include "client/kern/errno.h"
#include "sim/world/chaos.h"
#include "sim/scenario/scenario_load.h"


namespace monsim::sim {

using kern::Field;

namespace {
constexpr std::uint32_t kMonIpBase = 0xC0000201;     // 192.0.2.1 (documentation range)
constexpr std::uint32_t kClientIpBase = 0xC6120001;  // 198.18.0.1 (benchmarking range)

}  // namespace

std::size_t World::standing_actors(const Scenario& s) {
  // Clients that all start at one instant all mount at once.
  const std::size_t mounts = s.clients.spread == 0 ? static_cast<std::size_t>(s.clients.count) : 0;
  return mounts + 1;
}

class World::View : public WorldView {
 public:
  explicit View(const World& w) : w_(w) {}
  int monitors() const override { return w_.cluster_->size(); }
  bool answers(int client, int rank) const override {
    if (!w_.cluster_->running(rank)) return false;
    const NodeId c = w_.clients_[static_cast<std::size_t>(client)]->node, m = w_.cluster_->node(rank);
    return !w_.net_->blocked(c, m) && !w_.net_->blocked(m, c);
  }
  bool usable(int client, int rank) const override { return answers(client, rank) && w_.cluster_->in_quorum(rank); }
  bool serves(int client, int rank) const override { return answers(client, rank) && w_.cluster_->serving(rank); }
  nanos round_trip(int client, int rank) const override {
    const NodeId c = w_.clients_[static_cast<std::size_t>(client)]->node, m = w_.cluster_->node(rank);
    // A handshake's few KiB each way, through a monitor link every client may share at once
    // (a reconnection storm): what bandwidth adds to a round trip at worst.
    constexpr double kHandshakeBits = 4096.0 * 8;
    const double share = kHandshakeBits * static_cast<double>(w_.clients_.size()) / w_.net_->bandwidth_bps();
    return w_.net_->latency(c, m) + w_.net_->latency(m, c) + 2 * w_.net_->jitter() +
           static_cast<nanos>(2 * share * static_cast<double>(NS_PER_S));
  }

 private:
  const World& w_;
};

World::World(const Scenario& s, TraceWriter& trace) : s_(s), trace_(trace) {
  build_platform();
  view_ = std::make_unique<View>(*this);
}

const WorldView& World::view() const { return *view_; }

void World::on_send_after_close(std::function<void(nanos, std::string_view, std::uint64_t)> fn) {
  net_->on_send_after_close([this, fn = std::move(fn)](NodeId node, SocketId sock) { fn(now_ns(), net_->name(node), sock); });
}

World::~World() = default;

std::vector<NodeId> World::match(const std::string& pattern) const {
  std::vector<NodeId> out;
  for (NodeId n = 0; n < net_->node_count(); ++n) {
    const std::string& name = net_->name(n);
    if (pattern == "*" || name == pattern ||
        (pattern == "mon.*" && name.rfind("mon.", 0) == 0) ||
        (pattern == "client.*" && name.rfind("client.", 0) == 0))
      out.push_back(n);
  }
  return out;
}

std::vector<int> World::match_clients(const std::vector<std::string>& patterns) const {
  std::vector<int> out;
  for (const auto& c : clients_)
    for (const auto& p : patterns)
      if (p == "client.*" || p == c->name) {
        out.push_back(c->index);
        break;
      }
  return out;
}

void World::build_platform() {
  NetConfig nc;
  nc.bandwidth_bps = s_.network.bandwidth_bps;
  nc.latency = s_.network.latency;
  nc.jitter = s_.network.jitter;
  nc.tcp = s_.network.tcp;
  nc.host_hz = s_.cluster.hz;
  net_ = std::make_unique<Net>(nc, trace_, s_.seed);

  for (std::size_t i = 0; i < s_.cluster.monitors.size(); ++i) {
    const std::uint32_t ip = kMonIpBase + static_cast<std::uint32_t>(i);
    mon_nodes_.push_back(net_->add_node("mon." + s_.cluster.monitors[i], ip));
    mon_addrs_.push_back({0, 0, ip, MON_PORT});
  }
  for (int i = 0; i < s_.clients.count; ++i) {
    auto c = std::make_unique<Client>();
    c->index = i;
    c->name = "client." + std::to_string(i);
    c->node = net_->add_node(c->name, kClientIpBase + static_cast<std::uint32_t>(i));
    clients_.push_back(std::move(c));
  }
  net_->build();
  for (const auto& l : s_.network.links)
    for (NodeId a : match(l.a))
      for (NodeId b : match(l.b))
        if (a != b) {
          net_->set_latency(a, b, l.latency);
          net_->set_latency(b, a, l.latency);
        }

  mock_mon::ClusterConfig cc;
  cc.names = s_.cluster.monitors;
  cc.addrs = mon_addrs_;
  RandomStream fsid_rng(s_.seed, "cluster.fsid");
  for (auto& b : cc.fsid.bytes) b = static_cast<std::uint8_t>(fsid_rng.next_u32());
  cc.auth = s_.cluster.cephx ? mock_mon::ClusterConfig::Auth::cephx : mock_mon::ClusterConfig::Auth::none;
  cc.ticket_ttl_s = static_cast<std::uint32_t>(s_.cluster.ticket_ttl / NS_PER_S);
  cc.subscribe_ack_s = static_cast<std::uint32_t>(s_.cluster.subscribe_ack / NS_PER_S);
  cc.osdmap_first_epoch = s_.cluster.osdmap_epoch;
  cc.osdmap_every = s_.cluster.osdmap_every;
  cc.osdmap_full_bytes = static_cast<std::uint32_t>(s_.cluster.osdmap_size);
  cc.monmap_bytes = static_cast<std::uint32_t>(s_.cluster.monmap_size);
  cc.quorum.election_round = s_.cluster.election;
  cluster_ = std::make_unique<SimMonCluster>(*net_, trace_, cc, mon_nodes_, s_.seed, s_.cluster.keepalive2);

  KernelConfig kc;
  kc.hz = s_.hz;
  kc.messenger.features = client_features(s_.clients.logic);
  kc.messenger.backoff = client_reconnect_backoff(s_.clients.logic);
  kc.timer_wheel = client_timer_wheel(s_.clients.logic);
  kc.coarse_realtime = client_coarse_realtime(s_.clients.logic);
  kc.cpu = s_.clients.cpu;
  kc.uptime_jiffies = static_cast<kern::jiffies_t>(static_cast<unsigned __int128>(s_.clients.uptime) * s_.hz / NS_PER_S);
  for (auto& c : clients_) {
    c->kernel = std::make_unique<SimKernel>(*net_, c->node, trace_, s_.seed, kc);
    net_->set_clock(c->node, &c->kernel->sim_clock(), client_tail_loss_probe(s_.clients.logic));  // its TCP's timers
    c->kernel->name_monitors_with([this](std::int64_t rank) {  // ranks never move: an added monitor comes last
      return rank >= 0 && rank < cluster_->cluster().size() ? cluster_->mon_name(static_cast<int>(rank)) : "";
    });
    c->monc = is_userspace_logic(s_.clients.logic)
                  ? make_userspace_logic(*net_, *c->kernel, mon_addrs_, s_.clients.ceph_conf, s_.clients.timer_latency)
                  : make_client_logic(s_.clients.logic, *c->kernel, mon_addrs_, s_.clients.tunables);
  }
  chaos_trace_ = std::make_unique<NodeTrace>(trace_, "chaos");
}

// The mount: ceph_open_session() in a user context at the client's start time.
void World::start_client(Client& c) {
  // 128-bit: a week's spread times 10^5 clients does not fit 64 bits.
  const nanos start =
      s_.clients.start + (s_.clients.count > 1 && s_.clients.spread
                              ? static_cast<nanos>(static_cast<__int128>(s_.clients.spread) * c.index / s_.clients.count)
                              : 0);
  Client* cp = &c;
  // The mount is a user process that sleeps (for the session, for the maps): an actor, made
  // at its start time and gone once it returns.
  users_->at(start, [this, cp] {
    spawn_actor(cp->name + ".mount", net_->host(cp->node), [this, cp] {
      const kern::jiffies_t timeout =
          kern::msecs_to_jiffies(static_cast<std::uint64_t>(s_.clients.mount_timeout / NS_PER_MS), s_.hz);
      cp->kernel->trace().emit("mount_start", {});
      const int r = cp->monc->mount(cp->kernel->clock().jiffies(), timeout);
      cp->mounted = r == 0;
      cp->kernel->trace().emit(r == 0 ? "mount_done" : "mount_failed", {{"result", r}, {"err", kern::errno_name(r)}});
      // A failed mount (or rbd map) destroys the client it made: ceph_destroy_client() stops
      // the MonClient -- no more ticks, no more connection attempts.
      if (r != 0) cp->monc->stop();
      cp->kernel->flush_signals();
    })->daemonize();
  });
  for (const auto& w : s_.clients.workload) {
    const std::vector<int> who = match_clients(w.clients);
    if (std::find(who.begin(), who.end(), c.index) != who.end()) start_workload(c, w);
  }
}

// Each period starts a new caller, like a user process; callers pile up behind a stall.
void World::start_workload(Client& c, const WorkloadItem& w) { workload_at(&c, &w, w.at); }

void World::workload_at(Client* cp, const WorkloadItem* item, nanos t) {
  if (t >= s_.duration || (item->until >= 0 && t >= item->until)) return;
  users_->at(t, [this, cp, item, t] {
    if (item->op == WorkloadItem::Op::interrupt) {
      cp->kernel->trace().emit("interrupt", {{"blocked", cp->inflight}});
      cp->kernel->interrupt_all_sleepers();
    } else if (!cp->mounted) {
      // No file system is mounted (yet, or the mount failed): the call never reaches the
      // MonClient — the kernel's calls all need a mounted client.
      cp->kernel->trace().emit("op_skipped", {{"kind", workload_op_name(item->op)}, {"reason", "not mounted"}});
    } else {
      spawn_actor(cp->name + ".caller", net_->host(cp->node), [this, cp, item] { run_op(*cp, *item); })->daemonize();
    }
    if (item->every) workload_at(cp, item, t + item->every);
  });
}

void World::run_op(Client& c, const WorkloadItem& w) {
  const char* kind = workload_op_name(w.op);
  auto& tr = c.kernel->trace();
  ++c.inflight;
  const std::uint64_t op = ++c.op_seq;
  tr.emit("op_start", {{"op", op}, {"kind", kind}});
  int r = 0;
  switch (w.op) {
    case WorkloadItem::Op::statfs:
      r = c.monc->statfs();
      break;
    case WorkloadItem::Op::get_version:
      r = c.monc->get_version(w.map);
      break;
    case WorkloadItem::Op::command: {
      CommandAddr ca;  // validated when the scenario was loaded
      r = parse_command_addr(w.addr, &ca) ? c.monc->blacklist_add({0, ca.nonce, ca.ip, ca.port}) : -kern::ERR_EINVAL;
      break;
    }
    case WorkloadItem::Op::wait_osdmap:
      r = c.monc->wait_osdmap(w.epoch_next, w.epoch,
                              kern::msecs_to_jiffies(static_cast<std::uint64_t>(w.timeout / NS_PER_MS), s_.hz));
      break;
    case WorkloadItem::Op::interrupt:
      break;
  }
  --c.inflight;
  tr.emit("op_done", {{"op", op}, {"kind", kind}, {"result", r}, {"err", kern::errno_name(r)}});
  c.kernel->flush_signals();
}

nanos World::run(Engine& engine) {
  chaos_ = std::make_unique<Chaos>(*this);
  chaos_->start();  // first: a fault goes before whatever else falls on its instant
  cluster_->start();
  for (auto& c : clients_) start_client(*c);
  const std::uint64_t events_before = EventLoop::closures_run();
  const nanos end = engine.run_until(s_.duration);
  messages_ = net_->frames_sent();
  events_ = EventLoop::closures_run() - events_before;
  // What is still waiting at the end: requests the client still holds are pending (they
  // would be resent on the next session); a caller waiting for anything else is not lost.
  std::uint64_t inflight = 0, pending = 0;
  for (auto& c : clients_) {
    if (c->inflight || c->monc->pending_requests())
      c->kernel->trace().emit("run_end_client", {{"inflight", c->inflight}, {"pending", c->monc->pending_requests()}});
    inflight += static_cast<std::uint64_t>(c->inflight);
    pending += c->monc->pending_requests();
  }
  trace_.write({end, "sim", "run_end", std::nullopt,
                {{"inflight", inflight}, {"pending", pending}, {"trace_hash_before", trace_.hash_hex()}},
                kern::LogLevel::none, {}});
  return end;
}

}  // namespace monsim::sim
