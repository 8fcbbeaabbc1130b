/* Stand-in for linux/overflow.h: struct_size() (sizes here never overflow: the counts are a
 * monmap's, at most CEPH_MAX_MON). */
#ifndef MONSIM_KSHIM_LINUX_OVERFLOW_H
#define MONSIM_KSHIM_LINUX_OVERFLOW_H
#include <linux/kshim.h>
#define struct_size(p, member, count) (sizeof(*(p)) + sizeof(*(p)->member) * (size_t)(count))
#define array_size(a, b) ((size_t)(a) * (size_t)(b))
#endif
