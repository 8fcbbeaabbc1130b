/* Stand-in for linux/wait.h: a wait queue is its monsim WaitQueue (client/kern/wait.h), made
 * by init_waitqueue_head(). wait_event_interruptible_timeout() keeps the kernel's shape: the
 * condition is tested before the first sleep and after every wake-up, by the sleeper; a
 * timeout that elapses with the condition true returns 1. */
#ifndef MONSIM_KSHIM_LINUX_WAIT_H
#define MONSIM_KSHIM_LINUX_WAIT_H
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kshim.h>
#include <linux/list.h>

typedef struct wait_queue_head {
  void *impl;
} wait_queue_head_t;
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
#define init_waitqueue_head(q) ((q)->impl = kshim_waitqueue_make(q))
#define wake_up_all(q) kshim_waitqueue_wake_all((q)->impl)
#define wake_up(q) kshim_waitqueue_wake_all((q)->impl)

#define ___kshim_wait_cond_timeout(condition, ret)                                        \
  ({                                                                                    \
    bool __cond = (condition);                                                          \
    if (__cond && !(ret)) (ret) = 1;                                                    \
    __cond || !(ret);                                                                   \
  })
#define wait_event_interruptible_timeout(wq, condition, timeout)                        \
  ({                                                                                    \
    long __ret = (timeout);                                                             \
    if (!___kshim_wait_cond_timeout(condition, __ret)) {                                \
      for (;;) {                                                                        \
        __ret = kshim_waitqueue_sleep((wq).impl, __ret);                                \
        if (__ret < 0 || ___kshim_wait_cond_timeout(condition, __ret)) break;           \
      }                                                                                 \
    }                                                                                   \
    __ret;                                                                              \
  })
#endif
