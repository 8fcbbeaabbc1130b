/* Stand-in for linux/timer.h: what the MonClient uses of timers goes through delayed work. */
#include <linux/jiffies.h>
