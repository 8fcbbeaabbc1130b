/* Stand-in for linux/jiffies.h: `jiffies` and HZ are the simulated kernel's (a scenario sets
 * HZ, so it is read, not compiled in); the comparisons are the kernel's, wrap-safe. */
#ifndef MONSIM_KSHIM_LINUX_JIFFIES_H
#define MONSIM_KSHIM_LINUX_JIFFIES_H
#include <linux/kshim.h>

#define jiffies (kshim_jiffies())
#define HZ (kshim_hz())
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)
#define LONG_MAX ((long)(~0UL >> 1))
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
/* msecs_to_jiffies() for HZ 100, 250, 300 and 1000: rounded up, as the kernel's. */
static inline unsigned long msecs_to_jiffies(unsigned int m) {
  return (unsigned long)(((u64)m * HZ + 999) / 1000);
}
static inline unsigned int jiffies_to_msecs(unsigned long j) { return (unsigned int)((u64)j * 1000 / HZ); }
#define round_jiffies_relative(j) kshim_round_jiffies_relative(j)
#endif
