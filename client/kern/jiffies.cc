#include "client/kern/jiffies.h"

namespace monsim::kern {

// port of round_jiffies_common(j, cpu, force_up = false) via __round_jiffies_relative().
jiffies_t round_jiffies_relative(jiffies_t delta, jiffies_t now, unsigned hz, int cpu) {
  const jiffies_t original = delta + now;
  jiffies_t j = original;
  // Skew each cpu by 3 jiffies so that not every cpu fires at once.
  j += static_cast<jiffies_t>(cpu) * 3;
  const int rem = static_cast<int>(j % hz);
  // Just after a whole second (timer irq delays): round down; never more than HZ/4.
  if (rem < static_cast<int>(hz / 4))
    j = j - rem;
  else
    j = j - rem + hz;
  j -= static_cast<jiffies_t>(cpu) * 3;
  // "Make sure j is still in the future. Otherwise return the unmodified value."
  const jiffies_t rounded = time_after(j, now) ? j : original;
  return rounded - now;
}

// port of jiffies_to_timespec() + timespec_add(). The kernel multiplies by TICK_NSEC, the
// rounded length of one jiffy, so at HZ 300 thirty seconds of jiffies are 29.999997 s.
Timespec timespec_add_jiffies(Timespec base, jiffies_t j, unsigned hz) {
  const std::uint64_t tick_nsec = (1'000'000'000ULL + hz / 2) / hz;
  const std::uint64_t total = j * tick_nsec;
  Timespec r{base.sec + static_cast<std::int64_t>(total / 1'000'000'000ULL),
             base.nsec + static_cast<std::int64_t>(total % 1'000'000'000ULL)};
  if (r.nsec >= 1'000'000'000) {
    r.nsec -= 1'000'000'000;
    r.sec += 1;
  }
  return r;
}

}  // namespace monsim::kern
