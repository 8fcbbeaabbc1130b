/* Stand-in for linux/bitrev.h: included by the tree's libceph.h or osd_client.h; what they name of
 * it is declared here and never used by the MonClient. */
#ifndef MONSIM_KSHIM_LINUX_BITREV_H
#define MONSIM_KSHIM_LINUX_BITREV_H
#include <linux/kshim.h>
#include <linux/types.h>
struct page;
struct inode;
struct file;
struct dentry;
struct super_block;
struct address_space;
struct writeback_control;
static inline u32 bitrev32(u32 x) {
  u32 r = 0;
  for (int i = 0; i < 32; ++i, x >>= 1) r = (r << 1) | (x & 1);
  return r;
}
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
