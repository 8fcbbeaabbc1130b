/* What libceph.h and osd_client.h name of the page cache, the VFS and the memory manager (through
 * linux/fs.h, mm.h, pagemap.h, backing-dev.h and friends): declared once here, never used by the
 * MonClient. Each of those stand-ins includes only this, so the tree's includes resolve without
 * each repeating the list. */
#ifndef MONSIM_KSHIM_LINUX_KSHIM_UNUSED_H
#define MONSIM_KSHIM_LINUX_KSHIM_UNUSED_H
#include <linux/kshim.h>
#include <linux/types.h>
struct page;
struct inode;
struct file;
struct dentry;
struct super_block;
struct address_space;
struct writeback_control;
struct seq_file;
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
