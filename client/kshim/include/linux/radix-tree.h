/* Stand-in for linux/radix-tree.h (included by the tree's messenger.h; nothing of it is used). */
#include <linux/kshim.h>
