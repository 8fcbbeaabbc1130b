// Kernel time arithmetic: round_jiffies_relative, wrap-safe comparisons, INITIAL_JIFFIES.
#include "client/kern/jiffies.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace monsim::kern {
namespace {

struct RoundCase {
  unsigned hz;
  jiffies_t phase;  // now % hz
  jiffies_t delta;
  jiffies_t expected;
  int cpu;
};

// Expected values worked out by hand from kernel/time/timer.c: round down when the target
// is less than HZ/4 past a whole second, else up; keep the delta if rounding lands in the past.
const RoundCase kRoundCases[] = {
    // HZ 100: threshold HZ/4 = 25
    {100, 0, 300, 300, 0},
    {100, 24, 300, 276, 0},   // just below the threshold: down
    {100, 25, 300, 375, 0},   // at the threshold: up
    {100, 99, 300, 301, 0},
    {100, 10, 5, 5, 0},       // rounds down into the past: delta unchanged
    // HZ 250: threshold 62
    {250, 0, 750, 750, 0},
    {250, 10, 750, 740, 0},
    {250, 61, 750, 689, 0},
    {250, 62, 750, 938, 0},
    {250, 249, 750, 751, 0},
    {250, 0, 10, 10, 0},      // now + 10 rounds down to now: not in the future
    {250, 30, 0, 0, 0},       // delay 0 rounding down to the past stays 0
    {250, 100, 0, 150, 0},    // delay 0 past the threshold rounds up to the next second
    {250, 0, 750, 747, 1},    // cpu 1: skewed by 3 jiffies
    {250, 0, 2500, 2500, 0},  // 10 s tick from a whole second
    // HZ 300: threshold 75
    {300, 74, 900, 826, 0},
    {300, 75, 900, 1125, 0},
    // HZ 1000: threshold 250
    {1000, 0, 3000, 3000, 0},
    {1000, 249, 3000, 2751, 0},
    {1000, 250, 3000, 3750, 0},
    {1000, 999, 500, 1001, 0},  // a 0.5 s messenger backoff becomes 1.001 s
};

TEST(RoundJiffiesRelative, MatchesKernelTable) {
  for (const auto& c : kRoundCases) {
    const jiffies_t now = static_cast<jiffies_t>(c.hz) * 1'000'003 + c.phase;
    EXPECT_EQ(round_jiffies_relative(c.delta, now, c.hz, c.cpu), c.expected)
        << "hz=" << c.hz << " phase=" << c.phase << " delta=" << c.delta << " cpu=" << c.cpu;
  }
}

TEST(RoundJiffiesRelative, NeverInThePast) {
  for (unsigned hz : {100u, 250u, 300u, 1000u})
    for (jiffies_t phase = 0; phase < hz; ++phase)
      for (jiffies_t delta : {jiffies_t{0}, jiffies_t{1}, jiffies_t{hz / 2}, jiffies_t{3} * hz}) {
        const jiffies_t now = initial_jiffies(hz) + 17 * hz + phase;
        const jiffies_t r = round_jiffies_relative(delta, now, hz);
        // Either whole-second aligned in the future, or the delta unchanged.
        if (r != delta) {
          EXPECT_GT(r, 0u);
          EXPECT_EQ((now + r) % hz, 0u) << "hz=" << hz << " phase=" << phase;
        }
        EXPECT_LE(r, delta + hz);
      }
}

TEST(RoundJiffiesRelative, WholeSecondTicksStayExactlyApart) {
  // A tick re-armed from inside itself on a whole second is exactly `delta` later.
  const unsigned hz = 250;
  jiffies_t now = initial_jiffies(hz) + 1234;  // arbitrary phase
  now += round_jiffies_relative(3 * hz, now, hz);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(now % hz, 0u);
    const jiffies_t d = round_jiffies_relative(10 * hz, now, hz);
    EXPECT_EQ(d, 10u * hz);
    now += d;
  }
}

TEST(Jiffies, InitialValueWrapsLow32BitsAfterFiveMinutes) {
  EXPECT_EQ(initial_jiffies(250), 4294967296ULL - 75000);
  EXPECT_EQ(initial_jiffies(1000), 4294967296ULL - 300000);
  for (unsigned hz : {100u, 250u, 300u, 1000u}) {
    const jiffies_t at_300s = initial_jiffies(hz) + 300ULL * hz;
    EXPECT_EQ(static_cast<std::uint32_t>(at_300s), 0u) << hz;
    EXPECT_EQ(static_cast<std::uint32_t>(at_300s - 1), UINT32_MAX) << hz;
  }
}

TEST(Jiffies, WrapSafeComparisonsAcrossWrapPoints) {
  // Across the 32-bit wrap of INITIAL_JIFFIES, as a 32-bit kernel sees it...
  const std::uint32_t before32 = UINT32_MAX - 2, after32 = before32 + 5;
  EXPECT_LT(after32, before32);  // the naive comparison is wrong
  EXPECT_TRUE(static_cast<std::int32_t>(after32 - before32) > 0);
  // ...and across the full 64-bit wrap with our jiffies_t.
  const jiffies_t before = UINT64_MAX - 2, after = before + 5;
  EXPECT_LT(after, before);
  EXPECT_TRUE(time_after(after, before));
  EXPECT_TRUE(time_after_eq(after, before));
  EXPECT_FALSE(time_after(before, after));
  EXPECT_TRUE(time_before(before, after));
  EXPECT_TRUE(time_after_eq(before, before));
  EXPECT_FALSE(time_after(before, before));
  EXPECT_TRUE(time_before_eq(before, before));
  // At the 32-bit boundary of a 64-bit counter nothing special happens.
  const jiffies_t j = initial_jiffies(250) + 75000 - 1;
  EXPECT_TRUE(time_after(j + 2, j));
}

TEST(Jiffies, MsecsToJiffiesRoundsUp) {
  EXPECT_EQ(msecs_to_jiffies(3000, 250), 750u);
  EXPECT_EQ(msecs_to_jiffies(1, 250), 1u);
  EXPECT_EQ(msecs_to_jiffies(5, 300), 2u);
  EXPECT_EQ(msecs_to_jiffies(30000, 1000), 30000u);
  EXPECT_EQ(msecs_to_jiffies(0, 100), 0u);
}

TEST(Jiffies, TimespecAddUsesTickNsec) {
  EXPECT_EQ(timespec_add_jiffies({100, 0}, 30 * 250, 250), (Timespec{130, 0}));
  EXPECT_EQ(timespec_add_jiffies({100, 999'000'000}, 1, 1000), (Timespec{101, 0}));
  // HZ 300: TICK_NSEC = 3333333, so 30 s of jiffies is 29.999997 s.
  EXPECT_EQ(timespec_add_jiffies({0, 0}, 30 * 300, 300), (Timespec{29, 999'997'000}));
}

}  // namespace
}  // namespace monsim::kern
