// monsim reality's plan (sim/scenario/reality_plan.h): what a scenario asks of a real lab,
// step by step, and what it asks that no lab can do.
#include "sim/scenario/reality_plan.h"

#include <gtest/gtest.h>

#include "sim/scenario/scenario_load.h"

namespace monsim::sim {
namespace {

Scenario load(const std::string& body) {
  Scenario s;
  const LoadResult r = load_scenario_text("name: r\ndescription: d\nduration: 3m\n" + body, "r.yaml", {}, &s);
  EXPECT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors.front());
  return s;
}

TEST(RealityPlan, AFaultOnTheConnectedMonitorIsUndoneOnTheMonitorItFound) {
  const RealityPlan p = plan_reality(load("clients: {logic: linux-6.1}\n"
                                          "faults:\n  - {at: 100s, kill: connected, for: 15s}\n"
                                          "  - {at: 40s, pause: mon.b, for: 60s}\n"),
                                     false);
  EXPECT_TRUE(p.problems.empty());
  EXPECT_EQ(reality_plan_text(p),
            "# monsim reality plan: the steps scripts/reality/driver.py takes (times from the map, t = 0)\n"
            "name r\nduration 180.000000000\nmonitors a b c\nelection 5.000000000\nticket_ttl 3600.000000000\n"
            "step 1 40.000000000 pause do b\n"
            "step 2 100.000000000 pause undo b\n"  // the simulator's order at one instant (World::Chaos)
            "step 3 100.000000000 kill do connected\n"
            "step 4 115.000000000 kill undo @3\n");
}

TEST(RealityPlan, APartitionHoldsEveryDirectionBetweenItsGroups) {
  const RealityPlan p = plan_reality(load("cluster: {monitors: 2}\nfaults:\n"
                                          "  - {at: 10s, partition: [[client.0, mon.a], [mon.b]], for: 5s}\n"
                                          "  - {at: 30s, partition_oneway: {from: [client.*], to: [mon.*]}}\n"
                                          "  - {at: 40s, heal: [[client.*], [mon.*]]}\n"),
                                     false);
  ASSERT_EQ(p.steps.size(), 4u);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(p.steps[0].pairs, (Pairs{{"client.0", "mon.b"}, {"mon.a", "mon.b"}, {"mon.b", "client.0"}, {"mon.b", "mon.a"}}));
  EXPECT_EQ(p.steps[0].groups_json, R"([["client.0","mon.a"],["mon.b"]])");
  EXPECT_TRUE(p.steps[1].undo);
  EXPECT_EQ(p.steps[1].pairs, p.steps[0].pairs);
  EXPECT_EQ(p.steps[2].kind, "partition_oneway");
  EXPECT_EQ(p.steps[2].pairs, (Pairs{{"client.0", "mon.a"}, {"client.0", "mon.b"}}));
  EXPECT_EQ(p.steps[2].groups_json, R"({"from":["client.*"],"to":["mon.*"]})");
  EXPECT_EQ(p.steps[3].kind, "heal");
  EXPECT_FALSE(p.steps[3].undo);
}

TEST(RealityPlan, WhatNoLabCanDoIsRefusedWithItsPositionOrLeftOut) {
  const std::string body = "faults:\n  - {at: 10s, latency: {between: [client.0, mon.a], one_way: 50ms}}\n"
                           "  - {at: 20s, kill: mon.*, for: 5s}\n"
                           "  - {at: 30s, corrupt: {mon: '*', reply: auth_reply, how: garbage}}\n";
  RealityPlan p = plan_reality(load(body), false);
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_EQ(p.problems[0], "r.yaml:5:5: faults[0].latency: not applied in reality: the lab's links have the latency they have");
  EXPECT_EQ(p.problems[1].rfind("r.yaml:7:5: faults[2].corrupt: not applied in reality", 0), 0u) << p.problems[1];
  p = plan_reality(load(body), true);
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.steps.size(), 2u);  // mon.* is every monitor, killed and revived
  EXPECT_EQ(p.steps[0].mons, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p.steps[1].mons, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_NE(std::find_if(p.notes.begin(), p.notes.end(), [](const std::string& n) { return n.find("faults[0].latency") != n.npos; }),
            p.notes.end());
}

TEST(RealityPlan, AResetIsTheGuestsWhateverPatternNamesIt) {
  const RealityPlan p = plan_reality(load("faults:\n  - {at: 10s, reset: client.*}\n  - {at: 20s, reset: client.0}\n"), false);
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.steps.size(), 2u);
  for (const auto& st : p.steps) {
    EXPECT_EQ(st.kind, "reset");
    EXPECT_EQ(st.mons, std::vector<std::string>{"client.0"});
  }
}

TEST(RealityPlan, OneGuestAFewMonitorsAndAnHourAtMost) {
  const RealityPlan p = plan_reality(load("clients: {count: 2}\ncluster: {monitors: 10}\n"), false);
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_NE(p.problems[0].find("clients.count: 2 clients; a reality run has one"), std::string::npos) << p.problems[0];
  EXPECT_NE(p.problems[1].find("10 monitors; a reality run starts at most 9"), std::string::npos) << p.problems[1];
  Scenario s = load("");
  s.duration = kRealityDuration + 1;
  EXPECT_EQ(plan_reality(s, false).problems.size(), 1u);
}

TEST(RealityPlan, SettingsALabDoesNotTakeAreNoted) {
  const RealityPlan p = plan_reality(load("hz: 1000\nnetwork: {latency: 20ms}\ncluster: {auth: none}\n"
                                          "clients: {workload: [{op: statfs, every: 5s}]}\n"),
                                     false);
  EXPECT_TRUE(p.problems.empty());
  std::string all;
  for (const auto& n : p.notes) all += n + "\n";
  for (const char* what : {"clients.logic linux-4.10", "hz 1000", "network:", "cluster.auth none", "clients.workload"})
    EXPECT_NE(all.find(what), std::string::npos) << what << " in\n" << all;
}

}  // namespace
}  // namespace monsim::sim
