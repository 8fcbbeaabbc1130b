// Same seed and binary => byte-identical trace; another seed => another trace.
#include <gtest/gtest.h>

#include "tests/sim/net/net_demo.h"
#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

std::string demo_hash(std::uint64_t seed) {
  return run_simulation([seed] {
    TraceWriter trace;
    const NetDemoResult r = run_net_demo(seed, trace, s(120));
    EXPECT_GT(r.replies, 100u);  // the workload did something
    EXPECT_GT(r.hops, 3u);       // and the faults were felt: clients moved
    report(r.trace_hash);
  });
}

TEST(Determinism, ARandomizedNetworkRunTwiceGivesTheSameTraceHash) {
  const std::string a = demo_hash(5), b = demo_hash(5);
  ASSERT_EQ(a.size(), 16u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, demo_hash(6));
}

}  // namespace
}  // namespace monsim::sim::testing
