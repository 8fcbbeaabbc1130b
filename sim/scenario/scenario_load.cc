#include "sim/scenario/scenario_load.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <climits>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/scenario/logics.h"
#include "sim/scenario/invariant_names.h"
#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_text.h"
#include "sim/scenario/units.h"
#include "sim/scenario/workload_ops.h"

namespace monsim::sim {

std::string SourcePos::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::vector<std::string> Scenario::monitor_names() const {
  std::vector<std::string> out;
  for (const auto& m : cluster.monitors) out.push_back("mon." + m);
  return out;
}

std::vector<std::string> Scenario::client_names() const {
  std::vector<std::string> out;
  for (int i = 0; i < clients.count; ++i) out.push_back("client." + std::to_string(i));
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

// Why a seed logic is refused: the build did not find its seed.
[[maybe_unused]] std::string seed_not_built(const char* logic, const char* file) {
  return std::string(logic) + " is not built into this monsim: it compiles a seed (configure with " +
         "-DMONSIM_SEEDS=DIR, the folder of " + file + "_*.txt, and a kernel tree's headers: linux-source-6.1)";
}

}  // namespace

namespace {
// ------------------------------------------------------------------ sections

// cluster.monitors: a count (a, b, c, …) or a list of names.
void load_monitors(Loader& L, const YAML::Node& m, Scenario& s) {
  if (m.IsSequence()) {
    std::vector<std::string> names;
    if (L.string_list(m, "cluster.monitors", &names)) {
      static const std::regex ok("[a-z0-9]+");
      std::set<std::string> seen;
      bool good = !names.empty();
      if (names.empty()) L.error(m, "cluster.monitors", "needs at least one monitor");
      for (std::size_t i = 0; i < names.size(); ++i) {
        std::string nm = names[i].rfind("mon.", 0) == 0 ? names[i].substr(4) : names[i];
        if (!std::regex_match(nm, ok)) {
          L.error(m[i], "cluster.monitors[" + std::to_string(i) + "]", "'" + names[i] + "' is not a monitor name ([a-z0-9]+)");
          good = false;
        } else if (!seen.insert(nm).second) {
          L.error(m[i], "cluster.monitors[" + std::to_string(i) + "]", "duplicate monitor '" + nm + "'");
          good = false;
        }
        names[i] = nm;
      }
      if (names.size() > limits::kMonitors) {
        L.error(m, "cluster.monitors", "at most 30 monitors (the kernel refuses a monmap of 31)");
        good = false;
      }
      if (good) s.cluster.monitors = names;
    }
  } else {
    long long count = 0;
    if (L.integer(m, "cluster.monitors", 1, static_cast<long long>(limits::kMonitors), &count) && count > 26) {
      L.error(m, "cluster.monitors", std::to_string(count) + " monitors by count: at most 26 (named a to z); up to " +
                                         std::to_string(limits::kMonitors) + " by a list of names (monitors: [m1, m2, …])");
    } else if (count >= 1) {
      s.cluster.monitors.clear();
      for (int i = 0; i < count; ++i) s.cluster.monitors.push_back(std::string(1, static_cast<char>('a' + i)));
    }
  }
}

// cluster.osdmap: the first epoch, how often a new one is committed, its size.
void load_osdmap(Loader& L, const YAML::Node& o, Scenario& s) {
  if (L.map(o, "cluster.osdmap", {"epoch", "every", "size"})) {
    long long e;
    if (auto x = o["epoch"]; x && L.integer(x, "cluster.osdmap.epoch", 1, 1'000'000'000, &e))
      s.cluster.osdmap_epoch = static_cast<std::uint32_t>(e);
    if (auto x = o["every"]) {  // 0: never
      nanos v;
      if (L.duration_in(x, "cluster.osdmap.every", 0, limits::kAnyDuration, &v)) {
        if (v != 0 && v < limits::kMinOsdmapEvery)
          L.error(x, "cluster.osdmap.every", "must be 0 (never) or at least " + format_duration(limits::kMinOsdmapEvery));
        else
          s.cluster.osdmap_every = v;
      }
    }
    if (auto x = o["size"]) {
      std::uint64_t v;
      if (L.size(x, "cluster.osdmap.size", &v)) {
        if (v > limits::kMapBytes) L.error(x, "cluster.osdmap.size", "larger than CEPH_MSG_MAX_FRONT_LEN (16MiB)");
        else s.cluster.osdmap_size = v;
      }
    }
  }
}

void load_hz(Loader& L, const YAML::Node& x, const char* key, unsigned* out) {
  long long hz;
  if (!L.integer(x, key, 1, 100000, &hz)) return;
  if (hz != 100 && hz != 250 && hz != 300 && hz != 1000) L.error(x, key, std::to_string(hz) + " is not a kernel HZ (100, 250, 300, 1000)");
  else *out = static_cast<unsigned>(hz);
}

void load_cluster(Loader& L, const YAML::Node& n, Scenario& s) {
  if (!L.map(n, "cluster", {"monitors", "election", "auth", "ticket_ttl", "subscribe_ack", "keepalive2", "osdmap", "monmap", "hz"}))
    return;
  if (auto x = n["hz"]) load_hz(L, x, "cluster.hz", &s.cluster.hz);
  if (auto m = n["monitors"]) load_monitors(L, m, s);
  if (auto e = n["election"])
    L.duration_in(e, "cluster.election", limits::kMinElection, limits::kMaxElection, &s.cluster.election);
  if (auto a = n["auth"]) {
    std::string v;
    if (L.choice(a, "cluster.auth", {"none", "cephx"}, &v)) s.cluster.cephx = v == "cephx";
  }
  if (auto t = n["ticket_ttl"]) {
    nanos v;  // the monitor sends whole seconds
    if (L.duration_in(t, "cluster.ticket_ttl", NS_PER_S, 30 * 24 * 3600 * NS_PER_S, &v) &&
        L.whole(t, "cluster.ticket_ttl", v, NS_PER_S, "seconds"))
      s.cluster.ticket_ttl = v;
  }
  if (auto sa = n["subscribe_ack"]) {
    if (sa.IsScalar() && sa.Scalar() == "none") s.cluster.subscribe_ack = 0;
    else {
      nanos v;  // MMonSubscribeAck carries whole seconds
      if (L.duration_in(sa, "cluster.subscribe_ack", NS_PER_S, 30 * 24 * 3600 * NS_PER_S, &v) &&
          L.whole(sa, "cluster.subscribe_ack", v, NS_PER_S, "seconds"))
        s.cluster.subscribe_ack = v;
    }
  }
  if (auto k = n["keepalive2"]) L.boolean(k, "cluster.keepalive2", &s.cluster.keepalive2);
  if (auto o = n["osdmap"]) load_osdmap(L, o, s);
  if (auto o = n["monmap"]) {
    if (L.map(o, "cluster.monmap", {"size"}))
      if (auto x = o["size"]) {
        std::uint64_t v;
        if (L.size(x, "cluster.monmap.size", &v)) {
          if (v > limits::kMapBytes) L.error(x, "cluster.monmap.size", "larger than CEPH_MSG_MAX_FRONT_LEN (16MiB)");
          else s.cluster.monmap_size = v;
        }
      }
  }
}

void load_network(Loader& L, const YAML::Node& n, Scenario& s, const Names& names) {
  if (!L.map(n, "network", {"latency", "jitter", "bandwidth", "tcp", "links"})) return;
  if (auto x = n["latency"]) L.duration_in(x, "network.latency", 0, limits::kLatency, &s.network.latency);
  if (auto x = n["jitter"]) L.duration_in(x, "network.jitter", 0, limits::kLatency, &s.network.jitter);
  if (auto x = n["bandwidth"]) {
    double v;
    if (L.rate(x, "network.bandwidth", &v)) {
      if (v < limits::kMinBandwidth || v > limits::kMaxBandwidth)
        L.error(x, "network.bandwidth", "must be between 1bps and 1000Gbps");
      else
        s.network.bandwidth_bps = v;
    }
  }
  if (auto t = n["tcp"]) {
    if (L.map(t, "network.tcp", {"syn_retries", "retries2", "rto_min"})) {
      long long v;
      if (auto x = t["syn_retries"]; x && L.integer(x, "network.tcp.syn_retries", 0, 20, &v)) s.network.tcp.syn_retries = static_cast<int>(v);
      if (auto x = t["retries2"]; x && L.integer(x, "network.tcp.retries2", 1, 30, &v)) s.network.tcp.retries2 = static_cast<int>(v);
      if (auto x = t["rto_min"]) {
        nanos d;
        if (L.duration(x, "network.tcp.rto_min", &d)) {
          if (d < NS_PER_MS || d > 120 * NS_PER_S) L.error(x, "network.tcp.rto_min", "must be between 1ms and 120s");
          else s.network.tcp.rto_min = d;
        }
      }
    }
  }
  if (auto links = n["links"]) {
    if (!L.sequence(links, "network.links", limits::kLinks)) return;
    for (std::size_t i = 0; i < links.size(); ++i) {
      const std::string p = "network.links[" + std::to_string(i) + "]";
      const YAML::Node l = links[i];
      if (!L.map(l, p, {"between", "latency"})) continue;
      LinkOverride o;
      std::vector<std::string> between;
      if (!l["between"]) L.error(l, p + ".between", "required");
      else if (L.string_list(l["between"], p + ".between", &between)) {
        if (between.size() != 2) L.error(l["between"], p + ".between", "needs exactly two nodes");
        else if (check_pattern(L, l["between"], p + ".between", names, between[0]) &&
                 check_pattern(L, l["between"], p + ".between", names, between[1])) {
          o.a = between[0];
          o.b = between[1];
        }
      }
      if (!l["latency"]) L.error(l, p + ".latency", "required");
      else L.duration_in(l["latency"], p + ".latency", 0, limits::kLatency, &o.latency);
      s.network.links.push_back(o);
    }
  }
}

void load_workload(Loader& L, const YAML::Node& n, Scenario& s, const Names& names) {
  if (!L.sequence(n, "clients.workload", limits::kWorkloadItems)) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string p = "clients.workload[" + std::to_string(i) + "]";
    const YAML::Node w = n[i];
    if (!L.map(w, p, {"op", "at", "from", "every", "until", "map", "prefix", "addr", "epoch", "timeout", "clients"})) continue;
    WorkloadItem item;
    std::string op;
    if (!w["op"]) {
      L.error(w, p + ".op", "required (" + join(workload_op_keys()) + ")");
      continue;
    }
    if (!L.choice(w["op"], p + ".op", workload_op_keys(), &op)) continue;
    for (const auto& o : workload_ops())
      if (op == o.key) item.op = o.op;
    if (w["at"] && w["from"]) L.error(w["from"], p + ".from", "give either at or from, not both");
    if (auto x = w["at"]) L.duration_in(x, p + ".at", 0, limits::kDuration, &item.at);
    if (auto x = w["from"]) L.duration_in(x, p + ".from", 0, limits::kDuration, &item.at);
    if (auto x = w["every"])
      L.duration_in(x, p + ".every", limits::kMinEvery, limits::kAnyDuration, &item.every);
    if (auto x = w["until"]) {
      if (L.duration_in(x, p + ".until", 0, limits::kDuration, &item.until) && item.until <= item.at)
        L.error(x, p + ".until", "must be after the start (" + format_duration(item.at) + ")");
    }
    if (auto x = w["map"]) L.choice(x, p + ".map", {"osdmap", "monmap", "mdsmap"}, &item.map);
    if (auto x = w["prefix"]) L.scalar(x, p + ".prefix", &item.prefix);
    if (auto x = w["addr"]) {
      if (L.scalar(x, p + ".addr", &item.addr) && !parse_command_addr(item.addr, nullptr))
        L.error(x, p + ".addr", "'" + item.addr + "' is not an address ip:port/nonce (e.g. 192.0.2.200:0/1)");
    }
    if (auto x = w["epoch"]) {
      if (x.IsScalar() && x.Scalar() == "next") item.epoch_next = true;
      else {
        long long e;
        if (L.integer(x, p + ".epoch", 1, 1'000'000'000, &e)) {
          item.epoch_next = false;
          item.epoch = static_cast<std::uint32_t>(e);
        }
      }
    }
    if (auto x = w["timeout"]) L.duration_in(x, p + ".timeout", 0, limits::kAnyDuration, &item.timeout);
    if (auto x = w["clients"]) {
      if (L.string_list(x, p + ".clients", &item.clients))
        for (const auto& c : item.clients)
          if (c != "client.*" && !names.is_client(c)) L.error(x, p + ".clients", "no client named '" + c + "'");
    }
    if (item.at >= s.duration && s.duration > 0)
      L.error(w, p, "starts at or after the end of the run (" + format_duration(s.duration) + ")");
    s.clients.workload.push_back(item);
  }
  // Every call is a caller actor while it runs: bound how many the run starts.
  std::uint64_t calls = 0;
  for (const auto& w : s.clients.workload) calls += workload_calls(w, s.duration, names.clients);
  if (calls > limits::kWorkloadCalls)
    L.error(n, "clients.workload", "starts " + std::to_string(calls) + " calls in this run (at most " +
                                       std::to_string(limits::kWorkloadCalls) + "): fewer clients or a longer period");
}

// clients.ceph_conf: Ceph's own option names and units (seconds), as a ceph.conf has them.
void load_ceph_conf(Loader& L, const YAML::Node& n, Scenario& s) {
  std::vector<std::string> names;
  for (const auto& spec : userspace_16_2::option_specs()) names.emplace_back(spec.name);
  if (!L.map(n, "clients.ceph_conf", names)) return;
  auto& o = s.clients.ceph_conf;
  for (const auto& spec : userspace_16_2::option_specs()) {
    const YAML::Node x = n[spec.name];
    if (!x) continue;
    const std::string path = std::string("clients.ceph_conf.") + spec.name;
    double v;
    if (!L.number(x, path, &v)) continue;
    if (!(v >= spec.min && v <= spec.max))
      L.error(x, path, x.Scalar() + " is out of range [" + format_number(spec.min) + ", " + format_number(spec.max) + "]");
    else if (spec.whole && v != static_cast<double>(static_cast<long long>(v)))
      L.error(x, path, "a whole number of " + std::string(spec.count ? "monitors" : "seconds") + " (Ceph's type is uint)");
    else
      userspace_16_2::set_option(&o, spec, v);
  }
  if (o.mon_client_hunt_interval_min_multiple > o.mon_client_hunt_interval_max_multiple)
    L.error(n, "clients.ceph_conf", "mon_client_hunt_interval_min_multiple is above mon_client_hunt_interval_max_multiple");
}

// Each logic's own knobs: a kernel's mount options and constants, or librados' Ceph options.
void check_client_knobs(Loader& L, const YAML::Node& n, const Scenario& s) {
  if (is_userspace_logic(s.clients.logic)) {
    for (const char* key : {"tunables", "mount_timeout"})
      if (n[key])
        L.error(n[key], std::string("clients.") + key,
                s.clients.logic + " reads Ceph's options, not a kernel's: clients.ceph_conf (" +
                    (std::string(key) == "tunables" ? "mon_client_hunt_interval and the rest" : "client_mount_timeout") + ")");
  } else {
    if (n["ceph_conf"])
      L.error(n["ceph_conf"], "clients.ceph_conf",
              "Ceph's options are read by logic userspace-16.2 only; a kernel's are clients.tunables and mount_timeout");
    if (n["timer_latency"])
      L.error(n["timer_latency"], "clients.timer_latency",
              "a SafeTimer's latency is userspace-16.2's; a kernel's timers run on jiffies");
  }
}

void load_clients(Loader& L, const YAML::Node& n, Scenario& s) {
  if (!L.map(n, "clients",
             {"count", "logic", "start", "mount_timeout", "uptime", "cpu", "tunables", "ceph_conf", "timer_latency",
              "workload"}))
    return;
  long long count;
  if (auto x = n["count"]) {
    s.clients.count_pos = L.pos(x);
    if (L.integer(x, "clients.count", 1, limits::kClients, &count)) s.clients.count = static_cast<int>(count);
  }
  if (auto x = n["logic"]) {
    L.choice(x, "clients.logic",
             {"linux-2.6.34", "linux-4.10", "linux-6.1", "linux-source", "linux-4.10-seed", "linux-2.6.34-seed",
              "userspace-16.2"},
             &s.clients.logic);
#ifndef MONSIM_HAVE_LINUX_SOURCE
    if (s.clients.logic == "linux-source")
      L.error(x, "clients.logic", "linux-source is not built into this monsim: it compiles a kernel tree's own "
                                  "mon_client.c (install Debian's linux-source-6.1, or configure with "
                                  "-DMONSIM_KERNEL_SOURCE=TREE_OR_TARBALL, and build again)");
#endif
#ifndef MONSIM_HAVE_SEED_4_10
    if (s.clients.logic == "linux-4.10-seed") L.error(x, "clients.logic", seed_not_built("linux-4.10-seed", "002"));
#endif
#ifndef MONSIM_HAVE_SEED_2_6_34
    if (s.clients.logic == "linux-2.6.34-seed") L.error(x, "clients.logic", seed_not_built("linux-2.6.34-seed", "000"));
#endif
  }
  if (auto x = n["start"]) {
    if (x.IsMap()) {
      if (L.map(x, "clients.start", {"spread"}) && x["spread"])
        L.duration_in(x["spread"], "clients.start.spread", 0, limits::kDuration, &s.clients.spread);
    } else {
      L.duration_in(x, "clients.start", 0, limits::kDuration, &s.clients.start);
    }
  }
  if (auto x = n["mount_timeout"])
    L.duration_in(x, "clients.mount_timeout", 0, limits::kAnyDuration, &s.clients.mount_timeout);
  if (auto x = n["uptime"]) L.duration_in(x, "clients.uptime", 0, limits::kAnyDuration, &s.clients.uptime);
  if (auto x = n["cpu"]; x && L.integer(x, "clients.cpu", 0, limits::kCpu, &count)) s.clients.cpu = static_cast<int>(count);
  if (auto t = n["tunables"]) {
    if (L.map(t, "clients.tunables", {"hunt_interval", "hunt_backoff", "hunt_max_mult", "ping_interval", "ping_timeout"})) {
      auto& tu = s.clients.tunables;
      auto ms = [&](const char* key, std::uint64_t* out) {
        nanos d;
        const std::string kp = std::string("clients.tunables.") + key;
        if (auto x = t[key]; x && L.duration_in(x, kp, NS_PER_MS, limits::kDelay, &d) &&
                             L.whole(x, kp, d, NS_PER_MS, "milliseconds"))
          *out = static_cast<std::uint64_t>(d / NS_PER_MS);
      };
      ms("hunt_interval", &tu.hunt_interval_ms);
      ms("ping_interval", &tu.ping_interval_ms);
      ms("ping_timeout", &tu.ping_timeout_ms);
      long long v;
      if (auto x = t["hunt_backoff"]; x && L.integer(x, "clients.tunables.hunt_backoff", 1, 100, &v)) tu.hunt_backoff = static_cast<unsigned>(v);
      if (auto x = t["hunt_max_mult"]; x && L.integer(x, "clients.tunables.hunt_max_mult", 1, 1000, &v)) tu.hunt_max_mult = static_cast<unsigned>(v);
    }
  }
  if (auto c = n["ceph_conf"]) load_ceph_conf(L, c, s);
  if (auto x = n["timer_latency"])
    L.duration_in(x, "clients.timer_latency", 0, limits::kTimerLatency, &s.clients.timer_latency);
  check_client_knobs(L, n, s);
  s.clients.tunables.mount_timeout_ms = static_cast<std::uint64_t>(s.clients.mount_timeout / NS_PER_MS);
}

// Every monitor a monmap fault adds is new, and the map never holds more than the kernel
// takes (30).
void check_monmap_adds(Loader& L, const YAML::Node& n, const Scenario& s) {
  std::set<std::string> added;
  for (const auto& f : s.faults) {
    if (f.kind != Fault::Kind::monmap_add || f.add.empty()) continue;
    if (!added.insert(f.add).second) {
      L.error_at(f.pos, "faults[" + std::to_string(f.index) + "].monmap.add", "mon." + f.add + " is added twice");
      return;
    }
  }
  if (s.cluster.monitors.size() + added.size() > limits::kMonitors)
    L.error(n, "faults", std::to_string(s.cluster.monitors.size()) + " monitors plus " + std::to_string(added.size()) +
                             " added by monmap faults: at most 30 in all (the kernel refuses a monmap of 31)");
}

// Each client's CLOCK_REALTIME, stepped in fault order, stays between 1970 and 2106 for the
// whole run (its seconds fit the 32-bit ceph_timespec; its nanoseconds an int64).
void check_clock_steps(Loader& L, const Scenario& s) {
  nanos all = 0;                        // steps of client.*
  std::map<std::string, nanos> one;     // steps of one client, beyond those
  for (const auto& f : s.faults) {
    if (f.kind != Fault::Kind::clock_step || f.node.empty()) continue;
    if (f.node == "client.*") all += f.by;
    else one[f.node] += f.by;
    auto fits = [&](nanos step) {
      return kRealtimeEpoch + step >= limits::kRealtimeMin &&
             kRealtimeEpoch + step + s.duration <= limits::kRealtimeMax;
    };
    bool ok = fits(all);
    for (const auto& [name, by] : one) ok = ok && fits(all + by);
    if (!ok) {
      L.error_at(f.pos, "faults[" + std::to_string(f.index) + "].clock_step.by",
                 "takes a client's CLOCK_REALTIME outside 1970..2106 during the run (the steps add up to more "
                 "than the 32-bit seconds of a ceph_timespec hold)");
      return;
    }
  }
}

// One entry of `faults:`: `at`, the one fault kind's key and value, `for` and `count` as
// its kind allows (sim/scenario/fault_kinds.cc describes each kind).
void load_fault(Loader& L, const YAML::Node& f, std::size_t i, Scenario& s, const Names& names) {
  const std::string p = "faults[" + std::to_string(i) + "]";
  const std::vector<std::string> keys = fault_kind_keys();
  std::vector<std::string> allowed = keys;
  allowed.insert(allowed.end(), {"at", "for", "count"});
  if (!L.map(f, p, allowed)) return;
  Fault fault;
  fault.pos = L.pos(f);
  fault.index = i;
  if (!f["at"]) L.error(f, p + ".at", "required");
  else L.duration_in(f["at"], p + ".at", 0, limits::kDuration, &fault.at);
  if (fault.at >= s.duration && s.duration > 0)
    L.error(f["at"], p + ".at", "at or after the end of the run (" + format_duration(s.duration) + ")");
  if (auto x = f["for"]) L.duration_in(x, p + ".for", 1, limits::kAnyDuration, &fault.for_);
  if (auto x = f["count"]) {
    long long c;
    if (L.integer(x, p + ".count", 1, 1'000'000, &c)) fault.count = static_cast<int>(c);
  }
  std::vector<std::string> present;
  for (const auto& k : keys)
    if (f[k]) present.push_back(k);
  if (present.size() != 1) {
    L.error(f, p, present.empty() ? "no fault kind (one of " + join(keys) + ")"
                                  : "several fault kinds in one entry: " + join(present));
    return;
  }
  const FaultKindSpec& spec = *fault_kind(present[0]);
  fault.kind = spec.kind;
  spec.load(L, f[spec.key], p + "." + spec.key, names, fault);
  if (f["for"] && !spec.undoable()) L.error(f["for"], p + ".for", "'" + std::string(spec.key) + "' has no undo");
  if (f["count"] && !spec.takes_count) {
    std::vector<std::string> counted;
    for (const auto& k : fault_kinds())
      if (k.takes_count) counted.push_back(k.key);
    const std::string last = counted.back();
    counted.pop_back();
    L.error(f["count"], p + ".count", "only " + join(counted) + " and " + last + " take a count");
  }
  s.faults.push_back(fault);
}

void load_faults(Loader& L, const YAML::Node& n, Scenario& s, const Names& names) {
  if (!L.sequence(n, "faults", limits::kFaults)) return;
  for (std::size_t i = 0; i < n.size(); ++i) load_fault(L, n[i], i, s, names);
  std::stable_sort(s.faults.begin(), s.faults.end(), [](const Fault& a, const Fault& b) { return a.at < b.at; });
  check_monmap_adds(L, n, s);
  check_clock_steps(L, s);
}

// One expected value: a decimal number, a duration (in seconds) or a boolean.
bool load_expected_value(Loader& L, const YAML::Node& v, const std::string& vp, Expectation& x) {
  std::string text;
  if (!L.scalar(v, vp, &text)) return false;
  double d;
  if (parse_decimal(text, &d)) {
    x.values.push_back(d);
    return true;
  }
  nanos t;
  std::string why;
  if (parse_duration(text, &t, &why)) {
    x.is_time = true;
    x.values.push_back(to_seconds(t));
    return true;
  }
  if (text == "true" || text == "false") {
    x.values.push_back(text == "true");
    return true;
  }
  L.error(v, vp, "expected a decimal number or a duration, got '" + text + "'");
  return false;
}

// The metric an expectation names: known, of this scenario's clients and monitors, with
// indexes of at most six digits.
bool load_expected_metric(Loader& L, const YAML::Node& e, const std::string& p, const Names& names,
                          Expectation& x) {
  if (!e["metric"]) {
    L.error(e, p + ".metric", "required");
    return false;
  }
  if (!L.scalar(e["metric"], p + ".metric", &x.metric)) return false;
  std::string hint;
  if (std::regex_search(x.metric, std::regex(R"(\d{7})"))) {
    L.error(e["metric"], p + ".metric", "an index of more than six digits in '" + x.metric + "'");
    return false;
  }
  if (!is_known_metric(x.metric, &hint)) {
    L.error(e["metric"], p + ".metric", "unknown metric '" + x.metric + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return false;
  }
  if (const std::string why = metric_names_problem(x.metric, names); !why.empty()) {
    L.error(e["metric"], p + ".metric", x.metric + ": " + why);
    return false;
  }
  return true;
}

void load_tolerance(Loader& L, const YAML::Node& t, const std::string& p, Expectation& x) {
  std::string text;
  if (!L.scalar(t, p + ".tolerance", &text)) return;
  nanos d;
  std::string why;
  double v;
  if (parse_decimal(text, &v) && v >= 0) x.tolerance = v;
  else if (parse_duration(text, &d, &why)) x.tolerance = to_seconds(d);
  else L.error(t, p + ".tolerance", "expected a non-negative decimal number or duration");
}

// `over: runs` with a `quantile` or a `fraction_at_most` (a sweep's expectation), or none of
// the three (a run's).
bool load_over_runs(Loader& L, const YAML::Node& e, const std::string& p, Expectation& x) {
  if (!e["over"]) {
    for (const char* k : {"quantile", "fraction_at_most"})
      if (e[k]) {
        L.error(e[k], p + "." + k, "only with over: runs (an expectation over a sweep's runs)");
        return false;
      }
    return true;
  }
  std::string over;
  if (!L.scalar(e["over"], p + ".over", &over)) return false;
  if (over != "runs") {
    L.error(e["over"], p + ".over", "expected 'runs', got '" + over + "'");
    return false;
  }
  x.over_runs = true;
  if (x.is_list) {
    L.error(e, p, "over: runs compares one number, not a list");
    return false;
  }
  if (e["quantile"].IsDefined() == e["fraction_at_most"].IsDefined()) {
    L.error(e, p, "over: runs needs exactly one of quantile, fraction_at_most");
    return false;
  }
  if (e["quantile"]) {
    if (!L.scalar(e["quantile"], p + ".quantile", &x.quantile)) return false;
    for (const char* q : {"p50", "p90", "p99", "min", "max", "mean"})
      if (x.quantile == q) return true;
    L.error(e["quantile"], p + ".quantile", "expected p50, p90, p99, min, max or mean, got '" + x.quantile + "'");
    return false;
  }
  x.fraction = true;
  std::string text;
  if (!L.scalar(e["fraction_at_most"], p + ".fraction_at_most", &text)) return false;
  nanos t;
  std::string why;
  if (parse_decimal(text, &x.fraction_at_most)) {
  } else if (parse_duration(text, &t, &why)) {
    x.fraction_at_most = to_seconds(t);
    x.fraction_is_time = true;
  } else {
    L.error(e["fraction_at_most"], p + ".fraction_at_most", "expected a decimal number or a duration, got '" + text + "'");
    return false;
  }
  if (x.values.at(0) < 0 || x.values.at(0) > 1) {
    L.error(e, p, "a fraction of runs is between 0 and 1");
    return false;
  }
  return true;
}

void load_expectation(Loader& L, const YAML::Node& e, std::size_t i, const Names& names, Scenario& s) {
  const std::string p = "expect[" + std::to_string(i) + "]";
  if (!L.map(e, p, {"metric", "equals", "at_least", "at_most", "tolerance", "over", "quantile", "fraction_at_most", "real"}))
    return;
  Expectation x;
  x.pos = L.pos(e, p);
  if (!load_expected_metric(L, e, p, names, x)) return;
  static const std::regex fault_index(R"((^|\.)faults\.(\d+)\.)");
  if (std::smatch m; std::regex_search(x.metric, m, fault_index) && std::stoul(m[2].str()) >= s.faults.size()) {
    L.error(e["metric"], p + ".metric",
            x.metric + ": no faults[" + m[2].str() + "] in this scenario (" +
                (s.faults.empty() ? std::string("it has no faults")
                                  : "faults[0] … faults[" + std::to_string(s.faults.size() - 1) + "]") + ")");
    return;
  }
  if (e["real"]) {  // a comparison with a real run: its metric, within the tolerance
    for (const char* k : {"equals", "at_least", "at_most", "over", "quantile", "fraction_at_most"})
      if (e[k]) {
        L.error(e[k], p + "." + k, "a comparison with a real run (real:) takes only metric, real and tolerance");
        return;
      }
    if (!L.scalar(e["real"], p + ".real", &x.real)) return;
    std::string hint;
    if (x.real.empty() || !is_known_metric(x.real, &hint)) {
      L.error(e["real"], p + ".real",
              "unknown metric '" + x.real + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
      return;
    }
    if (auto t = e["tolerance"]) load_tolerance(L, t, p, x);
    s.expect.push_back(x);
    return;
  }
  int cmps = 0;
  YAML::Node value;
  for (const char* c : {"equals", "at_least", "at_most"})
    if (e[c]) {
      ++cmps;
      value = e[c];
      x.cmp = std::string(c) == "equals" ? Expectation::Cmp::equals
              : std::string(c) == "at_least" ? Expectation::Cmp::at_least
                                             : Expectation::Cmp::at_most;
    }
  if (cmps != 1) {
    L.error(e, p, "needs exactly one of equals, at_least, at_most");
    return;
  }
  if (value.IsSequence()) {
    if (!L.sequence(value, p, limits::kPatternsPerList)) return;
    x.is_list = true;
    for (std::size_t k = 0; k < value.size(); ++k) load_expected_value(L, value[k], p + "[" + std::to_string(k) + "]", x);
  } else {
    load_expected_value(L, value, p, x);
  }
  if (auto t = e["tolerance"]) load_tolerance(L, t, p, x);
  if (!load_over_runs(L, e, p, x)) return;
  s.expect.push_back(x);
}

void load_expect(Loader& L, const YAML::Node& n, const Names& names, Scenario& s) {
  if (!L.sequence(n, "expect", limits::kExpectations)) return;
  for (std::size_t i = 0; i < n.size(); ++i) load_expectation(L, n[i], i, names, s);
}

// A list index in a --set path: decimal digits, at most six of them (kFaults-sized lists).
bool set_index(const std::string& part, std::size_t* k) {
  if (part.empty() || part.size() > 6 || !std::all_of(part.begin(), part.end(), ::isdigit)) return false;
  *k = std::stoul(part);
  return true;
}

bool all_digits(const std::string& part) {
  return !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
}

// The node a --set path's last part goes into, walking `parts` but the last from `root` and
// creating maps on the way; "" or why not.
std::string walk_to_parent(YAML::Node root, const std::vector<std::string>& parts, const std::string& path,
                           YAML::Node* parent) {
  std::vector<YAML::Node> chain = {root};
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node cur = chain.back();
    std::size_t k = 0;
    const bool index = set_index(parts[i], &k);
    if (index && cur.IsSequence()) {
      if (k >= cur.size()) return path + ": no element " + parts[i];
      chain.push_back(cur[k]);
    } else if (index) {
      return path + ": there is no list to index here";
    } else {
      std::size_t next;
      const bool next_is_index = set_index(parts[i + 1], &next);
      if (next_is_index && (!cur[parts[i]] || !cur[parts[i]].IsSequence()))
        return path + ": '" + parts[i] + "' is not a list in this scenario";
      if (!cur[parts[i]] || (!cur[parts[i]].IsMap() && !cur[parts[i]].IsSequence()))
        cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
      chain.push_back(cur[parts[i]]);
    }
  }
  *parent = chain.back();
  return "";
}

// Apply "a.b.c=value" overrides to the tree (creating maps on the way).
// A spec may name the option it came from first ("--vary key=value"): its messages say so.
bool apply_set(YAML::Node root, std::string spec, std::map<std::string, std::string>* sets,
               std::vector<std::string>* errors) {
  std::string option = "--set";
  if (spec.rfind("--", 0) == 0 && spec.find(' ') != std::string::npos) {
    option = spec.substr(0, spec.find(' '));
    spec = spec.substr(option.size() + 1);
  }
  const std::string shown = option + " " + (spec.size() > 200 ? spec.substr(0, 200) + "..." : spec);
  auto fail = [&](const std::string& msg) {
    errors->push_back(shown + ": " + msg);
    return false;
  };
  if (spec.size() > limits::kScalarBytes) return fail("longer than " + std::to_string(limits::kScalarBytes) + " bytes");
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) return fail("expected key.path=value");
  const std::string path = spec.substr(0, eq);
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) parts.push_back(part);
  if (path.back() == '.' || std::any_of(parts.begin(), parts.end(), [](const auto& x) { return x.empty(); }))
    return fail(path + ": an empty key in the path");
  if (parts.size() > static_cast<std::size_t>(limits::kYamlDepth)) return fail(path + ": the path is too deep");
  for (const auto& part : parts) {
    std::size_t k;
    if (all_digits(part) && !set_index(part, &k)) return fail(path + ": '" + part + "' is not a list index");
  }
  int documents = 0;
  const std::vector<TextProblem> problems = check_yaml_text(spec.substr(eq + 1), &documents);
  if (!problems.empty()) return fail("the value: " + problems.front().message);
  YAML::Node value;
  try {
    value = YAML::Load(spec.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    return fail(e.msg);
  }
  YAML::Node parent;
  if (const std::string why = walk_to_parent(root, parts, path, &parent); !why.empty()) return fail(why);
  const std::string& last = parts.back();
  std::size_t k = 0;
  if (parent.IsSequence() && set_index(last, &k)) {
    if (k >= parent.size()) return fail(path + ": no element " + last);
    parent[k] = value;
  } else if (parent.IsSequence()) {
    return fail(path + ": '" + last + "' is not a list index");
  } else {
    parent[last] = value;
  }
  // Report problems with the normalised path (faults.0.at -> faults[0].at).
  std::string norm;
  for (const auto& part : parts) {
    if (all_digits(part)) norm += "[" + part + "]";
    else norm += (norm.empty() ? "" : ".") + part;
  }
  (*sets)[norm] = shown;
  return true;
}

}  // namespace

// ------------------------------------------------------------------ metrics

const MetricShapes& metric_shapes() {
  // Every shape summary.json has (sim/report/metrics.h). tests/sim/report holds the two to
  // each other, both ways.
  static const MetricShapes shapes = {
      {"sessions.established", "sessions.first_at", "hunts.count", "hunts.max_duration", "hunts.total_duration",
       "hunts.N.start", "hunts.N.end", "hunts.N.duration", "hunts.N.open", "hunts.N.picks", "hunts.N.pick_intervals",
       "reconnects.count", "reconnects.p50", "reconnects.p90", "reconnects.p99", "reconnects.max",
       "keepalive_timeouts.count", "keepalive_timeouts.N.after_last_ack", "keepalive_timeouts.N.at",
       "requests.count", "requests.completed", "requests.failed", "requests.resent", "requests.lost",
       "requests.pending", "requests.skipped",
       "requests.latency.p50", "requests.latency.p90", "requests.latency.p99", "requests.latency.max",
       "requests.KIND.count", "requests.KIND.completed", "requests.KIND.failed", "requests.KIND.resent",
       "requests.KIND.lost", "requests.KIND.pending", "requests.KIND.skipped", "requests.KIND.latency.p50",
       "requests.KIND.latency.p90", "requests.KIND.latency.p99", "requests.KIND.latency.max",
       "subscriptions.sent", "subscriptions.renewed", "maps.osdmap.epoch", "maps.monmap.epoch", "auth.errors",
       "mount.result", "mount.at", "hunts.last.start", "hunts.last.end", "hunts.last.duration", "hunts.last.open",
       "hunts.last.picks", "hunts.last.pick_intervals", "faults.N.noticed_after", "faults.N.recovered_after"},
      {"mons.MON.rank", "mons.MON.connection_attempts", "mons.MON.peak_attempts_per_s", "invariants.breaches",
       "invariants.PROP.count", "invariants.PROP.first_at", "invariants.PROP.checked", "invariants.bounds.detect",
       "invariants.bounds.pick", "invariants.bounds.handshake", "invariants.bounds.handshake_round_trips",
       "unavailable.max", "unavailable.total", "faults.count", "faults.N.start", "faults.N.end",
       "faults.N.clients_noticed"},
      {"unavailable"}};
  return shapes;
}

bool is_known_metric(const std::string& path, std::string* suggestion) {
  const auto& per_client = metric_shapes().per_client;
  const auto& cluster_wide = metric_shapes().cluster_wide;
  static const std::regex client_prefix(R"(^clients\.\d+\.)");
  const bool one_client = std::regex_search(path, client_prefix);
  std::string p = std::regex_replace(path, client_prefix, "");
  std::string shape = std::regex_replace(p, std::regex(R"(\.\d+\.)"), ".N.");
  shape = std::regex_replace(shape, std::regex(R"(^requests\.(statfs|get_version|command|wait_osdmap)\.)"), "requests.KIND.");
  shape = std::regex_replace(shape, std::regex(R"(^mons\.[a-z0-9]+\.)"), "mons.MON.");
  for (std::string_view name : kInvariantNames)
    if (shape.rfind("invariants." + std::string(name) + ".", 0) == 0)
      shape = "invariants.PROP." + shape.substr(12 + name.size());
  const auto& client_only = metric_shapes().client_only;
  auto known = [&](const std::string& x) {
    return std::find(per_client.begin(), per_client.end(), x) != per_client.end() ||
           (!one_client && std::find(cluster_wide.begin(), cluster_wide.end(), x) != cluster_wide.end()) ||
           (one_client && std::find(client_only.begin(), client_only.end(), x) != client_only.end());
  };
  if (known(shape)) return true;
  // One element of a list metric: hunts.1.pick_intervals.0
  const std::string element = std::regex_replace(shape, std::regex(R"(\.\d+$)"), "");
  if (element != shape && (element == "hunts.N.pick_intervals" || element == "hunts.N.picks" ||
                            element == "hunts.last.pick_intervals" || element == "hunts.last.picks"))
    return true;
  if (suggestion) {
    std::vector<std::string> all = per_client;
    if (!one_client) all.insert(all.end(), cluster_wide.begin(), cluster_wide.end());
    else all.insert(all.end(), client_only.begin(), client_only.end());
    *suggestion = closest(shape, all);
  }
  return false;
}

std::string metric_names_problem(const std::string& path, const Names& names) {
  static const std::regex client(R"(^clients\.(\d+)\.)"), mon(R"(^mons\.([a-z0-9]+)\.)");
  std::smatch m;
  if (std::regex_search(path, m, client) && !names.is_client("client." + m[1].str()))
    return "no client." + m[1].str() + " in this scenario (clients.count is " + std::to_string(names.clients) + ")";
  if (std::regex_search(path, m, mon) && !names.is_mon("mon." + m[1].str())) {
    const std::string hint = closest("mon." + m[1].str(), names.mons);
    return "no monitor mon." + m[1].str() + " in this cluster" +
           (hint.empty() ? "" : "; did you mean 'mons." + hint.substr(4) + "'?");
  }
  return "";
}

// ------------------------------------------------------------------ entry points

namespace {

// The YAML tree of a text whose structure check_yaml_text() passed; false (and why) if none.
bool parse_tree(const std::string& text, const std::string& file, YAML::Node* root, LoadResult* r) {
  int documents = 0;
  const std::vector<TextProblem> problems = check_yaml_text(text, &documents);
  for (const auto& p : problems)
    r->errors.push_back(file + (p.line > 0 ? ":" + std::to_string(p.line) + ":" + std::to_string(p.column) : "") +
                        ": " + p.message);
  if (!problems.empty()) return false;
  if (documents == 0) {
    r->errors.push_back(file + ":1:1: empty file (no YAML, only blank lines or comments): a scenario needs at "
                               "least name, description and duration");
    return false;
  }
  try {
    *root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r->errors.push_back(file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                        ": (yaml): " + e.msg);
    return false;
  }
  if (!root->IsDefined() || root->IsNull()) {
    r->errors.push_back(file + ":1:1: the document is empty: a scenario needs at least name, description and "
                               "duration");
    return false;
  }
  return true;
}

void load_top(Loader& L, const YAML::Node& root, Scenario& s) {
  if (!root["name"]) {
    L.error(root, "name", "required");
  } else if (L.scalar(root["name"], "name", &s.name)) {
    s.name_pos = L.pos(root["name"]);
    if (s.name.size() > limits::kNameBytes)
      L.error(root["name"], "name", "longer than " + std::to_string(limits::kNameBytes) + " characters");
    else if (!std::regex_match(s.name, std::regex("[a-z0-9-]+")))
      L.error(root["name"], "name", "'" + s.name + "' must match [a-z0-9-]+");
  }
  if (!root["description"]) {
    L.error(root, "description", "required: say what the scenario shows and why");
  } else if (L.scalar(root["description"], "description", &s.description, limits::kDescriptionBytes)) {
    // Prose: surrounding blank space is not part of it (and a literal block cannot keep the
    // first line's indentation, so the resolved dump could not say it back).
    while (!s.description.empty() && std::isspace(static_cast<unsigned char>(s.description.back())))
      s.description.pop_back();
    const auto first = s.description.find_first_not_of(" \t\r\n\v\f");
    s.description.erase(0, first == std::string::npos ? s.description.size() : first);
    if (s.description.empty()) L.error(root["description"], "description", "empty: say what the scenario shows and why");
  }
  if (auto x = root["seed"]) {
    std::uint64_t seed;
    if (L.unsigned_integer(x, "seed", &seed)) s.seed = seed;
  }
  if (auto x = root["expect_for_seed"]) {
    std::uint64_t seed;
    if (L.unsigned_integer(x, "expect_for_seed", &seed)) s.expect_for_seed = seed;
  }
  if (!root["duration"]) L.error(root, "duration", "required: how much simulated time to run");
  else L.duration_in(root["duration"], "duration", 1, limits::kDuration, &s.duration);
  if (auto x = root["hz"]) load_hz(L, x, "hz", &s.hz);
}

// What the monitors may have to send at once: every client's first osdmap and monmap.
void check_map_bytes(Loader& L, const YAML::Node& root, const Scenario& s) {
  const std::uint64_t bytes =
      static_cast<std::uint64_t>(s.clients.count) * (s.cluster.osdmap_size + s.cluster.monmap_size);
  if (bytes > limits::kMapBytesAllClients)
    L.error(root["cluster"] ? root["cluster"] : root, "cluster",
            std::to_string(s.clients.count) + " clients x (osdmap.size + monmap.size) is " + format_size(bytes) +
                " of maps in flight at the mount (at most 2GiB): smaller maps or fewer clients");
}

}  // namespace

LoadResult load_checked(const std::string& text, const std::string& file,
                        const std::vector<std::string>& set_specs, Scenario* out);

LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& set_specs, Scenario* out) {
  // A yaml-cpp accessor used on a node of an unexpected shape throws; the loader checks
  // shapes first, so this is a safety net that turns a slip into a clear error, not a crash.
  try {
    return load_checked(text, file, set_specs, out);
  } catch (const YAML::Exception& e) {
    LoadResult r;
    r.errors.push_back(file + (e.mark.is_null() ? "" : ":" + std::to_string(e.mark.line + 1) + ":" +
                                                        std::to_string(e.mark.column + 1)) +
                       ": cannot read this scenario: " + e.msg);
    return r;
  }
}

LoadResult load_checked(const std::string& text, const std::string& file,
                        const std::vector<std::string>& set_specs, Scenario* out) {
  LoadResult r;
  YAML::Node root;
  if (!parse_tree(text, file, &root, &r)) return r;
  if (set_specs.size() > limits::kSets) {
    r.errors.push_back("--set: " + std::to_string(set_specs.size()) + " overrides (at most " +
                       std::to_string(limits::kSets) + ")");
    return r;
  }
  std::map<std::string, std::string> sets;
  for (const auto& spec : set_specs)
    if (!apply_set(root, spec, &sets, &r.errors)) return r;

  Loader L(file, sets);
  Scenario s;
  s.file = file;
  if (!L.map(root, "", {"name", "description", "seed", "expect_for_seed", "duration", "hz", "cluster", "network", "clients", "faults",
                      "expect"})) {
    r.errors = L.errors;
    return r;
  }
  load_top(L, root, s);
  if (auto c = root["cluster"]) load_cluster(L, c, s);
  if (auto c = root["clients"]) load_clients(L, c, s);
  if (s.clients.start >= s.duration && s.duration > 0)
    L.error(root["clients"]["start"], "clients.start", "at or after the end of the run (" + format_duration(s.duration) + ")");
  Names names{s.monitor_names(), s.clients.count};
  if (auto c = root["network"]) load_network(L, c, s, names);
  if (auto c = root["clients"]; c && c.IsMap() && c["workload"]) load_workload(L, c["workload"], s, names);
  if (auto f = root["faults"]) load_faults(L, f, s, names);
  // linux-2.6.34 has statfs and nothing else a workload can call.
  if (port_of(s.clients.logic) == "linux-2.6.34" && root["clients"] && root["clients"]["workload"])
    for (std::size_t i = 0; i < s.clients.workload.size(); ++i) {
      const auto op = s.clients.workload[i].op;
      if (!workload_op(op).in_2634)
        L.error(root["clients"]["workload"][i], "clients.workload[" + std::to_string(i) + "].op",
                std::string(workload_op_name(op)) + " does not exist in linux-2.6.34 (only statfs and interrupt)");
    }
  // A kernel tree's MonClient has its timing constants compiled in (libceph.h).
  if (runs_kernel_c(s.clients.logic) && root["clients"] && root["clients"]["tunables"])
    L.error(root["clients"]["tunables"], "clients.tunables",
            s.clients.logic + " runs the tree's own constants (CEPH_MONC_HUNT_INTERVAL and the rest, in "
            "include/linux/ceph/libceph.h): change them in the tree");
  if (auto e = root["expect"]) load_expect(L, e, names, s);
  check_map_bytes(L, root, s);
  r.errors = L.errors;
  r.more = L.errors_dropped;
  r.ok = r.errors.empty();
  if (r.ok) *out = std::move(s);
  return r;
}

LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& sets, Scenario* out) {
  std::string text, why;
  if (!read_scenario_file(path, &text, &why)) {
    LoadResult r;
    r.errors.push_back(path + ": " + why);
    return r;
  }
  return load_scenario_text(text, path, sets, out);
}

std::uint64_t workload_calls(const WorkloadItem& w, nanos duration, int clients) {
  std::uint64_t who = 0;
  if (std::find(w.clients.begin(), w.clients.end(), "client.*") != w.clients.end())
    who = static_cast<std::uint64_t>(clients);
  else
    who = std::set<std::string>(w.clients.begin(), w.clients.end()).size();
  const nanos end = w.until >= 0 ? std::min(w.until, duration) : duration;
  if (w.at >= end) return 0;
  const std::uint64_t per_client = w.every ? static_cast<std::uint64_t>((end - w.at + w.every - 1) / w.every) : 1;
  return who * per_client;
}

bool parse_command_addr(const std::string& text, CommandAddr* out) {
  static const std::regex form(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})(/(\d{1,10}))?)");
  std::smatch m;
  if (text.size() > 64 || !std::regex_match(text, m, form)) return false;
  std::uint32_t ip = 0;
  for (int i = 1; i <= 4; ++i) {
    const unsigned long octet = std::stoul(m[i].str());
    if (octet > 255) return false;
    ip = (ip << 8) | static_cast<std::uint32_t>(octet);
  }
  const unsigned long port = std::stoul(m[5].str());
  const unsigned long long nonce = m[7].matched ? std::stoull(m[7].str()) : 0;
  if (port > 65535 || nonce > 0xFFFFFFFFULL) return false;
  if (out) *out = {ip, static_cast<std::uint16_t>(port), static_cast<std::uint32_t>(nonce)};
  return true;
}

}  // namespace monsim::sim
