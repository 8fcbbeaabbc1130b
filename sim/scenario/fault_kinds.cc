#include "sim/scenario/fault_kinds.h"

#include <regex>

#include "client/kern/bug.h"

namespace monsim::sim {

namespace {

// ------------------------------------------------------------------ reading values, by shape

// kill, revive, poweroff, poweron, pause, resume: one monitor target.
void load_mon_target(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  std::string tmp;
  if (check_mon_target(L, v, kp, names, &tmp)) f.target.text = tmp;
}

// reset: client.N or client.*.
void load_client_target(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  std::string tmp;
  if (!L.scalar(v, kp, &tmp)) return;
  if (tmp != "client.*" && !names.is_client(tmp)) L.error(v, kp, "no client named '" + tmp + "'");
  f.target.text = tmp;
}

// partition, heal: two or more groups of node patterns.
void load_groups(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  if (!v.IsSequence() || v.size() < 2 || v.size() > limits::kPatternsPerList) {
    L.error(v, kp, "expected a list of two or more groups, e.g. [[client.*], [mon.a, mon.b]]");
    return;
  }
  for (std::size_t g = 0; g < v.size(); ++g) {
    std::vector<std::string> group;
    const std::string gp = kp + "[" + std::to_string(g) + "]";
    if (!L.string_list(v[g], gp, &group)) continue;
    for (const auto& name : group) check_pattern(L, v[g], gp, names, name);
    f.groups.push_back(group);
  }
}

// partition_oneway: {from: [...], to: [...]}.
void load_oneway(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  if (!L.map(v, kp, {"from", "to"})) return;
  if (!v["from"] || !v["to"]) {
    L.error(v, kp, "needs from and to");
    return;
  }
  if (L.string_list(v["from"], kp + ".from", &f.from))
    for (const auto& name : f.from) check_pattern(L, v["from"], kp + ".from", names, name);
  if (L.string_list(v["to"], kp + ".to", &f.to))
    for (const auto& name : f.to) check_pattern(L, v["to"], kp + ".to", names, name);
}

// delay `by` (a duration or [low, high]).
void load_delay_by(Loader& L, const YAML::Node& v, const std::string& kp, Fault& f) {
  if (!v["by"]) {
    L.error(v, kp + ".by", "required");
  } else if (v["by"].IsSequence() && v["by"].size() == 2) {
    L.duration_in(v["by"][0], kp + ".by[0]", 0, limits::kDelay, &f.by);
    if (L.duration_in(v["by"][1], kp + ".by[1]", 0, limits::kDelay, &f.by_max) && f.by_max < f.by)
      L.error(v["by"], kp + ".by", "the range must be [low, high]");
  } else {
    L.duration_in(v["by"], kp + ".by", 0, limits::kDelay, &f.by);
  }
}

constexpr struct { const char* name; int err; } kAuthErrors[] = {
    {"EACCES", 13}, {"EPERM", 1}, {"EINVAL", 22}, {"ENOENT", 2}};

// delay, drop, corrupt, reject_auth: a rule on one monitor's (or every monitor's) replies.
void load_reply_rule(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  const Fault::Kind k = f.kind;
  std::vector<std::string> keys = {"mon"};
  if (k != Fault::Kind::reject_auth) keys.push_back("reply");
  if (k == Fault::Kind::delay) keys.push_back("by");
  if (k == Fault::Kind::drop) keys.push_back("probability");
  if (k == Fault::Kind::corrupt) keys.push_back("how");
  if (k == Fault::Kind::reject_auth) keys.push_back("error");
  if (!L.map(v, kp, keys)) return;
  std::string tmp;
  if (auto m = v["mon"]) {
    if (L.scalar(m, kp + ".mon", &tmp)) {
      if (tmp != "*" && tmp != "mon.*" && tmp != "leader" && !names.is_mon(tmp) && tmp.rfind("connected", 0) != 0)
        L.error(m, kp + ".mon", "no monitor named '" + tmp + "' (monitors: " + join(names.mons) + ")");
      f.mon = tmp;
    }
  }
  if (auto r = v["reply"]) L.choice(r, kp + ".reply", kReplyKinds, &f.reply);
  if (k == Fault::Kind::delay) load_delay_by(L, v, kp, f);
  if (k == Fault::Kind::drop && v["probability"]) {
    if (L.number(v["probability"], kp + ".probability", &f.probability) && (f.probability <= 0 || f.probability > 1))
      L.error(v["probability"], kp + ".probability", "must be in (0, 1]");
  }
  if (k == Fault::Kind::corrupt)
    if (auto h = v["how"])
      L.choice(h, kp + ".how", {"truncate", "bad_length", "wrong_fsid", "unknown_type", "garbage"}, &f.how);
  if (k == Fault::Kind::reject_auth)
    if (auto e = v["error"]) {
      if (L.choice(e, kp + ".error", {"EACCES", "EPERM", "EINVAL", "ENOENT"}, &tmp))
        for (const auto& a : kAuthErrors)
          if (tmp == a.name) f.error = a.err;
    }
}

// latency: {between: [a, b], one_way: D}.
void load_latency(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  if (!L.map(v, kp, {"between", "one_way"})) return;
  if (!v["between"] || !v["one_way"]) {
    L.error(v, kp, "needs between and one_way");
    return;
  }
  if (L.string_list(v["between"], kp + ".between", &f.between)) {
    if (f.between.size() != 2) L.error(v["between"], kp + ".between", "needs exactly two nodes or patterns");
    for (const auto& name : f.between) check_pattern(L, v["between"], kp + ".between", names, name);
  }
  L.duration_in(v["one_way"], kp + ".one_way", 0, limits::kLatency, &f.one_way);
}

// monmap: {add: name}.
void load_monmap_add(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  if (!L.map(v, kp, {"add"})) return;
  if (!v["add"]) {
    L.error(v, kp + ".add", "required");
  } else if (L.scalar(v["add"], kp + ".add", &f.add)) {
    static const std::regex ok("[a-z0-9]+");
    if (!std::regex_match(f.add, ok)) L.error(v["add"], kp + ".add", "not a monitor name ([a-z0-9]+)");
    else if (names.is_mon("mon." + f.add)) L.error(v["add"], kp + ".add", "mon." + f.add + " already exists");
  }
}

// clock_step: {node: client.N, by: ±D}.
void load_clock_step(Loader& L, const YAML::Node& v, const std::string& kp, const Names& names, Fault& f) {
  if (!L.map(v, kp, {"node", "by"})) return;
  if (!v["node"] || !v["by"]) {
    L.error(v, kp, "needs node and by");
    return;
  }
  if (L.scalar(v["node"], kp + ".node", &f.node) && f.node != "client.*" && !names.is_client(f.node))
    L.error(v["node"], kp + ".node", "no client named '" + f.node + "'");
  nanos by;
  if (L.duration(v["by"], kp + ".by", &by, /*allow_negative=*/true)) {
    if (by < -limits::kRealtimeMax || by > limits::kRealtimeMax)
      L.error(v["by"], kp + ".by", "a step of more than 136 years (the clock must stay within 1970..2106)");
    else
      f.by = by;
  }
}

// ------------------------------------------------------------------ writing values, by shape

std::string signed_duration(nanos d) { return d < 0 ? "-" + format_duration(-d) : format_duration(d); }

void dump_mon_target(YAML::Emitter& e, const Fault& f) { e << f.target.text; }
void dump_client_target(YAML::Emitter& e, const Fault& f) { e << f.target.text; }
void dump_groups(YAML::Emitter& e, const Fault& f) { e << YAML::Flow << f.groups; }

void dump_oneway(YAML::Emitter& e, const Fault& f) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << f.from << YAML::Key << "to"
    << YAML::Value << f.to << YAML::EndMap;
}

void dump_reply_rule(YAML::Emitter& e, const Fault& f) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "mon" << YAML::Value << f.mon;
  if (f.kind != Fault::Kind::reject_auth) e << YAML::Key << "reply" << YAML::Value << f.reply;
  if (f.kind == Fault::Kind::delay) {
    if (f.by_max >= 0)
      e << YAML::Key << "by" << YAML::Value << YAML::Flow
        << std::vector<std::string>{format_duration(f.by), format_duration(f.by_max)};
    else
      e << YAML::Key << "by" << YAML::Value << format_duration(f.by);
  }
  if (f.kind == Fault::Kind::drop) e << YAML::Key << "probability" << YAML::Value << f.probability;
  if (f.kind == Fault::Kind::corrupt) e << YAML::Key << "how" << YAML::Value << f.how;
  if (f.kind == Fault::Kind::reject_auth) {
    const char* name = "ENOENT";
    for (const auto& a : kAuthErrors)
      if (f.error == a.err) name = a.name;
    e << YAML::Key << "error" << YAML::Value << name;
  }
  e << YAML::EndMap;
}

void dump_latency(YAML::Emitter& e, const Fault& f) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "between" << YAML::Value << f.between << YAML::Key
    << "one_way" << YAML::Value << format_duration(f.one_way) << YAML::EndMap;
}

void dump_monmap_add(YAML::Emitter& e, const Fault& f) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "add" << YAML::Value << f.add << YAML::EndMap;
}

void dump_clock_step(YAML::Emitter& e, const Fault& f) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "node" << YAML::Value << f.node << YAML::Key << "by"
    << YAML::Value << signed_duration(f.by) << YAML::EndMap;
}

}  // namespace

// ------------------------------------------------------------------ the table

namespace {

// What happens to the monitors' processes and hosts, and to the network between the nodes.
std::vector<FaultKindSpec> process_and_network_kinds() {
  return {
      {"kill", Fault::Kind::kill,
       "a monitor target",
       "the process dies: its connections reset (one latency later for the peer), connects are refused",
       "revive", Fault::Kind::revive, false, load_mon_target, dump_mon_target},
      {"revive", Fault::Kind::revive,
       "a monitor target",
       "the process restarts with no sessions and rejoins the quorum (~250 ms)",
       "—", Fault::Kind::revive, false, load_mon_target, dump_mon_target},
      {"poweroff", Fault::Kind::poweroff,
       "a monitor target",
       "the host goes silent: no reset, SYNs lost; forgotten connections reset when data reaches it after power-on",
       "poweron", Fault::Kind::poweron, false, load_mon_target, dump_mon_target},
      {"poweron", Fault::Kind::poweron,
       "a monitor target",
       "boots the host and starts the monitor",
       "—", Fault::Kind::poweron, false, load_mon_target, dump_mon_target},
      {"pause", Fault::Kind::pause,
       "a monitor target",
       "SIGSTOP: TCP stays up, nothing is answered (keepalive acks included); ticks stop",
       "resume", Fault::Kind::resume, false, load_mon_target, dump_mon_target},
      {"resume", Fault::Kind::resume,
       "a monitor target",
       "everything queued is processed; the monitor calls an election",
       "—", Fault::Kind::resume, false, load_mon_target, dump_mon_target},
      {"partition", Fault::Kind::partition,
       "`[[group], [group], …]` of node patterns",
       "packets between groups are lost; TCP resends a connection's data at its sender's first retransmission-timer firing after the heal (`network.tcp`: a loss probe, then the RTO doubling to 120 s, on the sender's timer wheel), or a round trip after new data shows the hole; SYNs follow their own schedule",
       "heal", Fault::Kind::partition, false, load_groups, dump_groups},
      {"partition_oneway", Fault::Kind::partition_oneway,
       "`{from: [...], to: [...]}`",
       "only that direction is held",
       "heal", Fault::Kind::partition_oneway, false, load_oneway, dump_oneway},
      {"heal", Fault::Kind::heal,
       "`[[group], [group], …]` of node patterns",
       "lets packets between the groups through again, as a partition's `for:` does",
       "—", Fault::Kind::heal, false, load_groups, dump_groups},
  };
}

}  // namespace

const std::vector<FaultKindSpec>& fault_kinds() {
  // In the order of scenarios/README's table: the processes and the network, then the rest.
  static const std::vector<FaultKindSpec> kinds = [] {
    std::vector<FaultKindSpec> all = process_and_network_kinds();
    all.insert(all.end(), {
      {"reset", Fault::Kind::reset,
       "`client.N` or `client.*`",
       "a socket error on the client's current connection (both ends)",
       "—", Fault::Kind::reset, false, load_client_target, dump_client_target},
      {"delay", Fault::Kind::delay,
       "`{mon, reply, by}` (`by` may be `[low, high]`)",
       "the monitor holds that reply kind; order per connection kept",
       "window ends", Fault::Kind::delay, true, load_reply_rule, dump_reply_rule},
      {"drop", Fault::Kind::drop,
       "`{mon, reply, probability}`",
       "the reply is never sent (seeded draw)",
       "window ends", Fault::Kind::drop, true, load_reply_rule, dump_reply_rule},
      {"corrupt", Fault::Kind::corrupt,
       "`{mon, reply, how}`",
       "`truncate`, `bad_length`, `wrong_fsid`, `unknown_type`, `garbage`",
       "window ends", Fault::Kind::corrupt, true, load_reply_rule, dump_reply_rule},
      {"reject_auth", Fault::Kind::reject_auth,
       "`{mon, error: EACCES}`",
       "auth replies carry the error",
       "window ends", Fault::Kind::reject_auth, true, load_reply_rule, dump_reply_rule},
      {"latency", Fault::Kind::latency,
       "`{between: [a, b], one_way: 200ms}`",
       "new one-way latency for matching pairs",
       "previous latency", Fault::Kind::latency, false, load_latency, dump_latency},
      {"monmap", Fault::Kind::monmap_add,
       "`{add: d}`",
       "a new monmap epoch listing one more monitor (with no host behind it)",
       "—", Fault::Kind::monmap_add, false, load_monmap_add, dump_monmap_add},
      {"clock_step", Fault::Kind::clock_step,
       "`{node: client.0, by: 45s}` (may be negative)",
       "the client's CLOCK_REALTIME jumps; keepalive stamps and tickets use it",
       "—", Fault::Kind::clock_step, false, load_clock_step, dump_clock_step},
    });
    return all;
  }();
  return kinds;
}

const FaultKindSpec& fault_kind(Fault::Kind kind) {
  for (const auto& k : fault_kinds())
    if (k.kind == kind) return k;
  MONSIM_BUG_ON(true);  // every Fault::Kind has an entry (tests/sim/scenario checks it)
  return fault_kinds().front();
}

const FaultKindSpec* fault_kind(const std::string& key) {
  for (const auto& k : fault_kinds())
    if (key == k.key) return &k;
  return nullptr;
}

std::vector<std::string> fault_kind_keys() {
  std::vector<std::string> out;
  for (const auto& k : fault_kinds()) out.push_back(k.key);
  return out;
}

std::string fault_kinds_markdown() {
  std::string out;
  for (const auto& k : fault_kinds())
    out += std::string("| `") + k.key + "` | " + k.value + " | " + k.effect + " | " + k.undo + " |\n";
  return out;
}

const char* fault_kind_name(Fault::Kind k) { return fault_kind(k).key; }

}  // namespace monsim::sim
