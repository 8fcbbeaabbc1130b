// The kernel's clocks on simulated time: jiffies (from INITIAL_JIFFIES, plus the kernel's
// uptime at simulated time 0 in whole jiffies),
// CLOCK_REALTIME (the scenario's epoch + simulated time + any steps, coarse or precise as the
// kernel generation reads it) and timers, on the 4.8+ timer wheel or on the jiffy.
#pragma once

#include <functional>
#include <vector>

#include "client/kern/clock.h"
#include "client/kern/jiffies.h"
#include "client/kern/timer_wheel.h"
#include "sim/engine/sim_time.h"

namespace monsim::sim {

class SimClock : public kern::Clock {
 public:
  // `timer_wheel`: timers go through the 4.8+ wheel (kern::timer_wheel_expiry); otherwise
  // they fire at their expiry jiffy, as on the cascading wheel of older kernels.
  // `coarse_realtime`: realtime() reads CURRENT_TIME (current_kernel_time(): the wall clock
  // as of the last jiffy), as 4.10 and older kernels do; otherwise ktime_get_real_ts64().
  // `uptime_jiffies`: jiffies read INITIAL_JIFFIES + uptime_jiffies at simulated time 0.
  // `cpu`: the CPU the client's work runs on (round_jiffies_relative()'s skew).
  SimClock(unsigned hz, nanos realtime_epoch, bool timer_wheel = true, bool coarse_realtime = false,
           kern::jiffies_t uptime_jiffies = 0, int cpu = 0)
      : hz_(hz), epoch_(realtime_epoch), timer_wheel_(timer_wheel), coarse_realtime_(coarse_realtime),
        start_(kern::initial_jiffies(hz) + uptime_jiffies), cpu_(cpu) {}

  kern::jiffies_t jiffies() const override { return jiffies_at(now_ns()); }
  unsigned hz() const override { return hz_; }
  int cpu() const override { return cpu_; }
  kern::Timespec realtime() const override;

  // The jiffies counter at simulated instant t, and the first instant it reads j.
  kern::jiffies_t jiffies_at(nanos t) const;
  nanos instant_of(kern::jiffies_t j) const;
  // add_timer() now for `delta` jiffies: the jiffy it fires at (the wheel's bucket, or the
  // expiry jiffy itself on the old wheel). The caller runs the timer at instant_of() of it
  // and reports that with timer_ran(). Any actor; the node's timer base clock moves.
  kern::jiffies_t add_timer(kern::jiffies_t delta) const;
  void timer_ran(kern::jiffies_t j) const { base_clock_.ran(j); }
  bool timer_wheel() const { return timer_wheel_; }

  // clock_settime(): CLOCK_REALTIME jumps by `by` (may be negative); jiffies do not.
  // Whoever schedules on the wall clock (a userspace SafeTimer) hears of each step.
  void step_realtime(nanos by) {
    step_ += by;
    for (auto& fn : step_observers_) fn();
  }
  void on_realtime_step(std::function<void()> fn) { step_observers_.push_back(std::move(fn)); }

 private:
  unsigned hz_;
  nanos epoch_;
  bool timer_wheel_;
  bool coarse_realtime_;
  kern::jiffies_t start_;  // jiffies at simulated time 0
  int cpu_;
  nanos step_ = 0;
  std::vector<std::function<void()>> step_observers_;
  // One CPU's timer base (monsim's client kernels run their timers on cpu 0).
  mutable kern::TimerBaseClock base_clock_;
};

}  // namespace monsim::sim
