/* Stand-in for linux/errno.h: the values are in linux/err.h. */
#include <linux/err.h>
