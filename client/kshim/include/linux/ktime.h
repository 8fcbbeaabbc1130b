/* Stand-in for linux/ktime.h. */
#ifndef MONSIM_KSHIM_LINUX_KTIME_H
#define MONSIM_KSHIM_LINUX_KTIME_H
#include <linux/jiffies.h>
#include <linux/time.h>
#endif
