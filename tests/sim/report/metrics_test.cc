// The metrics from a trace: every metric name is a path into summary.json (both ways), the
// rows of requests.csv and sessions.csv, and why each session ended.
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/check/invariants.h"
#include "sim/report/expect.h"
#include "sim/report/metrics.h"
#include "sim/report/session_causes.h"
#include "sim/scenario/scenario_load.h"

namespace monsim::sim {
namespace {

using json = nlohmann::ordered_json;

// A small run, as trace lines: client.0 mounts on mon.c, two statfs calls (the second resent
// after mon.c is killed, answered on mon.b), a call skipped, one keepalive timeout after a
// partition, mon.a trims the next session; at the end a get_version pending and a statfs
// whose request is gone while its caller still waits (lost).
const std::vector<std::string> kTrace = {
    R"({"t":0.0,"node":"mon.cluster","event":"quorum","leader":"mon.a","leader_rank":0,"members":["mon.a","mon.b","mon.c"],"ranks":[0,1,2]})",
    R"({"t":0.0,"node":"client.0","event":"hunt_pick","mon":"mon.c","rank":2,"old":-1})",
    R"({"t":0.0,"node":"client.0","event":"hunting_start","mon":"mon.c","rank":2})",
    R"({"t":0.0,"node":"client.0","event":"conn_open","peer":"mon.c","sock":1})",
    R"({"t":0.001,"node":"mon.c","event":"conn_accept","peer":"client.0","sock":2})",
    R"({"t":0.006,"node":"client.0","event":"hunting_end","mon":"mon.c","rank":2})",
    R"({"t":0.006,"node":"client.0","event":"session_established","mon":"mon.c","rank":2})",
    R"({"t":0.007,"node":"client.0","event":"mount_done","result":0})",
    R"({"t":5.0,"node":"client.0","event":"op_start","op":1,"kind":"statfs"})",
    R"({"t":5.0,"node":"client.0","event":"request_submit","tid":1,"kind":"statfs"})",
    R"({"t":5.001,"node":"client.0","event":"request_done","tid":1,"kind":"statfs","result":0})",
    R"({"t":5.001,"node":"client.0","event":"op_done","op":1,"kind":"statfs","result":0,"err":"OK"})",
    R"({"t":10.0,"node":"client.0","event":"op_start","op":2,"kind":"statfs"})",
    R"({"t":10.0,"node":"client.0","event":"request_submit","tid":2,"kind":"statfs"})",
    R"({"t":10.0,"node":"mon.c","event":"mon_state","state":"down","rank":2})",
    R"({"t":10.0,"node":"chaos","event":"fault","kind":"kill","undo":false,"target":"mon.c","mons":["mon.c"]})",
    R"({"t":10.0005,"node":"client.0","event":"session_close","mon":"mon.c","rank":2})",
    R"({"t":10.0005,"node":"client.0","event":"hunt_pick","mon":"mon.b","rank":1,"old":2})",
    R"({"t":10.0005,"node":"client.0","event":"hunting_start","mon":"mon.b","rank":1})",
    R"({"t":10.0005,"node":"client.0","event":"conn_open","peer":"mon.b","sock":3})",
    R"({"t":10.001,"node":"mon.b","event":"conn_accept","peer":"client.0","sock":4})",
    R"({"t":10.005,"node":"client.0","event":"hunting_end","mon":"mon.b","rank":1})",
    R"({"t":10.005,"node":"client.0","event":"session_established","mon":"mon.b","rank":1})",
    R"({"t":10.005,"node":"client.0","event":"request_resend","tid":2,"kind":"statfs","mon":"mon.b","rank":1})",
    R"({"t":10.006,"node":"client.0","event":"request_done","tid":2,"kind":"statfs","result":0})",
    R"({"t":10.006,"node":"client.0","event":"op_done","op":2,"kind":"statfs","result":0,"err":"OK"})",
    R"({"t":12.0,"node":"client.0","event":"op_skipped","kind":"command"})",
    R"({"t":20.0,"node":"chaos","event":"fault","kind":"partition","undo":false,"groups":[["client.*"],["mon.*"]]})",
    R"({"t":30.0,"node":"chaos","event":"fault","kind":"partition","undo":true,"groups":[["client.*"],["mon.*"]]})",
    R"({"t":40.0,"node":"client.0","event":"keepalive_timeout","mon":"mon.b","rank":1})",
    R"({"t":40.0,"node":"client.0","event":"session_close","mon":"mon.b","rank":1})",
    R"({"t":40.0,"node":"client.0","event":"hunt_pick","mon":"mon.a","rank":0,"old":1})",
    R"({"t":40.0,"node":"client.0","event":"hunting_start","mon":"mon.a","rank":0})",
    R"({"t":40.001,"node":"mon.a","event":"conn_accept","peer":"client.0","sock":6})",
    R"({"t":40.005,"node":"client.0","event":"hunting_end","mon":"mon.a","rank":0})",
    R"({"t":40.005,"node":"client.0","event":"session_established","mon":"mon.a","rank":0})",
    R"({"t":50.0,"node":"mon.a","event":"session_trim","conn":6,"why":"out of quorum too long"})",
    R"({"t":50.0005,"node":"client.0","event":"session_close","mon":"mon.a","rank":0})",
    R"({"t":55.0,"node":"client.0","event":"op_start","op":3,"kind":"get_version"})",
    R"({"t":55.0,"node":"client.0","event":"request_submit","tid":3,"kind":"get_version"})",
    R"({"t":56.0,"node":"client.0","event":"op_start","op":4,"kind":"statfs"})",
    R"({"t":56.0,"node":"client.0","event":"request_submit","tid":4,"kind":"statfs"})",
    R"({"t":57.0,"node":"client.0","event":"request_done","tid":4,"kind":"statfs","result":-512})",
    "not json",
};

MetricsBuilder built() {
  MetricsBuilder m({"mon.a", "mon.b", "mon.c"});
  for (const auto& line : kTrace) m.add_json(line);
  return m;
}

// The shape instantiated: N -> 0, KIND -> statfs, MON -> a.
std::string instance(std::string shape) {
  shape = std::regex_replace(shape, std::regex(R"(\.N\.)"), ".0.");
  shape = std::regex_replace(shape, std::regex(R"(\.KIND\.)"), ".statfs.");
  shape = std::regex_replace(shape, std::regex(R"(\.PROP\.)"), ".session_regained.");
  return std::regex_replace(shape, std::regex(R"(\.MON\.)"), ".a.");
}

// The summary as a run writes it: the metrics, and the invariant checkers' section.
json run_summary() {
  json s = built().summary();
  Scenario sc;
  sc.clients.count = 1;
  s["invariants"] = Invariants(sc, nullptr).summary();
  return s;
}

TEST(Metrics, EveryMetricShapeIsAPathOfTheSummary) {
  const json s = run_summary();
  for (const auto& shape : metric_shapes().per_client) {
    EXPECT_NE(lookup_metric(s, instance(shape)), nullptr) << instance(shape);
    EXPECT_NE(lookup_metric(s, "clients.0." + instance(shape)), nullptr) << "clients.0." << instance(shape);
  }
  for (const auto& shape : metric_shapes().cluster_wide) EXPECT_NE(lookup_metric(s, instance(shape)), nullptr) << shape;
}

// The other way: every value of the summary (but the run's description) is a known metric.
void every_leaf_known(const json& j, const std::string& path) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) every_leaf_known(v, path.empty() ? k : path + "." + k);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) every_leaf_known(j[i], path + "." + std::to_string(i));
  } else if (!j.is_string()) {
    std::string hint;
    EXPECT_TRUE(is_known_metric(path, &hint)) << path << " (did you mean " << hint << ")";
  }
}

TEST(Metrics, EveryValueOfTheSummaryIsAKnownMetric) { every_leaf_known(run_summary(), ""); }

TEST(Metrics, SummaryNamesTheValuesUsersKnow) {
  const json s = built().summary();
  EXPECT_EQ(*lookup_metric(s, "hunts.count"), 3);
  // The two hunts after the mount's: 10.0005 -> 10.005 and 40.0 -> 40.005.
  EXPECT_EQ(*lookup_metric(s, "reconnects.count"), 2);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "reconnects.p50")->get<double>(), 0.0045);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "reconnects.max")->get<double>(), 0.005);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "clients.0.reconnects.p99")->get<double>(), 0.005);
  EXPECT_EQ(*lookup_metric(s, "hunts.1.picks.0"), 1);  // the kernel's rank
  EXPECT_EQ(*lookup_metric(s, "keepalive_timeouts.count"), 1);
  EXPECT_EQ(*lookup_metric(s, "requests.statfs.resent"), 1);
  EXPECT_EQ(*lookup_metric(s, "requests.statfs.completed"), 2);
  EXPECT_EQ(*lookup_metric(s, "requests.statfs.lost"), 1);  // the request gone, the call never answered
  EXPECT_EQ(*lookup_metric(s, "requests.get_version.pending"), 1);
  EXPECT_EQ(*lookup_metric(s, "clients.0.requests.pending"), 1);
  EXPECT_EQ(*lookup_metric(s, "requests.command.skipped"), 1);
  EXPECT_EQ(*lookup_metric(s, "requests.skipped"), 1);
  EXPECT_EQ(*lookup_metric(s, "requests.count"), 4);
  EXPECT_EQ(*lookup_metric(s, "requests.lost"), 1);
  EXPECT_EQ(*lookup_metric(s, "mons.c.connection_attempts"), 1);
  EXPECT_EQ(*lookup_metric(s, "mons.a.connection_attempts"), 0);  // every monitor, tried or not
  EXPECT_EQ(*lookup_metric(s, "mons.c.rank"), 2);
  EXPECT_EQ((*lookup_metric(s, "mons.c.name")).get<std::string>(), "mon.c");
  EXPECT_EQ(lookup_metric(s, "hunts.3"), nullptr);
  EXPECT_EQ(lookup_metric(s, "hunts.1.picks.1"), nullptr);
  EXPECT_EQ(lookup_metric(s, "mons.z.rank"), nullptr);
}

TEST(Metrics, SessionsSayWhyTheyEnded) {
  const auto m = built();
  ASSERT_EQ(m.sessions().size(), 3u);
  EXPECT_EQ(m.sessions()[0].mon, "mon.c");
  EXPECT_EQ(m.sessions()[0].rank, 2);
  EXPECT_EQ(m.sessions()[0].end_reason, "kill");
  EXPECT_EQ(m.sessions()[0].detected_by, "connection_error");
  // The partition was over at 30 s; the keepalive check noticed at 40 s: still the partition.
  EXPECT_EQ(m.sessions()[1].end_reason, "partition");
  EXPECT_EQ(m.sessions()[1].detected_by, "keepalive_timeout");
  EXPECT_EQ(m.sessions()[2].end_reason, "trim");
  EXPECT_EQ(m.sessions_csv(),
            "session,client,mon,rank,start_s,end_s,duration_s,end_reason,detected_by\n"
            "0,client.0,mon.c,2,0.006000,10.000500,9.994500,kill,connection_error\n"
            "1,client.0,mon.b,1,10.005000,40.000000,29.995000,partition,keepalive_timeout\n"
            "2,client.0,mon.a,0,40.005000,50.000500,9.995500,trim,connection_error\n");
}

TEST(Metrics, RequestRowsJoinTheirSession) {
  const auto m = built();
  EXPECT_EQ(m.requests_csv(),
            "tid,op,kind,client,start_s,end_s,latency_s,state,result,error,resends,mon,rank,session\n"
            "1,1,statfs,client.0,5.000000,5.001000,0.001000,completed,0,OK,0,mon.c,2,0\n"
            "2,2,statfs,client.0,10.000000,10.006000,0.006000,completed,0,OK,1,mon.b,1,1\n"
            "3,3,get_version,client.0,55.000000,,,pending,,,0,,,\n"
            "4,4,statfs,client.0,56.000000,,,lost,,,0,,,\n");
}

TEST(SessionCauses, PatternsMatchAsTheWorldDoes) {
  EXPECT_TRUE(SessionCauses::matches("*", "mon.a"));
  EXPECT_TRUE(SessionCauses::matches("mon.*", "mon.a"));
  EXPECT_TRUE(SessionCauses::matches("client.*", "client.12"));
  EXPECT_TRUE(SessionCauses::matches("client.3", "client.3"));
  EXPECT_FALSE(SessionCauses::matches("client.3", "client.30"));
  EXPECT_FALSE(SessionCauses::matches("mon.*", "client.0"));
}

TEST(SessionCauses, APauseOverBeforeTheSessionDoesNotCount) {
  SessionCauses c;
  c.mon_state("mon.a", "paused", 1);
  c.mon_state("mon.a", "up", 2);
  EXPECT_EQ(c.why("client.0", "mon.a", 3, "keepalive_timeout"), "keepalive_timeout");
  EXPECT_EQ(c.why("client.0", "mon.a", 1.5, "keepalive_timeout"), "pause");
  c.reset("client.*", 4);
  EXPECT_EQ(c.why("client.0", "mon.a", 3, "connection_error"), "reset");
  EXPECT_EQ(c.why("client.0", "mon.a", 3, "stop"), "stop");
}

// Faults without a scenario: each fault event the next fault, its undo its end. The client's
// outages: the mount [0, 0.006), mon.c killed [10, 10.005), mon.b cut off from the partition's
// start (20) until the keepalive check's hunt ends (40.005), mon.a's trim from 50 to the end (57).
TEST(Metrics, FaultsAreMeasuredFromTheirStartAndEnd) {
  const json s = built().summary();
  EXPECT_EQ(*lookup_metric(s, "faults.count"), 2);
  EXPECT_EQ(lookup_metric(s, "faults.0.kind")->get<std::string>(), "kill");
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.0.end")->get<double>(), 10.0);  // no undo: its start
  // The kill: its session lost 0.5 ms later (before the partition, the next fault), back 5 ms
  // after it (the kill has no duration).
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.0.noticed_after")->get<double>(), 0.0005);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.0.recovered_after")->get<double>(), 0.005);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "clients.0.faults.0.recovered_after")->get<double>(), 0.005);
  // The partition (20 s - 30 s): noticed by the keepalive check at 40 s, 20 s after its start;
  // the client is back at 40.005, 10.005 s after the heal.
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.1.start")->get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.1.end")->get<double>(), 30.0);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.1.noticed_after")->get<double>(), 20.0);
  EXPECT_EQ(*lookup_metric(s, "faults.1.clients_noticed"), 1);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.1.recovered_after")->get<double>(), 10.005);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "clients.0.unavailable")->get<double>(), 0.006 + 0.005 + 20.005 + 7.0);
  EXPECT_DOUBLE_EQ(lookup_metric(s, "unavailable.max")->get<double>(), 27.016);
  // The last hunt: the one at 40 s.
  EXPECT_DOUBLE_EQ(lookup_metric(s, "hunts.last.start")->get<double>(), 40.0);
  EXPECT_EQ(*lookup_metric(s, "hunts.last.picks.0"), 0);
  EXPECT_EQ(*lookup_metric(s, "hunts.last"), *lookup_metric(s, "hunts.2"));
}

// With the scenario, faults.N is the file's faults[N], whatever order their instants take; a
// fault whose undo is past the end has no end, and nobody recovered from it.
TEST(Metrics, FaultsFollowTheScenariosNumbering) {
  Scenario sc;
  sc.duration = 60 * NS_PER_S;
  Fault partition;
  partition.kind = Fault::Kind::partition;
  partition.at = 20 * NS_PER_S;
  partition.for_ = 10 * NS_PER_S;
  partition.index = 0;
  Fault kill;
  kill.kind = Fault::Kind::kill;
  kill.at = 10 * NS_PER_S;
  kill.index = 1;
  Fault pause;
  pause.kind = Fault::Kind::pause;
  pause.at = 55 * NS_PER_S;
  pause.for_ = 100 * NS_PER_S;
  pause.index = 2;
  sc.faults = {kill, partition, pause};  // kept sorted by `at`
  MetricsBuilder m({"mon.a", "mon.b", "mon.c"});
  m.plan_faults(sc);
  for (const auto& line : kTrace) m.add_json(line);
  m.add_json(R"({"t":55.0,"node":"chaos","event":"fault","kind":"pause","undo":false,"target":"mon.b","mons":["mon.b"]})");
  const json s = m.summary();
  EXPECT_EQ(*lookup_metric(s, "faults.count"), 3);
  EXPECT_EQ(lookup_metric(s, "faults.0.kind")->get<std::string>(), "partition");
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.0.recovered_after")->get<double>(), 10.005);
  EXPECT_EQ(lookup_metric(s, "faults.1.kind")->get<std::string>(), "kill");
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.1.noticed_after")->get<double>(), 0.0005);
  EXPECT_TRUE(lookup_metric(s, "faults.2.end")->is_null());
  EXPECT_TRUE(lookup_metric(s, "faults.2.recovered_after")->is_null());
  EXPECT_TRUE(lookup_metric(s, "faults.2.noticed_after")->is_null());
}

TEST(SessionCauses, TroubleStartsWhenTheMonitorOrThePathFails) {
  SessionCauses c;
  c.block({"client.*"}, {"mon.*"}, true, 5);
  c.block({"client.*"}, {"mon.*"}, false, 6);
  c.mon_state("mon.a", "paused", 20);
  EXPECT_DOUBLE_EQ(c.trouble_from("client.0", "mon.a", 7, 30), 20);  // the cut healed before the session
  EXPECT_DOUBLE_EQ(c.trouble_from("client.0", "mon.a", 5.5, 30), 5.5);  // cut at its start already
  EXPECT_DOUBLE_EQ(c.trouble_from("client.0", "mon.a", 1, 30), 5);
  EXPECT_DOUBLE_EQ(c.trouble_from("client.0", "mon.b", 7, 30), 30);  // nothing: until
  c.block({"mon.b"}, {"client.0"}, true, 12);  // one way, back to the client
  EXPECT_DOUBLE_EQ(c.trouble_from("client.0", "mon.b", 7, 30), 12);
  EXPECT_DOUBLE_EQ(c.trouble_from("client.1", "mon.b", 7, 30), 30);
}

TEST(SessionCauses, TroubledSpansAreWhenTheMonitorOrThePathWasDown) {
  SessionCauses c;
  c.mon_state("mon.a", "paused", 10);
  c.mon_state("mon.a", "up", 20);
  c.block({"client.*"}, {"mon.*"}, true, 15);  // overlapping the pause: one span 10-25
  c.block({"client.*"}, {"mon.*"}, false, 25);
  c.block({"mon.a"}, {"client.0"}, true, 40);  // one way, never healed
  using Spans = std::vector<std::pair<double, double>>;
  EXPECT_EQ(c.troubled_spans("client.0", "mon.a", 0, 60), (Spans{{10, 25}, {40, 60}}));
  EXPECT_EQ(c.troubled_spans("client.0", "mon.a", 12, 30), (Spans{{12, 25}}));
  EXPECT_EQ(c.troubled_spans("client.1", "mon.a", 0, 60), (Spans{{10, 25}}));  // the one-way cut is client.0's
  EXPECT_EQ(c.troubled_spans("client.0", "mon.b", 26, 60), Spans{});
}

// A session that outlives its monitor's freeze (the 2010 client never notices one): out while
// the freeze lasted, and never back from a freeze that lasts to the end.
TEST(Metrics, ASessionThatOutlivesItsTroubleIsOutWhileItLasts) {
  MetricsBuilder m({"mon.a", "mon.b", "mon.c"});
  for (const char* line : {
           R"({"t":0.0,"node":"client.0","event":"hunting_start","mon":"mon.a","rank":0})",
           R"({"t":0.005,"node":"client.0","event":"session_established","mon":"mon.a","rank":0})",
           R"({"t":10.0,"node":"mon.a","event":"mon_state","state":"paused","rank":0})",
           R"({"t":10.0,"node":"chaos","event":"fault","kind":"pause","undo":false,"target":"mon.a","mons":["mon.a"]})",
           R"({"t":40.0,"node":"mon.a","event":"mon_state","state":"up","rank":0})",
           R"({"t":40.0,"node":"chaos","event":"fault","kind":"pause","undo":true,"target":"mon.a","mons":["mon.a"]})",
           R"({"t":50.0,"node":"mon.a","event":"mon_state","state":"paused","rank":0})",
           R"({"t":50.0,"node":"chaos","event":"fault","kind":"pause","undo":false,"target":"mon.a","mons":["mon.a"]})",
           R"({"t":60.0,"node":"client.0","event":"op_start","op":1,"kind":"statfs"})"})
    m.add_json(line);
  const json s = m.summary();
  EXPECT_DOUBLE_EQ(lookup_metric(s, "clients.0.unavailable")->get<double>(), 0.005 + 30 + 10);
  EXPECT_TRUE(lookup_metric(s, "faults.0.noticed_after")->is_null());  // never lost its session
  EXPECT_DOUBLE_EQ(lookup_metric(s, "faults.0.recovered_after")->get<double>(), 0);  // usable again at the resume
  EXPECT_TRUE(lookup_metric(s, "faults.1.recovered_after")->is_null());  // still frozen at the end
}

}  // namespace
}  // namespace monsim::sim
