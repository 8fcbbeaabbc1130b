#include "sim/report/sweep_table.h"

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

using json = nlohmann::ordered_json;

SweepRun run(std::size_t index, std::uint64_t seed, std::vector<std::string> values, int exit_code,
             std::vector<std::pair<std::string, std::string>> metrics) {
  SweepRun r;
  r.index = index;
  r.seed = seed;
  r.values = std::move(values);
  r.exit_code = exit_code;
  r.trace_hash = "h" + std::to_string(index);
  r.metrics = std::move(metrics);
  return r;
}

TEST(SweepTable, ScalarMetricsLeaveOutTheRunSectionListsAndAStormsClients) {
  const json one = json::parse(R"({"hunts": {"count": 2, "0": {"open": false, "picks": [1, 2]}},
      "mount": {"at": null}, "clients": {"0": {"x": 1}}, "run": {"clients": 1, "seed": 7}})");
  const auto m = scalar_metrics(one);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0], (std::pair<std::string, std::string>{"hunts.count", "2"}));
  EXPECT_EQ(m[1], (std::pair<std::string, std::string>{"hunts.0.open", "false"}));
  EXPECT_EQ(m[2], (std::pair<std::string, std::string>{"mount.at", "null"}));
  EXPECT_EQ(m[3], (std::pair<std::string, std::string>{"clients.0.x", "1"}));
  json many = one;
  many["run"]["clients"] = 2;
  EXPECT_EQ(scalar_metrics(many).size(), 3u);  // no clients.*
}

TEST(SweepTable, StatisticsPerCombinationByNearestRank) {
  SweepTable t;
  t.keys = {"k"};
  // Group "a": values 1..10 of m; group "b": one run, a boolean and a null.
  for (int i = 1; i <= 10; ++i) t.runs.push_back(run(i - 1, i, {"a"}, i == 3 ? 1 : 0, {{"m", std::to_string(i)}}));
  t.runs.push_back(run(10, 1, {"b"}, 0, {{"m", "null"}, {"flag", "true"}}));
  const json s = t.stats();
  ASSERT_EQ(s["groups"].size(), 2u);
  const json& a = s["groups"][0];
  EXPECT_EQ(a["vary"]["k"], "a");
  EXPECT_EQ(a["runs"], 10);
  EXPECT_EQ(a["failed"], 1);
  EXPECT_EQ(a["metrics"]["m"]["n"], 10);
  EXPECT_EQ(a["metrics"]["m"]["min"], 1.0);
  EXPECT_EQ(a["metrics"]["m"]["p50"], 5.0);   // ceil(0.5 * 10) = 5th
  EXPECT_EQ(a["metrics"]["m"]["p90"], 9.0);   // 9th
  EXPECT_EQ(a["metrics"]["m"]["p99"], 10.0);  // ceil(9.9) = 10th
  EXPECT_EQ(a["metrics"]["m"]["mean"], 5.5);
  const json& b = s["groups"][1];
  EXPECT_FALSE(b["metrics"].contains("m"));  // null only
  EXPECT_EQ(b["metrics"]["flag"]["max"], 1.0);
}

TEST(SweepTable, WhatCsvWritesReadsBackToTheSameBytes) {
  SweepTable t;
  t.keys = {"cluster.links", "x"};
  t.runs.push_back(run(0, 1, {"a,b", "say \"hi\""}, 0, {{"m", "0.006014"}, {"n", "true"}}));
  t.runs.push_back(run(2, 3, {"c", "d"}, 3, {}));                        // a crash: no metrics
  t.runs.push_back(run(1, 2, {"c", "d"}, 1, {{"extra", "5"}, {"m", "1e-07"}}));
  const std::string csv = t.csv();
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "run,seed,cluster.links,x,exit,trace_hash,m,n,extra");
  SweepTable back;
  std::string why;
  ASSERT_TRUE(parse_sweep_csv(csv, &back, &why)) << why;
  EXPECT_EQ(back.keys, t.keys);
  ASSERT_EQ(back.runs.size(), 3u);
  EXPECT_EQ(back.runs[0].values[0], "a,b");
  EXPECT_EQ(back.runs[0].values[1], "say \"hi\"");
  EXPECT_EQ(back.csv(), csv);
  EXPECT_EQ(back.stats().dump(), t.stats().dump());

  EXPECT_FALSE(parse_sweep_csv("seed,run\n", &back, &why));
  EXPECT_NE(why.find("line 1"), std::string::npos);
  EXPECT_FALSE(parse_sweep_csv("run,seed,exit,trace_hash\n1,2,3\n", &back, &why));
  EXPECT_NE(why.find("line 2"), std::string::npos);
  EXPECT_FALSE(parse_sweep_csv("run,seed,exit,trace_hash\nx,2,3,h\n", &back, &why));
}

}  // namespace
}  // namespace monsim::sim
