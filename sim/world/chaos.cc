#include "sim/world/chaos.h"

#include <algorithm>
#include <memory>
#include <regex>

#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/logics.h"
#include "sim/scenario/units.h"

namespace monsim::sim {

using kern::Field;

namespace {
mock_mon::CorruptHow how_of(const std::string& s) {
  if (s == "bad_length") return mock_mon::CorruptHow::bad_length;
  if (s == "wrong_fsid") return mock_mon::CorruptHow::wrong_fsid;
  if (s == "unknown_type") return mock_mon::CorruptHow::unknown_type;
  if (s == "garbage") return mock_mon::CorruptHow::garbage;
  return mock_mon::CorruptHow::truncate;
}
}  // namespace

void World::Chaos::start() {
  // Posted before anything else of the run: a fault takes effect first among the events of
  // its instant.
  for (const FaultStep& st : fault_steps(w_.s_)) {
    if (st.at >= w_.s_.duration) break;
    loop_.at(st.at, [this, st] { apply(w_.s_.faults[st.fault], st.undo); });
  }
}

void World::Chaos::trace(const Fault& f, bool undo, std::vector<Field> extra) {
  std::vector<Field> fields = {{"kind", fault_kind_name(f.kind)}, {"undo", undo}};
  for (auto& x : extra) fields.push_back(std::move(x));
  w_.chaos_trace_->emit("fault", std::move(fields));
}

// mon.X, mon.*, connected (client.0's monitor now), connected(client.N), leader (the
// quorum's leader now; none during an election).
std::vector<int> World::Chaos::mon_ranks(const std::string& target) {
  std::vector<int> out;
  if (target == "leader") {
    const int r = w_.cluster_->cluster().quorum().leader();
    if (r >= 0 && r < w_.cluster_->size()) out.push_back(r);
    return out;
  }
  static const std::regex connected(R"(connected(\(client\.(\d+)\))?)");
  std::smatch m;
  if (std::regex_match(target, m, connected)) {
    const int c = m[2].matched ? std::stoi(m[2].str()) : 0;
    if (c < static_cast<int>(w_.clients_.size())) {
      const int r = w_.clients_[c]->monc->cur_mon();
      if (r >= 0 && r < w_.cluster_->size()) out.push_back(r);
    }
    return out;
  }
  for (int r = 0; r < w_.cluster_->size(); ++r)
    if (target == "mon.*" || target == "*" || target == w_.net_->name(w_.cluster_->node(r)))
      out.push_back(r);
  return out;
}

std::vector<NodeId> World::Chaos::nodes(const std::vector<std::string>& patterns) {
  std::vector<NodeId> out;
  for (const auto& p : patterns)
    for (NodeId n : w_.match(p))
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

void World::Chaos::block_between(const std::vector<NodeId>& from, const std::vector<NodeId>& to, bool block) {
  for (NodeId a : from)
    for (NodeId b : to) {
      if (a == b) continue;
      if (block)
        w_.net_->block(a, b);
      else
        w_.net_->unblock(a, b);
      // The monitors reach each other when no partition still holds the pair either way: the
      // undo of one of two overlapping partitions heals only what the other does not hold
      // (as deleting one of two iptables rules would).
      const int ra = w_.cluster_->rank_of(a), rb = w_.cluster_->rank_of(b);
      if (ra >= 0 && rb >= 0) w_.cluster_->set_reachable(ra, rb, !w_.net_->blocked(a, b) && !w_.net_->blocked(b, a));
    }
}

// Each kind's behaviour (its description, and its undo, are sim/scenario/fault_kinds.cc's).
void World::Chaos::apply(const Fault& f, bool undo) {
  const std::size_t id = static_cast<std::size_t>(&f - w_.s_.faults.data());
  switch (f.kind) {
    case Fault::Kind::kill:
    case Fault::Kind::poweroff:
    case Fault::Kind::pause:
    case Fault::Kind::revive:
    case Fault::Kind::poweron:
    case Fault::Kind::resume: return apply_process(f, id, undo);
    case Fault::Kind::partition:
    case Fault::Kind::heal: return apply_partition(f, undo);
    case Fault::Kind::partition_oneway: return apply_oneway(f, undo);
    case Fault::Kind::reset: return apply_reset(f, undo);
    case Fault::Kind::delay:
    case Fault::Kind::drop:
    case Fault::Kind::corrupt:
    case Fault::Kind::reject_auth: return apply_reply_rule(f, undo);
    case Fault::Kind::latency: return apply_latency(f, id, undo);
    case Fault::Kind::monmap_add: return apply_monmap_add(f);
    case Fault::Kind::clock_step: return apply_clock_step(f);
  }
}

// kill, poweroff, pause and their opposites. The undo acts on what the fault hit, even if
// "connected" means another monitor now.
void World::Chaos::apply_process(const Fault& f, std::size_t id, bool undo) {
  auto& cluster = *w_.cluster_;
  const std::vector<int> ranks = undo ? hit_ranks_[id] : mon_ranks(f.target.text);
  if (!undo) hit_ranks_[id] = ranks;
  const Fault::Kind k = undo ? fault_kind(f.kind).undo_kind : f.kind;
  std::vector<std::string> names;
  for (int r : ranks) {
    names.push_back(w_.net_->name(cluster.node(r)));
    switch (k) {
      case Fault::Kind::kill: cluster.kill(r); break;
      case Fault::Kind::poweroff: cluster.poweroff(r); break;
      case Fault::Kind::pause: cluster.pause(r); break;
      case Fault::Kind::revive: cluster.revive(r); break;
      case Fault::Kind::poweron: cluster.poweron(r); break;
      case Fault::Kind::resume: cluster.resume(r); break;
      default: break;
    }
  }
  trace(f, undo, {{"target", f.target.text}, {"mons", json_list(names)}});
}

// partition (and its undo), heal: every pair of groups, both ways.
void World::Chaos::apply_partition(const Fault& f, bool undo) {
  const bool block = f.kind == Fault::Kind::partition && !undo;
  for (std::size_t g = 0; g < f.groups.size(); ++g)
    for (std::size_t h = 0; h < f.groups.size(); ++h)
      if (g != h) block_between(nodes(f.groups[g]), nodes(f.groups[h]), block);
  std::string groups = "[";  // a list of lists of node patterns, as the scenario gives them
  for (const auto& g : f.groups) groups += (groups.size() > 1 ? "," : "") + json_list(g).text;
  trace(f, undo, {{"groups", kern::JsonText{groups + "]"}}});
}

void World::Chaos::apply_oneway(const Fault& f, bool undo) {
  block_between(nodes(f.from), nodes(f.to), !undo);
  trace(f, undo, {{"from", json_list(f.from)}, {"to", json_list(f.to)}});
}

void World::Chaos::apply_reset(const Fault& f, bool undo) {
  for (int c : w_.match_clients({f.target.text})) {
    // librados: every socket it has is a monitor's; the lab's ss -K aborts the established ones.
    if (is_userspace_logic(w_.s_.clients.logic)) {
      for (SocketId id : w_.net_->sockets_of(w_.clients_[c]->node)) w_.net_->reset(id);
      continue;
    }
    for (SimConnection* con : w_.clients_[c]->kernel->connections())
      if (con->socket()) w_.net_->reset(con->socket());
  }
  trace(f, undo, {{"target", f.target.text}});
}

// delay, drop, corrupt, reject_auth: a rule on the monitors' replies, whose window ends by
// itself (the undo only traces).
void World::Chaos::apply_reply_rule(const Fault& f, bool undo) {
  if (undo) {
    trace(f, true, {{"mon", f.mon}, {"reply", f.reply}});
    return;
  }
  mock_mon::Rule rule;
  rule.kind = f.kind == Fault::Kind::delay ? mock_mon::Rule::Kind::delay
              : f.kind == Fault::Kind::drop ? mock_mon::Rule::Kind::drop
              : f.kind == Fault::Kind::corrupt ? mock_mon::Rule::Kind::corrupt
                                               : mock_mon::Rule::Kind::reject_auth;
  rule.reply = f.reply;
  rule.from = now_ns();
  rule.until = f.for_ > 0 ? now_ns() + f.for_ : INT64_MAX;
  // One count for every monitor the rule goes on: `count` replies in total.
  if (f.count >= 0) rule.count = std::make_shared<int>(f.count);
  rule.delay_min = f.by;
  rule.delay_max = f.by_max >= 0 ? f.by_max : f.by;
  rule.probability = f.probability;
  rule.how = how_of(f.how);
  rule.error = -f.error;
  const std::string target = f.mon == "*" ? "mon.*" : f.mon;
  for (int r : mon_ranks(target)) w_.cluster_->monitor(r).behaviours().add(rule);
  trace(f, false, {{"mon", f.mon}, {"reply", f.reply}});
}

// latency: the new one-way latency for every matching pair; the undo restores what was there.
void World::Chaos::apply_latency(const Fault& f, std::size_t id, bool undo) {
  auto& saved = old_latency_[id];
  if (!undo) {
    saved.clear();
    for (NodeId a : w_.match(f.between[0]))
      for (NodeId b : w_.match(f.between[1])) {
        if (a == b) continue;
        for (auto pr : {std::make_pair(a, b), std::make_pair(b, a)}) {
          saved.push_back({pr, w_.net_->latency(pr.first, pr.second)});
          w_.net_->set_latency(pr.first, pr.second, f.one_way);
        }
      }
  } else {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it)
      w_.net_->set_latency(it->first.first, it->first.second, it->second);
  }
  trace(f, undo, {{"between", json_list(f.between)}, {"one_way", format_duration(f.one_way)}});
}

// monmap add: a monitor that exists only in the map; no host answers at its address.
void World::Chaos::apply_monmap_add(const Fault& f) {
  auto& cluster = *w_.cluster_;
  const std::uint32_t ip = 0xC0000201u + static_cast<std::uint32_t>(cluster.cluster().size());
  cluster.cluster().add_monitor(f.add, {0, 0, ip, MON_PORT});
  cluster.monmap_changed();
  trace(f, false, {{"add", f.add}, {"epoch", cluster.cluster().monmap().epoch}});
}

void World::Chaos::apply_clock_step(const Fault& f) {
  for (int c : w_.match_clients({f.node})) w_.clients_[c]->kernel->sim_clock().step_realtime(f.by);
  trace(f, false, {{"client", f.node}, {"by_ns", f.by}});
}

}  // namespace monsim::sim
