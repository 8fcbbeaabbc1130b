/* Stand-in for linux/sched.h: jiffies, sleeping and signals come through wait.h. */
#ifndef MONSIM_KSHIM_LINUX_SCHED_H
#define MONSIM_KSHIM_LINUX_SCHED_H
#include <linux/jiffies.h>
#include <linux/wait.h>
#endif
