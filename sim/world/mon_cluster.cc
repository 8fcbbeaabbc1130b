#include "sim/world/mon_cluster.h"

#include <climits>

#include "client/kern/bug.h"

namespace monsim::sim {

using kern::Field;
using mock_mon::Action;

namespace {
// What a Ceph 16.2 monitor's messenger offers a client beyond KEEPALIVE2 (which a scenario
// can take away): it keeps subscriptions itself, encodes its maps versioned and has address
// vectors. A client that advertises none of these (2.6.34, 4.10) sees none of them.
// (The model's READY carries only the bits some client logic reads.)
constexpr std::uint64_t kMonitorFeatures = kern::FEATURE_MON_STATEFUL_SUB | kern::FEATURE_MONENC |
                                           kern::FEATURE_SERVER_NAUTILUS | kern::FEATURE_MSG_ADDR2;
}  // namespace

SimMonCluster::SimMonCluster(Net& net, TraceWriter& trace, mock_mon::ClusterConfig cfg,
                             std::vector<NodeId> nodes, std::uint64_t seed, bool keepalive2)
    : net_(net), trace_(trace), cluster_(std::move(cfg)) {
  MONSIM_BUG_ON(static_cast<int>(nodes.size()) != cluster_.size());
  for (int r = 0; r < cluster_.size(); ++r) {
    auto m = std::make_unique<Mon>();
    m->owner = this;
    m->rank = r;
    m->node = nodes[r];
    m->name = net.name(nodes[r]);
    m->loop = std::make_unique<EventLoop>(m->name + ".proc");
    net.set_process_loop(m->node, m->loop.get());
    m->trace = std::make_unique<NodeTrace>(trace, m->name);
    m->msgr = std::make_unique<ServerMessenger>(
        net, m->node, *m->trace, kMonitorFeatures | (keepalive2 ? kern::FEATURE_MSGR_KEEPALIVE2 : 0));
    m->msgr->set_handler(m.get());
    m->msgr->set_loop(m->loop.get());
    m->rng = std::make_unique<RandomStream>(seed, m->name + ".behaviour");
    RandomStream* rng = m->rng.get();
    m->monitor = std::make_unique<mock_mon::Monitor>(r, cluster_, [rng] { return rng->next_u64(); });
    mons_.push_back(std::move(m));
  }
  cluster_loop_ = std::make_unique<EventLoop>("mon.cluster");
  cluster_trace_ = std::make_unique<NodeTrace>(trace, "mon.cluster");
}

SimMonCluster::~SimMonCluster() = default;

int SimMonCluster::rank_of(NodeId node) const {
  for (const auto& m : mons_)
    if (m->node == node) return m->rank;
  return -1;
}

std::vector<ServerMessenger::ConnId> SimMonCluster::connections(int rank) const {
  return mons_.at(rank)->msgr->connections();
}

std::string SimMonCluster::mon_name(int rank) const { return "mon." + cluster_.config().names.at(rank); }

void SimMonCluster::state(int rank, const char* what) {
  mons_[rank]->trace->emit("mon_state", {{"state", what}, {"rank", rank}});
}

void SimMonCluster::start() {
  cluster_.quorum().start(0);
  for (auto& m : mons_) {
    m->msgr->listen();
    m->start_ticks();
  }
  publish_changes();
  arm_cluster_timer();
}

// ------------------------------------------------------------------ the cluster loop

void SimMonCluster::arm_cluster_timer() {
  const nanos at = std::min(cluster_.quorum().next_deadline(), cluster_.next_map_deadline());
  if (at == LLONG_MAX) return;
  if (cluster_timer_ && cluster_timer_at_ == at) return;
  if (cluster_timer_) cluster_loop_->cancel(cluster_timer_);
  cluster_timer_at_ = at;
  cluster_timer_ = cluster_loop_->at(at, [this] {
    cluster_timer_ = 0;
    on_cluster_timer();
  });
}

void SimMonCluster::on_cluster_timer() {
  const nanos now = now_ns();
  cluster_.quorum().advance(now);
  const bool quorum_changed = [&] {
    auto changes = cluster_.quorum().take_changes();
    for (const auto& c : changes) {
      // Named as a person reads them, with the ranks beside (as `ceph quorum_status` has both).
      std::vector<std::string> names;
      for (int r : c.members) names.push_back(mon_name(r));
      cluster_trace_->emit(c.what == "quorum" ? "quorum" : c.what.c_str(),
                           {{"leader", c.leader >= 0 ? kern::FieldValue(mon_name(c.leader)) : kern::FieldValue(kern::JsonText{"null"})},
                            {"leader_rank", c.leader}, {"members", json_list(names)}, {"ranks", json_list(c.members)}});
    }
    return !changes.empty();
  }();
  const bool maps = cluster_.advance_maps(now);
  if (maps) cluster_trace_->emit("osdmap_epoch", {{"epoch", cluster_.osdmap_epoch()}});
  for (auto& m : mons_) {
    if (!m->process_up) continue;
    Mon* mon = m.get();
    const std::uint64_t gen = mon->generation;
    if (quorum_changed)
      mon->loop->post([mon, gen] {
        if (mon->generation == gen) mon->apply(mon->monitor->on_quorum_change(now_ns()));
      });
    else if (mon->monitor->waiting() && mon->monitor->readable(now))  // a lease renewed a lapsed one
      mon->loop->post([mon, gen] {
        if (mon->generation == gen) mon->apply(mon->monitor->on_lease(now_ns()));
      });
    if (maps || quorum_changed)
      mon->loop->post([mon, gen] {
        if (mon->generation == gen) mon->apply(mon->monitor->on_new_maps(now_ns()));
      });
  }
  arm_cluster_timer();
}

void SimMonCluster::publish_changes() {
  cluster_timer_at_ = -1;
  on_cluster_timer();
}

// ------------------------------------------------------------------ one monitor

void SimMonCluster::Mon::start_ticks() {
  const std::uint64_t gen = generation;
  const nanos period = owner->cluster_.config().tick;
  loop->after(period, [this, gen] {
    if (generation != gen) return;
    apply(monitor->tick(now_ns()));
    start_ticks();
  });
}

void SimMonCluster::Mon::on_session_open(ServerMessenger::ConnId conn, NodeId,
                                         std::uint64_t features) {
  apply(monitor->on_connect(conn, now_ns(), features));
}

void SimMonCluster::Mon::on_session_closed(ServerMessenger::ConnId conn) {
  monitor->on_closed(conn);
  fifo.erase(conn);
}

void SimMonCluster::Mon::on_message(ServerMessenger::ConnId conn, kern::MsgRef msg) {
  apply(monitor->on_message(conn, msg, now_ns()));
}

nanos SimMonCluster::Mon::keepalive_ack_delay(ServerMessenger::ConnId conn) {
  const nanos now = now_ns();
  monitor->on_keepalive(conn, now);
  const mock_mon::ReplyFate fate = monitor->fate_of("keepalive2_ack", now);
  if (fate.drop) {
    trace->emit("msg_drop", {{"reply", "keepalive2_ack"}, {"why", fate.why}});
    return -1;
  }
  return fate.delay;
}

// Carry out the monitor's actions; delayed sends keep FIFO order per connection.
void SimMonCluster::Mon::apply(const mock_mon::Actions& actions) {
  const nanos now = now_ns();
  for (const Action& a : actions) {
    if (a.kind == Action::Kind::close) {
      trace->emit("session_trim", {{"conn", a.conn}, {"why", a.note}});
      msgr->close(a.conn);
      fifo.erase(a.conn);
      continue;
    }
    if (!a.msg) {
      trace->emit("msg_drop", {{"conn", a.conn}, {"why", a.note}});
      continue;
    }
    nanos at = now + a.delay;
    auto it = fifo.find(a.conn);
    if (it != fifo.end() && it->second > at) at = it->second;
    if (a.delay > 0 || at > now) {
      if (a.delay > 0) trace->emit("msg_delay", {{"conn", a.conn}, {"type", static_cast<unsigned>(a.msg->hdr.type)}, {"by_ns", a.delay}});
      fifo[a.conn] = at;
      const std::uint64_t gen = generation;
      loop->at(at, [this, gen, conn = a.conn, msg = a.msg] {
        if (generation == gen) msgr->send(conn, msg);
      });
    } else {
      if (!a.note.empty() && a.note == "corrupt")
        trace->emit("msg_corrupt", {{"conn", a.conn}, {"type", static_cast<unsigned>(a.msg->hdr.type)}});
      msgr->send(a.conn, a.msg);
    }
  }
}

void SimMonCluster::Mon::die() {
  process_up = false;
  ++generation;
  msgr->forget_all();
  monitor->reset();
  fifo.clear();
}

// ------------------------------------------------------------------ process and host states

bool SimMonCluster::running(int rank) const {
  const Mon& m = *mons_.at(rank);
  return m.process_up && !m.loop->paused() && net_.powered(m.node);
}

bool SimMonCluster::in_quorum(int rank) const {
  return cluster_.quorum().in_quorum(rank) && cluster_.quorum().readable(rank, now_ns());
}

bool SimMonCluster::serving(int rank) const {
  return running(rank) && in_quorum(rank) && !mons_.at(rank)->monitor->behaviours().any_in_force(now_ns());
}

void SimMonCluster::kill(int rank) {
  Mon& m = *mons_.at(rank);
  if (!m.process_up) return;
  cluster_.quorum().advance(now_ns());
  net_.kill_process(m.node);
  m.die();
  if (m.loop->paused()) m.loop->resume();  // a dead process is no longer stopped
  cluster_.quorum().down(rank, now_ns(), mock_mon::QuorumModel::Cause::kill);
  state(rank, "down");
  publish_changes();
}

void SimMonCluster::revive(int rank) {
  Mon& m = *mons_.at(rank);
  if (m.process_up || !net_.powered(m.node)) return;
  cluster_.quorum().advance(now_ns());
  m.process_up = true;
  m.msgr->listen();
  m.start_ticks();
  cluster_.quorum().up(rank, now_ns());
  state(rank, "up");
  publish_changes();
}

void SimMonCluster::pause(int rank) {
  Mon& m = *mons_.at(rank);
  if (!m.process_up || m.loop->paused()) return;
  cluster_.quorum().advance(now_ns());
  m.loop->pause();
  cluster_.quorum().pause(rank, now_ns());
  state(rank, "paused");
  publish_changes();
}

void SimMonCluster::resume(int rank) {
  Mon& m = *mons_.at(rank);
  if (!m.loop->paused()) return;
  cluster_.quorum().advance(now_ns());
  m.loop->resume();
  cluster_.quorum().resume(rank, now_ns());
  state(rank, "up");
  publish_changes();
}

void SimMonCluster::poweroff(int rank) {
  Mon& m = *mons_.at(rank);
  if (!net_.powered(m.node)) return;
  cluster_.quorum().advance(now_ns());
  net_.power_off(m.node);
  m.die();
  if (m.loop->paused()) m.loop->resume();
  cluster_.quorum().down(rank, now_ns(), mock_mon::QuorumModel::Cause::poweroff);
  state(rank, "off");
  publish_changes();
}

void SimMonCluster::poweron(int rank) {
  Mon& m = *mons_.at(rank);
  if (net_.powered(m.node)) return;
  net_.power_on(m.node);
  revive(rank);
}

void SimMonCluster::monmap_changed() {
  cluster_trace_->emit("monmap_epoch", {{"epoch", cluster_.monmap().epoch}});
  for (auto& m : mons_) {
    if (!m->process_up) continue;
    Mon* mon = m.get();
    const std::uint64_t gen = mon->generation;
    mon->loop->post([mon, gen] {
      if (mon->generation == gen) mon->apply(mon->monitor->on_new_maps(now_ns()));
    });
  }
}

void SimMonCluster::set_reachable(int a, int b, bool reachable) {
  cluster_.quorum().advance(now_ns());
  cluster_.quorum().set_reachable(a, b, reachable, now_ns());
  publish_changes();
}

}  // namespace monsim::sim
