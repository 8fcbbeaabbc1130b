#include "sim/engine/sim_clock.h"

#include "client/kern/jiffies.h"

namespace monsim::sim {

// ============================================================== time

kern::jiffies_t SimClock::jiffies_at(nanos t) const {
  const auto ticks = static_cast<unsigned __int128>(t) * hz_ / NS_PER_S;
  return start_ + static_cast<kern::jiffies_t>(ticks);
}

nanos SimClock::instant_of(kern::jiffies_t j) const {
  const kern::jiffies_t since_start = j - start_;
  // ceil(since_start / hz seconds), in nanoseconds: the first instant jiffies reads j.
  const auto num = static_cast<unsigned __int128>(since_start) * NS_PER_S;
  return static_cast<nanos>((num + hz_ - 1) / hz_);
}

// port of __queue_delayed_work() -> add_timer(): expires = jiffies + delay, filed on the wheel
// against the forwarded base clock.
kern::jiffies_t SimClock::add_timer(kern::jiffies_t delta) const {
  const kern::jiffies_t now = jiffies();
  if (!timer_wheel_) return now + delta;
  return kern::timer_wheel_expiry(now + delta, base_clock_.for_add(now), hz_);
}

kern::Timespec SimClock::realtime() const {
  // CURRENT_TIME: the wall clock the last tick set, i.e. as of the start of this jiffy.
  const nanos when = coarse_realtime_ ? instant_of(jiffies()) : now_ns();
  const nanos t = epoch_ + when + step_;
  return {t / NS_PER_S, t % NS_PER_S};
}

}  // namespace monsim::sim
