// Loading scenarios: defaults, units, every error names file:line:col and the key path.
#include "sim/scenario/scenario_load.h"

#include <gtest/gtest.h>

#include "sim/scenario/scenario_text.h"
#include "sim/scenario/units.h"

namespace monsim::sim {
namespace {

const char* kMinimal = R"(name: t
description: a test
duration: 5m
)";

Scenario load_ok(const std::string& text, std::vector<std::string> sets = {}) {
  Scenario s;
  LoadResult r = load_scenario_text(text, "t.yaml", sets, &s);
  EXPECT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  return s;
}

std::string first_error(const std::string& text, std::vector<std::string> sets = {}) {
  Scenario s;
  LoadResult r = load_scenario_text(text, "t.yaml", sets, &s);
  EXPECT_FALSE(r.ok);
  return r.errors.empty() ? "" : r.errors[0];
}

TEST(Units, DurationsSizesRates) {
  nanos d;
  std::string why;
  ASSERT_TRUE(parse_duration("250us", &d, &why));
  EXPECT_EQ(d, 250'000);
  ASSERT_TRUE(parse_duration("1.5s", &d, &why));
  EXPECT_EQ(d, 1'500'000'000);
  ASSERT_TRUE(parse_duration("5m", &d, &why));
  EXPECT_EQ(d, 300 * NS_PER_S);
  ASSERT_TRUE(parse_duration("2", &d, &why));  // plain seconds
  EXPECT_EQ(d, 2 * NS_PER_S);
  EXPECT_FALSE(parse_duration("-1s", &d, &why));
  EXPECT_FALSE(parse_duration("3 parsecs", &d, &why));
  EXPECT_NE(why.find("unknown duration unit"), std::string::npos);
  std::uint64_t b;
  ASSERT_TRUE(parse_size("16KiB", &b, &why));
  EXPECT_EQ(b, 16384u);
  double r;
  ASSERT_TRUE(parse_rate("1Gbps", &r, &why));
  EXPECT_EQ(r, 1e9);
  EXPECT_FALSE(parse_rate("1000", &r, &why));
  EXPECT_EQ(format_duration(6 * NS_PER_S), "6s");
  EXPECT_EQ(format_duration(250 * NS_PER_US), "250us");
  EXPECT_EQ(format_duration(90 * NS_PER_S), "90s");
}

TEST(Scenario, DefaultsAreFilledIn) {
  Scenario s = load_ok(kMinimal);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, 300 * NS_PER_S);
  EXPECT_EQ(s.hz, 250u);
  EXPECT_EQ(s.monitor_names(), (std::vector<std::string>{"mon.a", "mon.b", "mon.c"}));
  EXPECT_EQ(s.network.latency, 500 * NS_PER_US);
  EXPECT_EQ(s.clients.count, 1);
  EXPECT_EQ(s.clients.logic, "linux-4.10");
  EXPECT_EQ(s.clients.tunables.hunt_interval_ms, 3000u);
  EXPECT_EQ(s.network.tcp.syn_retries, 6);
  EXPECT_EQ(s.cluster.hz, 250u);
}

TEST(Scenario, TheFullLanguageLoadsAndRoundTrips) {
  const std::string text = std::string(kMinimal) + R"(seed: 7
hz: 1000
cluster: {monitors: [a, b, c, d], election: 5s, auth: none, ticket_ttl: 1h, subscribe_ack: none,
          keepalive2: false, osdmap: {epoch: 3, every: 10s, size: 400KiB}, monmap: {size: 1KiB}, hz: 1000}
network: {latency: 1ms, jitter: 100us, bandwidth: 10Gbps, tcp: {syn_retries: 3, retries2: 8, rto_min: 200ms},
          links: [{between: [client.0, mon.b], latency: 40ms}]}
clients:
  count: 2
  start: {spread: 10s}
  uptime: 2.96s
  tunables: {hunt_interval: 3s, hunt_backoff: 2, hunt_max_mult: 10, ping_interval: 10s, ping_timeout: 30s}
  workload:
    - {op: statfs, every: 1s, from: 5s}
    - {op: get_version, map: osdmap, at: 30s}
    - {op: command, at: 40s, prefix: osd blacklist, addr: "10.0.0.1:0/1"}
    - {op: wait_osdmap, epoch: next, at: 50s, timeout: 30s}
    - {op: interrupt, at: 55s}
faults:
  - {at: 60s, kill: connected}
  - {at: 90s, revive: mon.a}
  - {at: 100s, poweroff: mon.c}
  - {at: 120s, pause: connected, for: 60s}
  - {at: 200s, partition: [[client.*], [mon.a, mon.b]], for: 45s}
  - {at: 200s, partition_oneway: {from: [mon.c], to: [client.*]}, for: 30s}
  - {at: 250s, reset: client.0}
  - {at: 260s, delay: {mon: "*", reply: auth_reply, by: 5s}, for: 30s}
  - {at: 260s, drop: {mon: mon.a, reply: subscribe_ack, probability: 1.0}, for: 30s}
  - {at: 270s, corrupt: {mon: mon.b, reply: statfs_reply, how: truncate}, count: 1}
  - {at: 280s, reject_auth: {mon: mon.c, error: EACCES}, for: 20s}
  - {at: 290s, latency: {between: [client.*, mon.*], one_way: 200ms}, for: 60s}
  - {at: 295s, monmap: {add: e}}
  - {at: 298s, clock_step: {node: client.0, by: 45s}}
expect:
  - {metric: hunts.count, equals: 2}
  - {metric: hunts.1.pick_intervals, equals: [6s, 12s], tolerance: 1ms}
  - {metric: requests.statfs.latency.p99, at_most: 15s}
  - {metric: clients.1.maps.osdmap.epoch, at_least: 3}
)";
  Scenario s = load_ok(text);
  EXPECT_EQ(s.cluster.monitors.size(), 4u);
  EXPECT_FALSE(s.cluster.cephx);
  EXPECT_EQ(s.cluster.subscribe_ack, 0);
  EXPECT_EQ(s.cluster.hz, 1000u);
  EXPECT_EQ(s.faults.size(), 14u);
  EXPECT_EQ(s.faults[3].for_, 60 * NS_PER_S);
  EXPECT_EQ(s.clients.workload.size(), 5u);
  EXPECT_EQ(s.expect[1].values, (std::vector<double>{6, 12}));
  EXPECT_DOUBLE_EQ(s.expect[1].tolerance, 0.001);
  EXPECT_EQ(s.clients.uptime, 2'960'000'000);
  // The resolved dump loads back to the same thing.
  Scenario again = load_ok(dump_scenario(s));
  EXPECT_EQ(again.clients.uptime, s.clients.uptime);
  EXPECT_EQ(dump_scenario(again), dump_scenario(s));
}

TEST(Scenario, ErrorsNameFileLineColumnAndKey) {
  EXPECT_EQ(first_error(std::string(kMinimal) + "hz: 123\n"), "t.yaml:4:5: hz: 123 is not a kernel HZ (100, 250, 300, 1000)");
  EXPECT_EQ(first_error(std::string(kMinimal) + "cluster: {hz: 500}\n"),
            "t.yaml:4:15: cluster.hz: 500 is not a kernel HZ (100, 250, 300, 1000)");
  EXPECT_EQ(first_error(std::string(kMinimal) + "durration: 5s\n"), "t.yaml:4:1: durration: unknown key; did you mean 'duration'?");
  EXPECT_EQ(first_error(std::string(kMinimal) + "faults:\n  - {at: 14s, kill: mon.d}\n"),
            "t.yaml:5:21: faults[0].kill: no monitor named 'mon.d' (monitors: mon.a, mon.b, mon.c; or mon.*, connected, leader)");
  EXPECT_EQ(first_error("name: t\nduration: 5m\n"), "t.yaml:1:1: description: required: say what the scenario shows and why");
  EXPECT_NE(first_error(std::string(kMinimal) + "network: {latency: -5ms}\n").find("network.latency: a duration cannot be negative"), std::string::npos);
  EXPECT_NE(first_error(std::string(kMinimal) + "faults:\n  - {at: 1s, drop: {mon: mon.a, reply: statfs_reply, probability: 2}}\n")
                .find("faults[0].drop.probability: must be in (0, 1]"), std::string::npos);
}

TEST(Scenario, SetOverridesAreValidatedLikeTheFile) {
  Scenario s = load_ok(kMinimal, {"seed=42", "cluster.auth=none", "clients.count=3"});
  EXPECT_EQ(s.seed, 42u);
  EXPECT_FALSE(s.cluster.cephx);
  EXPECT_EQ(s.clients.count, 3);
  EXPECT_EQ(first_error(kMinimal, {"hz=123"}), "--set hz=123: hz: 123 is not a kernel HZ (100, 250, 300, 1000)");
  EXPECT_NE(first_error(kMinimal, {"nonsense"}).find("expected key.path=value"), std::string::npos);
  EXPECT_EQ(first_error(kMinimal, {"faults.0.at=30s"}),
            "--set faults.0.at=30s: faults.0.at: 'faults' is not a list in this scenario");
  Scenario f = load_ok(std::string(kMinimal) + "faults:\n  - {at: 10s, kill: mon.a}\n", {"faults.0.at=30s"});
  EXPECT_EQ(f.faults[0].at, 30 * NS_PER_S);
  EXPECT_EQ(first_error(std::string(kMinimal) + "faults:\n  - {at: 10s, kill: mon.a}\n", {"faults.0.kill=mon.q"}),
            "--set faults.0.kill=mon.q: faults[0].kill: no monitor named 'mon.q' (monitors: mon.a, mon.b, mon.c; or mon.*, connected, leader)");
}

TEST(Scenario, KnownMetrics) {
  std::string hint;
  EXPECT_TRUE(is_known_metric("hunts.3.pick_intervals", &hint));
  EXPECT_TRUE(is_known_metric("clients.12.requests.statfs.latency.p99", &hint));
  EXPECT_TRUE(is_known_metric("mons.a.peak_attempts_per_s", &hint));
  EXPECT_TRUE(is_known_metric("hunts.1.pick_intervals.0", &hint));
  EXPECT_FALSE(is_known_metric("hunts.1.duration.0", &hint));
  EXPECT_FALSE(is_known_metric("hunts.cuont", &hint));
  EXPECT_EQ(hint, "hunts.count");
  EXPECT_TRUE(is_known_metric("requests.statfs.resent", &hint));
  EXPECT_TRUE(is_known_metric("clients.0.requests.pending", &hint));
  EXPECT_FALSE(is_known_metric("clients.0.mons.a.rank", &hint));  // the monitors' load is cluster-wide
}

TEST(Scenario, MetricsNameTheScenariosOwnMonitorsAndClients) {
  const std::string expect = std::string(kMinimal) + "expect:\n  - {metric: ";
  EXPECT_EQ(first_error(expect + "mons.z.connection_attempts, equals: 1}\n"),
            "t.yaml:5:14: expect[0].metric: mons.z.connection_attempts: no monitor mon.z in this cluster; did you "
            "mean 'mons.a'?");
  EXPECT_EQ(first_error(expect + "clients.1.requests.pending, equals: 0}\n"),
            "t.yaml:5:14: expect[0].metric: clients.1.requests.pending: no client.1 in this scenario "
            "(clients.count is 1)");
  load_ok(expect + "clients.0.requests.pending, equals: 0}\n");
  load_ok(expect + "mons.c.connection_attempts, at_least: 0}\n");
}

}  // namespace
}  // namespace monsim::sim

namespace monsim::sim {
namespace {

TEST(Units, DecimalNumbersOnly) {
  double v;
  for (const char* ok : {"12", "-0.5", "+3", ".5", "5.", "1e-3", "2.5E+2"}) EXPECT_TRUE(parse_decimal(ok, &v)) << ok;
  for (const char* bad : {"", "0x10", "nan", "inf", "-inf", "1e999", "1e", "e5", "1.2.3", "12s", " 1", "--1", "."})
    EXPECT_FALSE(parse_decimal(bad, &v)) << bad;
  nanos d;
  std::string why;
  EXPECT_FALSE(parse_duration("0x10s", &d, &why));
  EXPECT_NE(why.find("unknown duration unit 'x10s'"), std::string::npos) << why;
  EXPECT_FALSE(parse_duration("0.1ns", &d, &why));
  std::uint64_t b;
  EXPECT_FALSE(parse_size("1e30", &b, &why));
  EXPECT_FALSE(parse_size("0.1KiB", &b, &why));
  double r;
  EXPECT_FALSE(parse_rate("1e308Gbps", &r, &why));
}

TEST(Units, EveryRateDumpsToTheSameRate) {
  for (double bps : {1.0, 1.5, 0.1 * 7, 9600.0, 56e3, 1e6 + 1, 2.5e9, 1e12, 123456789.123, 1e9 / 3}) {
    double back;
    std::string why;
    ASSERT_TRUE(parse_rate(format_rate(bps), &back, &why)) << format_rate(bps) << ": " << why;
    EXPECT_EQ(back, bps) << format_rate(bps);
  }
  EXPECT_EQ(format_rate(1e9), "1Gbps");
  EXPECT_EQ(format_rate(2.5e9), "2.5Gbps");
  EXPECT_EQ(format_rate(0.5), "0.5bps");
}

TEST(ScenarioText, OneDocumentOfPlainMappingsListsAndValues) {
  int docs = 0;
  EXPECT_TRUE(check_yaml_text("a: 1\nb: [x, 'y']\n", &docs).empty());
  EXPECT_EQ(docs, 1);
  auto first = [&](const std::string& text) {
    const auto p = check_yaml_text(text, &docs);
    return p.empty() ? std::string("(none)") : std::to_string(p[0].line) + ":" + std::to_string(p[0].column) + " " + p[0].message;
  };
  EXPECT_EQ(first("a: 1\nb: 2\na: 3\n"), "3:1 duplicate key 'a' (first given at line 1); give each key once");
  EXPECT_EQ(first("a: {b: 1, b: 2}\n"), "1:11 duplicate key 'b' (first given at line 1); give each key once");
  EXPECT_EQ(first("a: 1\n---\nb: 2\n"), "2:1 a second YAML document ('---'): a scenario is one document");
  EXPECT_EQ(first("a: !!int 1\n"), "1:4 tags (!!int) are not supported in scenarios: write the value plainly");
  EXPECT_EQ(first("a: &x 1\n"), "1:4 anchors (&x) are not supported in scenarios: write the value out");
  EXPECT_EQ(first("? [k]\n: 1\n"), "1:3 a key must be a plain name, not a list, a mapping or nothing");
  EXPECT_EQ(first(std::string("a: 1\0\n", 6)), "1:5 a NUL byte: this is not a text file");
  EXPECT_TRUE(check_yaml_text("# only a comment\n", &docs).empty());
  EXPECT_EQ(docs, 0);
}

TEST(Scenario, EmptyAndCommentOnlyFilesSaySo) {
  EXPECT_EQ(first_error(""), "t.yaml:1:1: empty file (no YAML, only blank lines or comments): a scenario needs at least "
                             "name, description and duration");
  EXPECT_EQ(first_error("# nothing\n"), first_error(""));
  EXPECT_EQ(first_error("---\n"), "t.yaml:1:1: the document is empty: a scenario needs at least name, description and "
                                  "duration");
}

TEST(Scenario, AnOverrideThatCreatesAnUnknownKeyIsBlamedOnTheOverride) {
  EXPECT_EQ(first_error(kMinimal, {"nonexist.key=1"}),
            "--set nonexist.key=1: nonexist: unknown key (allowed: name, description, seed, expect_for_seed, "
            "duration, hz, cluster, network, clients, faults, expect)");
}

TEST(Scenario, WorkloadCallsAreCountedOverClientsAndPeriods) {
  WorkloadItem w;
  w.at = NS_PER_S;
  w.every = NS_PER_S;
  EXPECT_EQ(workload_calls(w, 10 * NS_PER_S, 3), 27u);  // 1..9 s, three clients
  w.until = 5 * NS_PER_S;
  EXPECT_EQ(workload_calls(w, 10 * NS_PER_S, 3), 12u);  // 1..4 s
  w.clients = {"client.1", "client.1"};
  EXPECT_EQ(workload_calls(w, 10 * NS_PER_S, 3), 4u);
  w.every = 0;
  EXPECT_EQ(workload_calls(w, 10 * NS_PER_S, 3), 1u);
}

}  // namespace
}  // namespace monsim::sim

namespace monsim::sim {
namespace {

TEST(Scenario, TheResolvedDumpOfOddTextReadsBackTheSame) {
  for (const char* description : {"'  leading blanks'", "\"  \\n x\"", "\"tab\\there\"", "\"cr\\rhere\"", "'- dash'",
                                  "'# hash'", "'a: b'"}) {
    const std::string text = std::string("name: t\ndescription: ") + description +
                             "\nduration: 1s\nclients: {workload: [{op: command, at: 0.5s, prefix: '- x: y'}]}\n";
    const Scenario s = load_ok(text);
    const std::string dump = dump_scenario(s);
    const Scenario again = load_ok(dump);
    EXPECT_EQ(dump_scenario(again), dump) << description;
    EXPECT_EQ(again.description, s.description) << description;
  }
}

}  // namespace
}  // namespace monsim::sim
