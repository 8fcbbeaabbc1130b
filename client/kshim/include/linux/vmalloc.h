/* Stand-in for linux/vmalloc.h: included by the tree's libceph.h or osd_client.h; what they name of
 * it is declared here and never used by the MonClient. */
#ifndef MONSIM_KSHIM_LINUX_VMALLOC_H
#define MONSIM_KSHIM_LINUX_VMALLOC_H
#include <linux/kshim.h>
#include <linux/types.h>
struct page;
struct inode;
struct file;
struct dentry;
struct super_block;
struct address_space;
struct writeback_control;
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
