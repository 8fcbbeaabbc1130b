/* Stand-in for linux/vmalloc.h: included by the tree's libceph.h or osd_client.h; what they name of it
 * is declared in kshim_unused.h and never used by the MonClient. */
#ifndef MONSIM_KSHIM_LINUX_VMALLOC_H
#define MONSIM_KSHIM_LINUX_VMALLOC_H
#include <linux/kshim_unused.h>
#endif
