// Baselines: the default drift (counts exact, times 1 ms, both ways), a tolerance and a
// direction per metric (an improvement passes with no-worse), the user's rules kept by an
// update, and a rule that is not one said as a miss.
#include <gtest/gtest.h>

#include "sim/report/baseline.h"

namespace monsim::sim {
namespace {

using json = nlohmann::ordered_json;

json summary_with(double max_duration, unsigned hunts, unsigned completed) {
  return {{"run", {{"seed", 1}}},
          {"hunts", {{"count", hunts}, {"max_duration", max_duration}}},
          {"requests", {{"completed", completed}}}};
}

json baseline_of(json tolerances = nullptr) {
  json b = {{"scenario", "x"}, {"seed", 1},
            {"metrics", {{"hunts.count", 2}, {"hunts.max_duration", 10.0}, {"requests.completed", 50}}}};
  if (!tolerances.is_null()) b["tolerances"] = tolerances;
  return b;
}

TEST(Baseline, ByDefaultCountsAreExactAndTimesWithinAMillisecondBothWays) {
  EXPECT_TRUE(compare_baseline(baseline_of(), summary_with(10.0009, 2, 50), "b.json").empty());
  const auto faster = compare_baseline(baseline_of(), summary_with(9.5, 2, 50), "b.json");
  ASSERT_EQ(faster.size(), 1u);  // an improvement is a miss too, by default
  EXPECT_EQ(faster[0].metric, "hunts.max_duration");
  EXPECT_EQ(faster[0].expected, "baseline 10 ± 1ms");
  EXPECT_EQ(compare_baseline(baseline_of(), summary_with(10, 1, 50), "b.json").size(), 1u);
}

TEST(Baseline, NoWorseLetsAnImprovementPassAndHoldsTheOtherWay) {
  const json b = baseline_of({{"*", {{"direction", "no-worse"}}},
                              {"hunts.max_duration", {{"tolerance", 0.5}, {"direction", "no-worse"}}}});
  // Shorter hunts, fewer of them, more calls completed: better, so passing.
  EXPECT_TRUE(compare_baseline(b, summary_with(3.0, 1, 60), "b.json").empty());
  // Within the tolerance of worse: passing; beyond it: a miss that says the rule.
  EXPECT_TRUE(compare_baseline(b, summary_with(10.4, 2, 50), "b.json").empty());
  const auto worse = compare_baseline(b, summary_with(10.6, 3, 49), "b.json");
  ASSERT_EQ(worse.size(), 3u);
  EXPECT_EQ(worse[0].expected, "baseline 2 or less");
  EXPECT_EQ(worse[1].expected, "baseline 10 or less (+0.5s)");
  EXPECT_EQ(worse[2].metric, "requests.completed");
  EXPECT_EQ(worse[2].expected, "baseline 50 or more");
}

TEST(Baseline, AToleranceBothWays) {
  const json b = baseline_of({{"hunts.max_duration", {{"tolerance", 2}}}});
  EXPECT_TRUE(compare_baseline(b, summary_with(8.5, 2, 50), "b.json").empty());
  const auto m = compare_baseline(b, summary_with(12.5, 2, 50), "b.json");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].expected, "baseline 10 ± 2s");
}

TEST(Baseline, ARuleThatIsNotOneIsAMiss) {
  const auto m = compare_baseline(baseline_of({{"hunts.count", {{"direction", "sideways"}}}}), summary_with(10, 2, 50),
                                  "b.json");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].metric, "(baseline)");
  EXPECT_EQ(m[0].actual, "tolerances.hunts.count.direction: both, no-worse, no-higher or no-lower");
}

TEST(Baseline, AnUpdateKeepsTheUsersRules) {
  Scenario s;
  s.name = "x";
  s.seed = 1;
  const json old = baseline_of({{"*", {{"direction", "no-worse"}}}});
  const json fresh = make_baseline(s, summary_with(9, 1, 60), old);
  EXPECT_EQ(fresh["tolerances"], old["tolerances"]);
  EXPECT_EQ(fresh["metrics"]["hunts.count"], 1);
  EXPECT_FALSE(make_baseline(s, summary_with(9, 1, 60)).contains("tolerances"));
}

}  // namespace
}  // namespace monsim::sim
