// SafeTimer (common/Timer.h, 16.2): callbacks run later in the timer's own thread, with the
// timer's lock held.
//
// 16.2's SafeTimer keeps its schedule on ceph::real_clock: an event added `seconds` after now
// fires when CLOCK_REALTIME reaches ceph_clock_now() + seconds, read when it is added — a
// clock_step forward fires it early, a step back holds it. The thread wakes some time after
// the instant (a thread wake-up, a futex: the environment's timer latency), takes the lock
// and runs every event then due, in order of instant, then of adding.
#pragma once

#include <cstdint>
#include <functional>

#include "client/userspace/utime.h"

namespace monsim::userspace {

class SafeTimer {
 public:
  using Id = std::uint64_t;  // 0 is never one
  virtual ~SafeTimer() = default;

  // add_event_after(): the caller holds the timer's lock (as every MonClient caller does).
  // Returns the event's id. Never blocks.
  virtual Id add_event_after(double seconds, std::function<void()> callback) = 0;
  // add_event_at()
  virtual Id add_event_at(Utime when, std::function<void()> callback) = 0;
  // cancel_event(): false if it ran or is unknown. Lock held.
  virtual bool cancel_event(Id id) = 0;
  // cancel_all_events(). Lock held.
  virtual void cancel_all_events() = 0;
  // shutdown(): cancels everything; no callback runs after it returns. Lock held.
  virtual void shutdown() = 0;
};

}  // namespace monsim::userspace
