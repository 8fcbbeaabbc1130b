// Kernel time base: jiffies, HZ and the wrap-safe arithmetic the MonClient uses.
//
// Pure arithmetic, usable from any context. The value of "now" comes from kern::Clock.
#pragma once

#include <compare>
#include <cstdint>

namespace monsim::kern {

// The kernel's `unsigned long` on a 64-bit build.
using jiffies_t = std::uint64_t;

// Wrap-safe comparisons (include/linux/jiffies.h): the signed difference decides.
constexpr bool time_after(jiffies_t a, jiffies_t b) { return static_cast<std::int64_t>(b - a) < 0; }
constexpr bool time_before(jiffies_t a, jiffies_t b) { return time_after(b, a); }
constexpr bool time_after_eq(jiffies_t a, jiffies_t b) { return static_cast<std::int64_t>(a - b) >= 0; }
constexpr bool time_before_eq(jiffies_t a, jiffies_t b) { return time_after_eq(b, a); }

// The HZ values a kernel can be configured with.
constexpr bool is_valid_hz(unsigned hz) { return hz == 100 || hz == 250 || hz == 300 || hz == 1000; }

// INITIAL_JIFFIES: "(unsigned long)(unsigned int)(-300*HZ)" — the low 32 bits wrap five minutes
// after boot so that jiffies wrap bugs show up early. At boot (uptime 0) jiffies equals this.
constexpr jiffies_t initial_jiffies(unsigned hz) {
  return static_cast<jiffies_t>(static_cast<std::uint32_t>(-(static_cast<std::int64_t>(300) * hz)));
}

// msecs_to_jiffies(): rounds up, as the kernel does for every HZ.
constexpr jiffies_t msecs_to_jiffies(std::uint64_t ms, unsigned hz) { return (ms * hz + 999) / 1000; }

// Whole seconds in jiffies (all MonClient constants are whole seconds, exact for every HZ).
constexpr jiffies_t secs_to_jiffies(std::uint64_t s, unsigned hz) { return s * hz; }

// port of __round_jiffies_relative() / round_jiffies_common() (kernel/time/timer.c), force_up
// false. Rounds the absolute expiry now+delta to a whole second of the raw jiffies counter
// (skewed by 3 jiffies per cpu), down when within HZ/4 after the second, otherwise up; returns
// delta unchanged if the rounded expiry would not be in the future.
jiffies_t round_jiffies_relative(jiffies_t delta, jiffies_t now, unsigned hz, int cpu = 0);

// A CLOCK_REALTIME reading (struct timespec), as ktime_get_real_ts() returns it.
struct Timespec {
  std::int64_t sec = 0;
  std::int64_t nsec = 0;  // 0 <= nsec < 1e9

  friend constexpr auto operator<=>(const Timespec&, const Timespec&) = default;
};

// jiffies_to_timespec() followed by timespec_add(): base + j jiffies.
Timespec timespec_add_jiffies(Timespec base, jiffies_t j, unsigned hz);

}  // namespace monsim::kern
