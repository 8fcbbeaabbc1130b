#include <yaml-cpp/yaml.h>

#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/logics.h"
#include "sim/scenario/scenario_load.h"
#include "sim/scenario/units.h"

namespace monsim::sim {

namespace {

void dump_cluster(YAML::Emitter& e, const Scenario& s) {
  e << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "monitors" << YAML::Value << YAML::Flow << s.cluster.monitors;
  e << YAML::Key << "election" << YAML::Value << format_duration(s.cluster.election);
  e << YAML::Key << "auth" << YAML::Value << (s.cluster.cephx ? "cephx" : "none");
  e << YAML::Key << "ticket_ttl" << YAML::Value << format_duration(s.cluster.ticket_ttl);
  e << YAML::Key << "subscribe_ack" << YAML::Value
    << (s.cluster.subscribe_ack ? format_duration(s.cluster.subscribe_ack) : std::string("none"));
  e << YAML::Key << "keepalive2" << YAML::Value << s.cluster.keepalive2;
  e << YAML::Key << "hz" << YAML::Value << s.cluster.hz;
  e << YAML::Key << "osdmap" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "epoch" << YAML::Value
    << s.cluster.osdmap_epoch << YAML::Key << "every" << YAML::Value << format_duration(s.cluster.osdmap_every)
    << YAML::Key << "size" << YAML::Value << format_size(s.cluster.osdmap_size) << YAML::EndMap;
  e << YAML::Key << "monmap" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "size" << YAML::Value
    << format_size(s.cluster.monmap_size) << YAML::EndMap;
  e << YAML::EndMap;
}

void dump_network(YAML::Emitter& e, const Scenario& s) {
  e << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "latency" << YAML::Value << format_duration(s.network.latency);
  e << YAML::Key << "jitter" << YAML::Value << format_duration(s.network.jitter);
  e << YAML::Key << "bandwidth" << YAML::Value << format_rate(s.network.bandwidth_bps);
  e << YAML::Key << "tcp" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "syn_retries" << YAML::Value
    << s.network.tcp.syn_retries << YAML::Key << "retries2" << YAML::Value << s.network.tcp.retries2 << YAML::Key
    << "rto_min" << YAML::Value << format_duration(s.network.tcp.rto_min) << YAML::EndMap;
  e << YAML::Key << "links" << YAML::Value << YAML::BeginSeq;
  for (const auto& l : s.network.links)
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "between" << YAML::Value << YAML::Flow
      << std::vector<std::string>{l.a, l.b} << YAML::Key << "latency" << YAML::Value << format_duration(l.latency)
      << YAML::EndMap;
  e << YAML::EndSeq << YAML::EndMap;
}

void dump_workload(YAML::Emitter& e, const Scenario& s) {
  e << YAML::Key << "workload" << YAML::Value << YAML::BeginSeq;
  for (const auto& w : s.clients.workload) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "op" << YAML::Value << workload_op_name(w.op);
    e << YAML::Key << "at" << YAML::Value << format_duration(w.at);
    if (w.every) e << YAML::Key << "every" << YAML::Value << format_duration(w.every);
    if (w.until >= 0) e << YAML::Key << "until" << YAML::Value << format_duration(w.until);
    if (w.op == WorkloadItem::Op::get_version) e << YAML::Key << "map" << YAML::Value << w.map;
    if (w.op == WorkloadItem::Op::command)
      e << YAML::Key << "prefix" << YAML::Value << w.prefix << YAML::Key << "addr" << YAML::Value << w.addr;
    if (w.op == WorkloadItem::Op::wait_osdmap) {
      if (w.epoch_next) e << YAML::Key << "epoch" << YAML::Value << "next";
      else e << YAML::Key << "epoch" << YAML::Value << w.epoch;
      e << YAML::Key << "timeout" << YAML::Value << format_duration(w.timeout);
    }
    e << YAML::Key << "clients" << YAML::Value << YAML::Flow << w.clients << YAML::EndMap;
  }
  e << YAML::EndSeq << YAML::EndMap;
}

// Every option, defaults too: the resolved scenario says what the run read.
void dump_ceph_conf(YAML::Emitter& e, const userspace_16_2::Options& o) {
  e << YAML::Key << "ceph_conf" << YAML::Value << YAML::BeginMap;
  for (const auto& spec : userspace_16_2::option_specs())
    e << YAML::Key << spec.name << YAML::Value << format_number(userspace_16_2::option_value(o, spec));
  e << YAML::EndMap;
}

void dump_clients(YAML::Emitter& e, const Scenario& s) {
  const auto& c = s.clients;
  e << YAML::Key << "clients" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "count" << YAML::Value << c.count;
  e << YAML::Key << "logic" << YAML::Value << c.logic;
  if (c.spread)
    e << YAML::Key << "start" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "spread" << YAML::Value
      << format_duration(c.spread) << YAML::EndMap;
  else
    e << YAML::Key << "start" << YAML::Value << format_duration(c.start);
  if (!is_userspace_logic(c.logic)) e << YAML::Key << "mount_timeout" << YAML::Value << format_duration(c.mount_timeout);
  if (c.uptime) e << YAML::Key << "uptime" << YAML::Value << format_duration(c.uptime);  // (unset before it existed)
  if (c.cpu) e << YAML::Key << "cpu" << YAML::Value << c.cpu;  // (likewise)
  if (is_userspace_logic(c.logic)) {
    dump_ceph_conf(e, c.ceph_conf);
    e << YAML::Key << "timer_latency" << YAML::Value << format_duration(c.timer_latency);
    dump_workload(e, s);
    return;
  }
  e << YAML::Key << "tunables" << YAML::Value << YAML::Flow << YAML::BeginMap;
  e << YAML::Key << "hunt_interval" << YAML::Value << format_duration(static_cast<nanos>(c.tunables.hunt_interval_ms) * NS_PER_MS);
  e << YAML::Key << "hunt_backoff" << YAML::Value << c.tunables.hunt_backoff;
  e << YAML::Key << "hunt_max_mult" << YAML::Value << c.tunables.hunt_max_mult;
  e << YAML::Key << "ping_interval" << YAML::Value << format_duration(static_cast<nanos>(c.tunables.ping_interval_ms) * NS_PER_MS);
  e << YAML::Key << "ping_timeout" << YAML::Value << format_duration(static_cast<nanos>(c.tunables.ping_timeout_ms) * NS_PER_MS);
  e << YAML::EndMap;
  dump_workload(e, s);
}

void dump_faults(YAML::Emitter& e, const Scenario& s) {
  e << YAML::Key << "faults" << YAML::Value << YAML::BeginSeq;
  for (const auto& f : s.faults) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "at" << YAML::Value << format_duration(f.at);
    const FaultKindSpec& spec = fault_kind(f.kind);
    e << YAML::Key << spec.key << YAML::Value;
    spec.dump(e, f);
    if (f.for_ >= 0) e << YAML::Key << "for" << YAML::Value << format_duration(f.for_);
    if (f.count >= 0) e << YAML::Key << "count" << YAML::Value << f.count;
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

void dump_expect(YAML::Emitter& e, const Scenario& s) {
  e << YAML::Key << "expect" << YAML::Value << YAML::BeginSeq;
  for (const auto& x : s.expect) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "metric" << YAML::Value << x.metric;
    if (x.against()) {
      e << YAML::Key << "real" << YAML::Value << x.real;
      if (x.tolerance > 0) e << YAML::Key << "tolerance" << YAML::Value << x.tolerance;
      e << YAML::EndMap;
      continue;
    }
    e << YAML::Key
      << (x.cmp == Expectation::Cmp::equals ? "equals" : x.cmp == Expectation::Cmp::at_least ? "at_least" : "at_most")
      << YAML::Value;
    if (x.is_list) e << YAML::Flow << x.values;
    else e << x.values.at(0);
    if (x.tolerance > 0) e << YAML::Key << "tolerance" << YAML::Value << x.tolerance;
    if (x.over_runs) {
      e << YAML::Key << "over" << YAML::Value << "runs";
      if (x.fraction) e << YAML::Key << "fraction_at_most" << YAML::Value << x.fraction_at_most;
      else e << YAML::Key << "quantile" << YAML::Value << x.quantile;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

}  // namespace

std::string dump_scenario(const Scenario& s) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << s.name;
  e << YAML::Key << "description" << YAML::Value << YAML::Literal << s.description;
  e << YAML::Key << "seed" << YAML::Value << s.seed;
  if (s.expect_for_seed) e << YAML::Key << "expect_for_seed" << YAML::Value << *s.expect_for_seed;
  e << YAML::Key << "duration" << YAML::Value << format_duration(s.duration);
  e << YAML::Key << "hz" << YAML::Value << s.hz;
  dump_cluster(e, s);
  dump_network(e, s);
  dump_clients(e, s);
  dump_faults(e, s);
  dump_expect(e, s);
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace monsim::sim
