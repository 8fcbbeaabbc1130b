/* Stand-in for linux/mutex.h: a struct mutex is its monsim Mutex (client/kern/mutex.h),
 * made by mutex_init(). */
#ifndef MONSIM_KSHIM_LINUX_MUTEX_H
#define MONSIM_KSHIM_LINUX_MUTEX_H
#include <linux/kshim.h>
#include <linux/rwsem.h>
struct mutex {
  void *impl;
};
#define mutex_init(m) ((m)->impl = kshim_mutex_make(m))
#define mutex_lock(m) kshim_mutex_lock((m)->impl)
#define mutex_unlock(m) kshim_mutex_unlock((m)->impl)
#define mutex_destroy(m) ((void)(m))
#define lockdep_assert_held(m) ((void)(m))
#endif
