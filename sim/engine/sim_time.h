// Simulated time as integer nanoseconds.
//
// SimGrid's clock is a double in seconds. Every instant the simulator schedules is an integer
// number of nanoseconds converted to seconds, and every reading is rounded back to the
// nearest nanosecond, so jiffies derived from it never come out one short at a boundary
// (exact for runs shorter than about 100 days).
#pragma once

#include <cstdint>
#include <string>

namespace monsim::sim {

using nanos = std::int64_t;

inline constexpr nanos NS_PER_US = 1'000;
inline constexpr nanos NS_PER_MS = 1'000'000;
inline constexpr nanos NS_PER_S = 1'000'000'000;

// CLOCK_REALTIME at simulated time 0 (2023-11-14T22:13:20Z).
inline constexpr nanos kRealtimeEpoch = 1'700'000'000LL * NS_PER_S;

// The current simulated time. Any actor, and maestro.
nanos now_ns();

constexpr double to_seconds(nanos ns) { return static_cast<double>(ns) / 1e9; }

// "12.345678": seconds with 6 decimals, the trace's stable format (truncates to µs).
std::string format_seconds(nanos ns);

// Block the calling actor until the instant `ns`.
void sleep_until_ns(nanos ns);

}  // namespace monsim::sim
