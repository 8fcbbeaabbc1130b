#include "client/kern/timer_wheel.h"

namespace monsim::kern {

namespace {

constexpr unsigned kClkShift = 3;  // LVL_CLK_SHIFT: each level 8 times coarser
constexpr unsigned kLvlBits = 6;   // LVL_BITS: 64 buckets a level
constexpr jiffies_t kLvlSize = jiffies_t{1} << kLvlBits;

constexpr unsigned lvl_shift(unsigned n) { return n * kClkShift; }
constexpr jiffies_t lvl_gran(unsigned n) { return jiffies_t{1} << lvl_shift(n); }
// LVL_START(n): the smallest delta filed at level n — the last delta of level n-1, so that
// the extra granularity calc_index() adds stays inside the level.
constexpr jiffies_t lvl_start(unsigned n) { return (kLvlSize - 1) << ((n - 1) * kClkShift); }

// port of calc_index(): the bucket after the one `expires` falls in, as a jiffy.
jiffies_t bucket_expiry(jiffies_t expires, unsigned lvl) {
  return ((expires >> lvl_shift(lvl)) + 1) << lvl_shift(lvl);
}

}  // namespace

// port of calc_wheel_index()
jiffies_t timer_wheel_expiry(jiffies_t expires, jiffies_t clk, unsigned hz) {
  const unsigned depth = hz > 100 ? 9 : 8;  // LVL_DEPTH
  const jiffies_t delta = expires - clk;
  for (unsigned lvl = 0; lvl + 1 < depth; ++lvl)
    if (delta < lvl_start(lvl + 1)) return bucket_expiry(expires, lvl);
  if (static_cast<std::int64_t>(delta) < 0) return clk;  // already due: the current bucket
  // Past the wheel's capacity (WHEEL_TIMEOUT_CUTOFF): forced to expire at its limit.
  const jiffies_t cutoff = lvl_start(depth);
  const jiffies_t max_timeout = cutoff - lvl_gran(depth - 1);
  if (delta >= cutoff) expires = clk + max_timeout;
  return bucket_expiry(expires, depth - 1);
}

}  // namespace monsim::kern
