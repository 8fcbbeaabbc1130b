/* Stand-in for linux/rwsem.h: the osd client's lock type (never taken by the MonClient). */
#ifndef MONSIM_KSHIM_LINUX_RWSEM_H
#define MONSIM_KSHIM_LINUX_RWSEM_H
#include <linux/kshim.h>
struct rw_semaphore {
  void *impl;
};
#endif
