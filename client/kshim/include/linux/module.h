/* Stand-in for linux/module.h: exports and module metadata mean nothing in one process. */
#ifndef MONSIM_KSHIM_LINUX_MODULE_H
#define MONSIM_KSHIM_LINUX_MODULE_H
#include <linux/kshim.h>
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define module_init(f)
#define module_exit(f)
#define THIS_MODULE ((void *)0)
#endif
