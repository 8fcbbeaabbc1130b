// Where the kernel's timer wheel fires a timer (kernel/time/timer.c, since Linux 4.8).
//
// A timer does not fire at its expiry jiffy. It is filed in one of LVL_DEPTH levels of 64
// buckets; each level's granularity is eight times the one below (1, 8, 64, 512, ... jiffies)
// and the level is chosen by how far the expiry lies beyond the timer base's clock. A bucket
// is run when the wheel reaches its start, and a timer goes into the bucket *after* the one
// its expiry falls in, so it fires never early and up to one granularity late (one jiffy at
// level 0). At HZ 250 a 10 s tick (2500 jiffies, level 2) fires on a multiple of 64 jiffies and
// a 30 s hunting tick (7500, level 3) on a multiple of 512 — as a real 6.1 client's do
// (../shared/reference/real-kernel-6.1/*/tick-phase.txt).
//
// Kernels before 4.8 had the cascading wheel, which fires a timer at its expiry jiffy.
// Pure arithmetic plus one piece of state (the base clock); any context.
#pragma once

#include "client/kern/jiffies.h"

namespace monsim::kern {

// port of calc_wheel_index() and calc_index(): the jiffy at which the bucket holding a timer
// that expires at `expires`, added to a base whose clock reads `clk`, is run.
jiffies_t timer_wheel_expiry(jiffies_t expires, jiffies_t clk, unsigned hz);

// One CPU's timer base clock (struct timer_base's clk), moved as the kernel moves it: the
// wheel leaves it one past the jiffy whose buckets it just ran (__run_timers()), and adding a
// timer forwards a clock that lags behind jiffies to jiffies (forward_timer_base()).
class TimerBaseClock {
 public:
  // The clock a timer added at `now` is filed against (port of forward_timer_base(); monsim
  // keeps no overdue timers, so the clock forwards to jiffies itself).
  jiffies_t for_add(jiffies_t now) {
    if (!started_ || static_cast<std::int64_t>(now - clk_) >= 1) clk_ = now;
    started_ = true;
    return clk_;
  }
  // The wheel ran the buckets of jiffy `j`.
  void ran(jiffies_t j) {
    if (!started_ || time_after(j + 1, clk_)) clk_ = j + 1;
    started_ = true;
  }

 private:
  jiffies_t clk_ = 0;
  bool started_ = false;
};

}  // namespace monsim::kern
