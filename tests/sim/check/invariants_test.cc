// The invariant checkers on hand-made event streams and a world whose answers the test sets:
// each property breaks when it should, at the instant its bound gives, and holds otherwise.
#include "sim/check/invariants.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/scenario/invariant_names.h"
#include "sim/scenario/scenario_load.h"

namespace monsim::sim {
namespace {

constexpr nanos S = NS_PER_S;

class FakeView : public WorldView {
 public:
  int monitors() const override { return 3; }
  bool answers(int, int rank) const override { return answering[static_cast<std::size_t>(rank)]; }
  bool usable(int c, int rank) const override { return answers(c, rank) && in_quorum[static_cast<std::size_t>(rank)]; }
  bool serves(int c, int rank) const override { return usable(c, rank) && serving[static_cast<std::size_t>(rank)]; }
  nanos round_trip(int, int) const override { return 2 * NS_PER_MS; }
  std::vector<bool> answering = {true, true, true};
  std::vector<bool> in_quorum = {true, true, true};
  std::vector<bool> serving = {true, true, true};  // no reply rule
};

Scenario scenario(const std::string& logic = "linux-4.10") {
  Scenario s;
  const std::string text = "name: t\ndescription: t\nduration: 10m\nclients: {logic: " + logic + "}\n";
  LoadResult r = load_scenario_text(text, "t.yaml", {}, &s);
  EXPECT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  return s;
}

// Feeds events as the trace writer would.
struct Feed {
  Invariants& inv;
  void operator()(nanos t, const std::string& node, const std::string& event, std::vector<kern::Field> fields = {}) {
    inv.add({t, node, event, std::nullopt, fields, kern::LogLevel::none, {}});
  }
};

// A client mounted on mon `rank` at t=0 (picked, authenticated, established).
void mount(Feed& feed, int rank = 0) {
  feed(0, "client.0", "mount_start");
  feed(0, "client.0", "hunt_pick", {{"rank", rank}, {"hunt_mult", 1}});
  feed(0, "client.0", "session_open", {{"rank", rank}, {"hunt_mult", 1}});
  feed(0, "client.0", "conn_open", {{"sock", 1}});
  feed(1 * NS_PER_MS, "client.0", "auth_reply", {{"rank", rank}, {"ret", 0}});
  feed(1 * NS_PER_MS, "client.0", "session_established", {{"rank", rank}});
}

// A client mounted on mon.a at t=0, its checkers and the world they ask.
struct Mounted {
  explicit Mounted(const std::string& logic = "linux-4.10") : s(scenario(logic)), inv(s, &view) { mount(feed); }
  nanos regain() const { return inv.bounds().regain(2 * NS_PER_MS); }
  Scenario s;
  FakeView view;
  Invariants inv;
  Feed feed{inv};
};

TEST(Invariants, NamesAgreeWithTheScenarioLayer) {
  ASSERT_EQ(Invariants::properties().size(), kInvariantNames.size());
  for (std::size_t i = 0; i < kInvariantNames.size(); ++i)
    EXPECT_EQ(Invariants::properties()[i].name, kInvariantNames[i]);
}

TEST(Invariants, BoundsFollowTheKernelConstants) {
  const LivenessBounds b = liveness_bounds(scenario());
  // 10 s tick: rounded up to 0.75 s, then a 64-jiffy bucket at HZ 250 (2688 jiffies: level 2).
  EXPECT_EQ(b.tick, 10 * S + 750 * NS_PER_MS + 64 * 4 * NS_PER_MS);
  // 3 s x 10: 7688 jiffies, level 3, 512-jiffy buckets.
  EXPECT_EQ(b.pick, 30 * S + 750 * NS_PER_MS + 512 * 4 * NS_PER_MS);
  EXPECT_EQ(b.detect, 30 * S + b.tick + 4 * NS_PER_MS);
  EXPECT_EQ(b.regain(2 * NS_PER_MS), b.detect + 6 * S + 20 * NS_PER_MS);
  EXPECT_EQ(wheel_granularity(62), 1u);
  EXPECT_EQ(wheel_granularity(63), 8u);
  EXPECT_EQ(wheel_granularity(504), 64u);
  EXPECT_EQ(wheel_granularity(32256), 4096u);
}

TEST(Invariants, AQuietMountBreaksNothing) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(5 * S, "client.0", "op_start", {{"op", 1}, {"kind", "statfs"}});
  feed(5 * S, "client.0", "request_submit", {{"tid", 1}, {"kind", "statfs"}});
  feed(5 * S + NS_PER_MS, "client.0", "request_done", {{"tid", 1}, {"result", 0}});
  feed(5 * S + NS_PER_MS, "client.0", "op_done", {{"op", 1}, {"result", 0}});
  feed(600 * S, "sim", "run_end");
  EXPECT_EQ(inv.total(), 0u) << inv.breaches()[0].detail;
}

TEST(Invariants, SafetyPropertiesBreak) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(2 * S, "client.0", "conn_open", {{"sock", 2}});  // socket 1 still open
  feed(3 * S, "client.0", "tick", {{"hunt_mult", 11}});
  feed(3 * S, "client.0", "tick", {{"hunt_mult", 0}});
  feed(4 * S, "client.0", "session_open", {{"rank", 1}, {"hunt_mult", 1}});
  feed(4 * S, "client.0", "auth_reply", {{"rank", 1}, {"ret", 49}});  // more to do: not yet authenticated
  feed(4 * S, "client.0", "session_established", {{"rank", 1}});
  feed(5 * S, "client.0", "request_submit", {{"tid", 7}, {"kind", "statfs"}});
  feed(5 * S, "client.0", "request_submit", {{"tid", 7}, {"kind", "statfs"}});
  feed(6 * S, "mon.cluster", "quorum", {{"leader", "mon.c"}, {"members", kern::JsonText{R"(["mon.a","mon.b"])"}}});
  feed(6 * S, "mon.cluster", "quorum", {{"leader", "mon.a"}, {"members", kern::JsonText{R"(["mon.a"])"}}});
  inv.sent_after_close(7 * S, "client.0", 1);
  feed(600 * S, "sim", "run_end");  // tid 7 held, but the client reports none pending
  for (const char* p : {"one_connection", "session_after_auth", "tids_unique", "no_send_on_closed", "requests_accounted"})
    EXPECT_EQ(inv.count(p), 1u) << p;
  EXPECT_EQ(inv.count("hunt_mult_bounds"), 2u);
  // mon.c not a member; then one of three, and a second leader in the same epoch
  EXPECT_EQ(inv.count("one_leader"), 3u);
  EXPECT_EQ(inv.breaches()[0].property, "one_connection");
  EXPECT_EQ(inv.breaches()[0].t, 2 * S);
  EXPECT_NE(inv.breaches()[0].line.find("\"event\":\"conn_open\""), std::string::npos);
}

TEST(Invariants, CallsStartedAtOneInstantAreToldApartByKind) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(45 * S, "client.0", "op_start", {{"op", 15}, {"kind", "get_version"}});
  feed(45 * S, "client.0", "op_start", {{"op", 16}, {"kind", "statfs"}});
  feed(45 * S, "client.0", "request_submit", {{"tid", 15}, {"kind", "get_version"}});
  feed(45 * S, "client.0", "request_submit", {{"tid", 16}, {"kind", "statfs"}});
  feed(45 * S + NS_PER_MS, "client.0", "request_done", {{"tid", 15}, {"result", 0}});
  feed(45 * S + NS_PER_MS, "client.0", "op_done", {{"op", 15}, {"result", 0}});
  feed(60 * S, "client.0", "run_end_client", {{"pending", 1}});  // statfs still held: fine
  feed(60 * S, "sim", "run_end");
  EXPECT_EQ(inv.count("requests_accounted"), 0u);
}

TEST(Invariants, AClosedSocketAndAHeldRequestAreFine) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(2 * S, "client.0", "conn_closed", {{"sock", 1}});
  feed(2 * S, "client.0", "conn_open", {{"sock", 2}});
  feed(3 * S, "client.0", "tick", {{"hunt_mult", 10}});
  feed(5 * S, "client.0", "op_start", {{"op", 1}, {"kind", "statfs"}});
  feed(5 * S, "client.0", "request_submit", {{"tid", 1}, {"kind", "statfs"}});
  view.serving[0] = false;  // its reply lost to a rule: due again only on a new session
  feed(5 * S, "chaos", "fault", {{"kind", "drop"}});
  view.serving[0] = true;
  feed(6 * S, "chaos", "fault", {{"kind", "drop"}, {"undo", true}});
  feed(600 * S, "client.0", "run_end_client", {{"pending", 1}});
  feed(600 * S, "sim", "run_end");
  EXPECT_EQ(inv.total(), 0u) << inv.breaches()[0].property << ": " << inv.breaches()[0].detail;
}

TEST(Invariants, SessionRegainedRunsOutAtItsBound) {
  Mounted m("linux-2.6.34");
  auto& [s, view, inv, feed] = m;
  view.answering[0] = false;  // frozen: the 2010 client never notices
  feed(60 * S, "chaos", "fault", {{"kind", "pause"}});
  const nanos due = 60 * S + m.regain();
  feed(due, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 0u);  // not past it yet
  feed(due + 1, "client.0", "tick");
  ASSERT_EQ(inv.count("session_regained"), 1u);
  EXPECT_EQ(inv.breaches()[0].t, due);
  EXPECT_EQ(inv.count("keepalive_detects"), 0u);  // not the 2010 client's property
  feed(due + 10 * S, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 1u);  // once per episode
}

TEST(Invariants, APickOfAMonitorThatDoesNotServeGivesAFreshBound) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  view.answering[0] = false;
  feed(60 * S, "chaos", "fault", {{"kind", "kill"}});
  feed(60 * S, "client.0", "session_lost", {{"rank", 0}});
  view.answering[2] = false;
  feed(60 * S, "chaos", "fault", {{"kind", "kill"}});
  feed(60 * S, "client.0", "hunt_pick", {{"rank", 2}, {"hunt_mult", 1}});  // the dead one: bad luck, not a stall
  const nanos fresh = 90 * S;
  feed(fresh, "client.0", "hunt_pick", {{"rank", 2}, {"hunt_mult", 2}});
  feed(fresh + m.regain() - 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 0u);
  feed(fresh + m.regain() + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 1u);
}

TEST(Invariants, KeepaliveDetectsAndRequestCompletesRunOut) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(10 * S, "client.0", "request_submit", {{"tid", 1}, {"kind", "statfs"}});
  const nanos request_due = 10 * S + inv.bounds().request(2 * NS_PER_MS);
  feed(request_due + 1, "client.0", "tick");
  ASSERT_EQ(inv.count("request_completes"), 1u);
  EXPECT_EQ(inv.breaches()[0].t, request_due);

  view.answering[0] = false;
  feed(100 * S, "chaos", "fault", {{"kind", "pause"}});
  feed(100 * S + inv.bounds().detect, "client.0", "tick");
  EXPECT_EQ(inv.count("keepalive_detects"), 0u);
  feed(100 * S + inv.bounds().detect + 1, "client.0", "tick");
  ASSERT_EQ(inv.count("keepalive_detects"), 1u);
  EXPECT_EQ(inv.breaches()[1].t, 100 * S + inv.bounds().detect);
}

TEST(Invariants, ARuleOnTheSessionsMonitorIsNoReasonToLeaveIt) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  view.serving[0] = false;  // drops some of its replies; mon.b and mon.c serve
  feed(10 * S, "chaos", "fault", {{"kind", "drop"}});
  feed(10 * S + m.regain() + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 0u);
  view.in_quorum = {false, false, false};  // an election: nobody serves while it lasts
  feed(100 * S, "mon.cluster", "election_start");
  feed(100 * S + m.regain() + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 0u);
  view.in_quorum = {false, true, true};  // mon.a left out of the new quorum: now the client should move
  feed(110 * S, "mon.cluster", "quorum", {{"leader", "mon.b"}, {"members", kern::JsonText{R"(["mon.b","mon.c"])"}}});
  feed(110 * S + m.regain() + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 1u);
}

TEST(Invariants, AClockSteppedBackDelaysTheBoundsThatWaitForTheKeepaliveCheck) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(5 * S, "chaos", "fault", {{"kind", "clock_step"}, {"client", "client.*"}, {"by_ns", -100 * S}});
  view.answering[0] = false;
  feed(10 * S, "chaos", "fault", {{"kind", "pause"}});
  feed(10 * S + inv.bounds().detect + 100 * S, "client.0", "tick");
  EXPECT_EQ(inv.count("keepalive_detects"), 0u);
  EXPECT_EQ(inv.count("session_regained"), 0u);
  feed(10 * S + m.regain() + 100 * S + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("keepalive_detects"), 1u);
  EXPECT_EQ(inv.count("session_regained"), 1u);
}

TEST(Invariants, NoLivenessWhenNothingServes) {
  Mounted m;
  auto& [s, view, inv, feed] = m;
  feed(60 * S, "client.0", "session_lost", {{"rank", 0}});
  view.in_quorum = {false, false, false};  // electing: no monitor can give a session
  feed(60 * S, "mon.cluster", "election_start");
  feed(500 * S, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 0u);
  view.in_quorum = {true, true, true};
  feed(500 * S, "mon.cluster", "quorum", {{"leader", "mon.a"}, {"members", kern::JsonText{R"(["mon.a","mon.b","mon.c"])"}}});
  feed(500 * S + m.regain() + 1, "client.0", "tick");
  EXPECT_EQ(inv.count("session_regained"), 1u);
}

}  // namespace
}  // namespace monsim::sim
