/* Stand-in for linux/time.h and linux/time64.h: struct timespec64 and CLOCK_REALTIME as the
 * node's kernel reads it (ktime_get_real_ts64: precise in 4.18+). */
#ifndef MONSIM_KSHIM_LINUX_TIME_H
#define MONSIM_KSHIM_LINUX_TIME_H
#include <linux/kshim.h>
struct timespec64 {
  time64_t tv_sec;
  long tv_nsec;
};
#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_MSEC 1000000L
static inline void ktime_get_real_ts64(struct timespec64 *ts) { kshim_realtime(&ts->tv_sec, &ts->tv_nsec); }
static inline int timespec64_compare(const struct timespec64 *a, const struct timespec64 *b) {
  if (a->tv_sec < b->tv_sec) return -1;
  if (a->tv_sec > b->tv_sec) return 1;
  return (int)(a->tv_nsec - b->tv_nsec);
}
#endif
