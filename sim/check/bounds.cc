#include "sim/check/bounds.h"

#include <algorithm>

#include "client/kern/jiffies.h"

namespace monsim::sim {

// The level calc_wheel_index() puts a timer of this delay on, as its granularity: level n
// holds delays from LVL_START(n) = 63 << 3(n-1) jiffies, in buckets of 8^n jiffies.
std::uint64_t wheel_granularity(std::uint64_t delay_jiffies) {
  std::uint64_t gran = 1;
  for (int level = 1; level < 9; ++level) {
    const std::uint64_t start = 63ULL << (3 * (level - 1));
    if (delay_jiffies < start) break;
    gran = 1ULL << (3 * level);
  }
  return gran;
}

namespace {
constexpr nanos kRoundUp = 750 * NS_PER_MS;  // round_jiffies_relative(): up from a quarter second

// The latest a timer armed for `delay` fires: rounded to a second, then bucketed.
nanos armed_at_most(nanos delay, unsigned hz) {
  const nanos jiffy = NS_PER_S / static_cast<nanos>(hz);
  const std::uint64_t jiffies = static_cast<std::uint64_t>((delay + kRoundUp) / jiffy) + 1;
  return delay + kRoundUp + static_cast<nanos>(wheel_granularity(jiffies)) * jiffy;
}
}  // namespace

LivenessBounds liveness_bounds(const Scenario& s) {
  const auto& tu = s.clients.tunables;
  const nanos jiffy = NS_PER_S / static_cast<nanos>(s.hz);
  LivenessBounds b{};
  const nanos ping_interval = static_cast<nanos>(tu.ping_interval_ms) * NS_PER_MS;
  b.tick = armed_at_most(ping_interval, s.hz);
  // 4.10+: hunt_interval x hunt_mult, the multiplier capped at hunt_max_mult. The 2010
  // client's slowest tick is 20 s (__schedule_delayed(): 10 s while hunting or when the
  // subscription is due, 20 s otherwise); the larger of the two covers both.
  const nanos hunt_max = static_cast<nanos>(tu.hunt_interval_ms) * NS_PER_MS * static_cast<nanos>(tu.hunt_max_mult);
  b.pick = armed_at_most(std::max(hunt_max, 2 * ping_interval), s.hz);
  b.detect = static_cast<nanos>(tu.ping_timeout_ms) * NS_PER_MS + b.tick + jiffy;
  b.handshake_fixed = 5 * NS_PER_S + 1 * NS_PER_S;
  b.handshake_round_trips = 10;
  return b;
}

nanos LivenessBounds::regain(nanos round_trip) const {
  return std::max(detect, pick) + handshake_fixed + handshake_round_trips * round_trip;
}

nanos LivenessBounds::request(nanos round_trip) const {
  return handshake_fixed + handshake_round_trips * round_trip;
}

}  // namespace monsim::sim
