/* Stand-in for linux/workqueue.h: a delayed_work is its monsim DelayedWork
 * (client/kern/delayed_work.h), run in the node's kworker context, on the node's timers
 * (the timer wheel's rounding included). struct work_struct is in kshim.h (C++ calls it). */
#ifndef MONSIM_KSHIM_LINUX_WORKQUEUE_H
#define MONSIM_KSHIM_LINUX_WORKQUEUE_H
#include <linux/jiffies.h>
#include <linux/kshim.h>
#include <linux/time.h>
#include <linux/timer.h>

typedef void (*work_func_t)(struct work_struct *work);
struct delayed_work {
  struct work_struct work;
};
struct workqueue_struct;
extern struct workqueue_struct *system_wq;

#define INIT_WORK(w, f) ((w)->func = (f), (w)->impl = kshim_work_make(w))
#define INIT_DELAYED_WORK(dw, f) INIT_WORK(&(dw)->work, f)
#define to_delayed_work(w) container_of(w, struct delayed_work, work)
/* mod_delayed_work(): moves a pending expiry. queue_delayed_work(): leaves it. */
#define mod_delayed_work(wq, dw, delay) ((void)(wq), kshim_work_mod((dw)->work.impl, (delay)))
#define queue_delayed_work(wq, dw, delay) ((void)(wq), kshim_work_queue((dw)->work.impl, (delay)))
#define schedule_delayed_work(dw, delay) kshim_work_queue((dw)->work.impl, (delay))
#define cancel_delayed_work_sync(dw) kshim_work_cancel_sync((dw)->work.impl)
#define delayed_work_pending(dw) kshim_work_pending((dw)->work.impl)
#endif
