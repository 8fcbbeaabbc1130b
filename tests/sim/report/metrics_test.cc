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

}  // namespace
}  // namespace monsim::sim
