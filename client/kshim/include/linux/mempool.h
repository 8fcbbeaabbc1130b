/* Stand-in for linux/mempool.h: the osd client's pools (never used by the MonClient). */
#ifndef MONSIM_KSHIM_LINUX_MEMPOOL_H
#define MONSIM_KSHIM_LINUX_MEMPOOL_H
#include <linux/kshim.h>
typedef struct mempool_s mempool_t;
#endif
