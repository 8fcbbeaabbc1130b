#include "sim/scenario/reality_plan.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>

#include "sim/engine/trace.h"
#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/logics.h"
#include "sim/scenario/units.h"

namespace monsim::sim {

namespace {

std::string seconds(nanos t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%" PRId64 ".%09" PRId64, t / NS_PER_S, t % NS_PER_S);
  return buf;
}

std::string list_json(const std::vector<std::string>& names) { return json_list(names).text; }

std::string groups_json(const std::vector<std::vector<std::string>>& groups) {
  std::string out = "[";
  for (std::size_t g = 0; g < groups.size(); ++g) out += (g ? "," : "") + list_json(groups[g]);
  return out + "]";
}

// The lab's nodes a pattern names: client.0 (the guest) and the monitors.
std::vector<std::string> expand(const std::string& pattern, const std::vector<std::string>& mons) {
  std::vector<std::string> out;
  if (pattern == "*" || pattern == "client.*" || pattern == "client.0") out.push_back("client.0");
  for (const auto& m : mons)
    if (pattern == "*" || pattern == "mon.*" || pattern == "mon." + m) out.push_back("mon." + m);
  return out;
}

std::vector<std::string> expand_all(const std::vector<std::string>& patterns, const std::vector<std::string>& mons) {
  std::vector<std::string> out;
  for (const auto& p : patterns)
    for (auto& n : expand(p, mons))
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  return out;
}

// Every ordered pair (a, b), a and b in different groups (a node in two groups is not cut
// from itself).
std::vector<std::pair<std::string, std::string>> cut_pairs(const std::vector<std::vector<std::string>>& groups,
                                                           const std::vector<std::string>& mons) {
  std::vector<std::vector<std::string>> nodes;
  for (const auto& g : groups) nodes.push_back(expand_all(g, mons));
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t g = 0; g < nodes.size(); ++g)
    for (std::size_t h = 0; h < nodes.size(); ++h) {
      if (g == h) continue;
      for (const auto& a : nodes[g])
        for (const auto& b : nodes[h])
          if (a != b && std::find(out.begin(), out.end(), std::make_pair(a, b)) == out.end()) out.emplace_back(a, b);
    }
  return out;
}

// A monitor target as the driver names it: "a", "connected", or every monitor for mon.*.
std::vector<std::string> mon_target(const std::string& t, const std::vector<std::string>& mons) {
  if (t == "connected" || t == "connected(client.0)") return {"connected"};
  if (t == "mon.*") return mons;
  return {t.rfind("mon.", 0) == 0 ? t.substr(4) : t};
}

// Why a lab cannot apply a fault kind; empty when it can.
const char* unsupported(Fault::Kind k) {
  switch (k) {
    case Fault::Kind::delay:
    case Fault::Kind::drop:
    case Fault::Kind::corrupt:
    case Fault::Kind::reject_auth: return "a real ceph-mon's replies cannot be edited";
    case Fault::Kind::latency: return "the lab's links have the latency they have";
    case Fault::Kind::monmap_add: return "the lab does not add monitors";
    case Fault::Kind::clock_step: return "the guest's clock is not stepped";
    default: return "";
  }
}

void note_environment(const Scenario& s, RealityPlan* p);

// librados' real client reads the scenario's Ceph options; the rest is as for a kernel's.
void note_userspace_settings(const Scenario& s, RealityPlan* p) {
  p->client = "userspace";
  p->notes.push_back("clients.logic " + s.clients.logic + ": the real client is librados (python3-rados " +
                     "16.2.15) in a network namespace of its own, behind a veth");
  const userspace_16_2::Options d;
  for (const auto& spec : userspace_16_2::option_specs())
    if (userspace_16_2::option_value(s.clients.ceph_conf, spec) != userspace_16_2::option_value(d, spec))
      p->ceph_conf.emplace_back(spec.name, format_number(userspace_16_2::option_value(s.clients.ceph_conf, spec)));
  if (s.clients.start != 0 || s.clients.spread != 0)
    p->notes.push_back("clients.start: the real client connects at t = 0");
  if (s.clients.timer_latency != Scenario{}.clients.timer_latency)
    p->notes.push_back("clients.timer_latency: the real client's timer is as late as its host makes it (the import measures it)");
  if (!s.clients.workload.empty())
    p->notes.push_back("clients.workload: the real client runs no workload (its request metrics are absent, not zero)");
}

void note_settings(const Scenario& s, RealityPlan* p) {
  const Scenario d;
  if (is_userspace_logic(s.clients.logic)) {
    note_userspace_settings(s, p);
    note_environment(s, p);
    return;
  }
  p->notes.push_back("clients.logic " + s.clients.logic +
                     ": the real client is the guest's kernel; the logic is what the simulated run compared with it uses");
  if (s.hz != d.hz) p->notes.push_back("hz " + std::to_string(s.hz) + ": the guest's kernel has its own HZ (Debian's: 250)");
  const auto& t = s.clients.tunables;
  const libceph::Tunables dt;
  if (t.hunt_interval_ms != dt.hunt_interval_ms || t.hunt_backoff != dt.hunt_backoff || t.hunt_max_mult != dt.hunt_max_mult ||
      t.ping_interval_ms != dt.ping_interval_ms || t.ping_timeout_ms != dt.ping_timeout_ms)
    p->notes.push_back("clients.tunables: a real kernel has its constants built in");
  if (s.clients.mount_timeout != d.clients.mount_timeout || s.clients.start != d.clients.start || s.clients.spread != d.clients.spread)
    p->notes.push_back("clients.start/mount_timeout: the guest maps its image at t = 0");
  if (!s.clients.workload.empty())
    p->notes.push_back("clients.workload: the guest runs no workload (its request metrics are absent, not zero)");
  note_environment(s, p);
}

// The network and the cluster: the lab's own, whichever client.
void note_environment(const Scenario& s, RealityPlan* p) {
  const Scenario d;
  const auto& n = s.network;
  if (n.latency != d.network.latency || n.jitter != d.network.jitter || n.bandwidth_bps != d.network.bandwidth_bps ||
      !n.links.empty() || n.tcp.syn_retries != d.network.tcp.syn_retries || n.tcp.retries2 != d.network.tcp.retries2 ||
      n.tcp.rto_min != d.network.tcp.rto_min)
    p->notes.push_back(p->client == "kernel" ? "network: the lab's network is a tap in a namespace with the kernels' own TCP"
                                              : "network: the lab's network is a veth between two namespaces, with the host kernel's TCP");
  const auto& c = s.cluster;
  if (!c.cephx) p->notes.push_back("cluster.auth none: the lab's cluster runs cephx");
  if (!c.keepalive2) p->notes.push_back("cluster.keepalive2 false: a real ceph-mon answers KEEPALIVE2");
  if (c.subscribe_ack != d.cluster.subscribe_ack || c.osdmap_epoch != d.cluster.osdmap_epoch ||
      c.osdmap_every != d.cluster.osdmap_every || c.osdmap_size != d.cluster.osdmap_size || c.monmap_size != d.cluster.monmap_size)
    p->notes.push_back("cluster maps and acks: a real cluster's, not the scenario's");
}

// The step a fault is in reality: its instant, kind, and what it acts on (the monitors, or
// the directed pairs a partition cuts).
RealityStep step_of(const Fault& f, const Scenario& s) {
  RealityStep st;
  st.at = f.at;
  st.kind = fault_kind_name(f.kind);
  switch (f.kind) {
    case Fault::Kind::partition:
    case Fault::Kind::heal:
      st.pairs = cut_pairs(f.groups, s.cluster.monitors);
      st.groups_json = groups_json(f.groups);
      break;
    case Fault::Kind::reset:  // the guest is client.0, whichever pattern names it
      st.mons = {"client.0"};
      break;
    case Fault::Kind::partition_oneway: {
      for (const auto& a : expand_all(f.from, s.cluster.monitors))
        for (const auto& b : expand_all(f.to, s.cluster.monitors))
          if (a != b) st.pairs.emplace_back(a, b);
      st.groups_json = "{\"from\":" + list_json(f.from) + ",\"to\":" + list_json(f.to) + "}";
      break;
    }
    default:
      st.mons = mon_target(f.target.text, s.cluster.monitors);
  }
  return st;
}

}  // namespace

RealityPlan plan_reality(const Scenario& s, bool skip_unsupported) {
  RealityPlan p;
  p.name = s.name;
  p.duration = s.duration;
  p.monitors = s.cluster.monitors;
  p.election = s.cluster.election;
  p.ticket_ttl = s.cluster.ticket_ttl;
  if (s.clients.count != 1)
    p.problems.push_back(s.clients.count_pos.str() + ": clients.count: " + std::to_string(s.clients.count) +
                         " clients; a reality run has one (the guest's kernel, or one librados client)");
  if (s.cluster.monitors.size() > kRealityMonitors)
    p.problems.push_back(s.file + ": cluster.monitors: " + std::to_string(s.cluster.monitors.size()) +
                         " monitors; a reality run starts at most " + std::to_string(kRealityMonitors));
  if (s.duration > kRealityDuration)
    p.problems.push_back(s.file + ": duration: " + seconds(s.duration) + " s; a reality run lasts at most " +
                         seconds(kRealityDuration) + " s (it takes its duration in real time)");
  note_settings(s, &p);

  struct Pending {
    nanos at;
    std::size_t order;
    RealityStep step;
    int undoes = -1;  // the index (in `pending`) of the step this one undoes
  };
  std::vector<Pending> pending;
  for (const auto& f : s.faults) {
    const std::string key = f.pos.str() + ": faults[" + std::to_string(f.index) + "]." + fault_kind_name(f.kind);
    if (const char* why = unsupported(f.kind); *why) {
      (skip_unsupported ? p.notes : p.problems).push_back(key + ": not applied in reality: " + why);
      continue;
    }
    if (f.target.text.rfind("connected(", 0) == 0 && f.target.text != "connected(client.0)") {
      p.problems.push_back(key + ": " + f.target.text + ": a reality run has client.0 only");
      continue;
    }
    if (f.target.text == "leader") {  // the lab's driver would have to ask the monitors first
      (skip_unsupported ? p.notes : p.problems).push_back(key + ": leader: not applied in reality: name the monitor");
      continue;
    }
    const RealityStep st = step_of(f, s);
    pending.push_back({f.at, pending.size(), st});
    if (f.for_ > 0 && fault_kind(f.kind).undoable()) {  // as World::Chaos::start()
      RealityStep u = st;
      u.undo = true;
      u.at = f.at + f.for_;
      pending.push_back({u.at, pending.size(), u, static_cast<int>(pending.size() - 1)});
    }
  }
  // The simulator's order (World::Chaos::start): by instant, then as listed (a fault, then its undo).
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
  std::map<std::size_t, int> id_of_order;
  for (std::size_t i = 0; i < pending.size(); ++i) id_of_order[pending[i].order] = static_cast<int>(i) + 1;
  for (auto& pd : pending) {
    pd.step.id = id_of_order[pd.order];
    // The undo of a fault on "connected" acts on the monitors its fault found.
    if (pd.undoes >= 0 && pd.step.mons == std::vector<std::string>{"connected"})
      pd.step.mons = {"@" + std::to_string(id_of_order[static_cast<std::size_t>(pd.undoes)])};
    p.steps.push_back(pd.step);
  }
  return p;
}

std::string reality_plan_text(const RealityPlan& p) {
  std::string out = "# monsim reality plan: the steps scripts/reality/driver.py takes (times from the map, t = 0)\n";
  out += "name " + p.name + "\n";
  out += "duration " + seconds(p.duration) + "\n";
  out += "monitors";
  for (const auto& m : p.monitors) out += " " + m;
  out += "\nelection " + seconds(p.election) + "\n";
  out += "ticket_ttl " + seconds(p.ticket_ttl) + "\n";
  if (p.client != "kernel") out += "client " + p.client + "\n";  // (a kernel's plan reads as it always did)
  for (const auto& [name, value] : p.ceph_conf) out += "ceph_conf " + name + " " + value + "\n";
  for (const auto& st : p.steps) {
    out += "step " + std::to_string(st.id) + " " + seconds(st.at) + " " + st.kind + (st.undo ? " undo" : " do");
    if (!st.groups_json.empty()) {
      out += " ";
      for (std::size_t i = 0; i < st.pairs.size(); ++i)
        out += (i ? "," : "") + st.pairs[i].first + ">" + st.pairs[i].second;
      if (st.pairs.empty()) out += "-";
      out += " " + st.groups_json;
    } else {
      for (const auto& m : st.mons) out += " " + m;
    }
    out += "\n";
  }
  return out;
}

}  // namespace monsim::sim
