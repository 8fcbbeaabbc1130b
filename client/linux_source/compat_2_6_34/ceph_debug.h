/* fs/ceph/ceph_debug.h of 2.6.34 for the 2.6.34 seed (compat_2_6_34/README.md): dout() as a
 * pr_debug() with a leading space, as the 6.1 tree's <linux/ceph/ceph_debug.h> has it (2010's
 * "pretty" variant, with file and line, was a build option left off by distributions). */
#include <linux/ceph/ceph_debug.h>
