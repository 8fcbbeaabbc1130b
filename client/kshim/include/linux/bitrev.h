/* Stand-in for linux/bitrev.h: included by the tree's libceph.h or osd_client.h; osd_client.h's inline
 * hobject code calls bitrev32(), so it is defined; the MonClient never reaches it. */
#ifndef MONSIM_KSHIM_LINUX_BITREV_H
#define MONSIM_KSHIM_LINUX_BITREV_H
#include <linux/kshim_unused.h>
static inline u32 bitrev32(u32 x) {
  u32 r = 0;
  for (int i = 0; i < 32; ++i, x >>= 1) r = (r << 1) | (x & 1);
  return r;
}
#endif
