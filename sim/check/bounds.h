// The liveness checkers' bounds, each derived from the kernel's constants (the scenario's
// tunables) and documented in scenarios/README.md ("Invariants"). Every bound is an upper
// one: the kernel's rule plus what its timers may add, never "roughly".
#pragma once

#include <string>

#include "sim/engine/sim_time.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct LivenessBounds {
  // The latest a 10 s tick fires after it is armed: round_jiffies_relative() moves the
  // expiry to a whole second (at most 0.75 s later: it rounds up from a quarter second),
  // then the 4.8+ wheel to its level's bucket (at most one granularity later).
  nanos tick;
  // The longest gap between two picks while hunting: hunt_interval x hunt_max_mult (the
  // 2010 client: its tick), rounded and bucketed the same way.
  nanos pick;
  // A session whose monitor stopped answering is noticed (keepalive timeout) at most this
  // long after the stop: the last acknowledged keepalive was stamped at the stop at the
  // latest; the first tick past ping_timeout from that stamp detects it; the coarse clock
  // (CURRENT_TIME) lags by a jiffy.
  nanos detect;
  // Opening a session with a monitor that serves: TCP, banner, two cephx round trips and the
  // subscription, plus a peon's lapsed lease (mon_lease_ack_timeout 10 s minus mon_lease 5 s,
  // the longest a peon holds requests before the election is called), plus 1 s of slack for
  // the monitors' own processing.
  nanos handshake_fixed;
  int handshake_round_trips;
  // A client regains a session within max(detect, pick) + handshake of the last instant
  // the world took its monitor away (or a pick went to one that does not serve).
  nanos regain(nanos round_trip) const;
  // A pending request completes within handshake of its session being back (or of being
  // submitted on a good session).
  nanos request(nanos round_trip) const;
};

LivenessBounds liveness_bounds(const Scenario& s);
// A jiffy count's bucket granularity on the 4.8+ timer wheel (1, 8, 64, 512, ... jiffies).
std::uint64_t wheel_granularity(std::uint64_t delay_jiffies);

}  // namespace monsim::sim
