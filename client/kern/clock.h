// Time as the kernel gives it to the MonClient.
#pragma once

#include "client/kern/jiffies.h"

namespace monsim::kern {

class Clock {
 public:
  virtual ~Clock() = default;

  // The `jiffies` variable. Any context; never blocks. Starts at initial_jiffies(hz()) at
  // boot and advances HZ times per simulated second. Callers may not assume it is small or
  // that it does not wrap: compare with time_after_eq() and friends.
  virtual jiffies_t jiffies() const = 0;

  // CONFIG_HZ of this kernel: 100, 250, 300 or 1000.
  virtual unsigned hz() const = 0;

  // The CPU the MonClient's and the messenger's work runs on: round_jiffies_relative() skews
  // its whole-second target by 3 jiffies per CPU number (round_jiffies_common()).
  virtual int cpu() const { return 0; }

  // CLOCK_REALTIME as this kernel reads it where the MonClient and its messenger do: coarse
  // in 4.10 and older (CURRENT_TIME, the wall clock as of the last tick), precise in later
  // ones (ktime_get_real_ts64()). Any context; never blocks. It is not monotonic: a scenario
  // may step it, so never derive durations from it except where the kernel does (keepalive
  // stamps, cephx ticket lifetimes).
  virtual Timespec realtime() const = 0;
};

}  // namespace monsim::kern
