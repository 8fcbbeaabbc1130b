/* linux-4.10's <linux/ceph/ceph_fs.h> where it differs from the 6.1 tree's: a statfs request
 * without a data pool (6.1 appends contains_data_pool and data_pool: 43 bytes, not 34). The
 * size is on the wire, so it is the seed's own: the monitors and the network see 4.10's. */
#ifndef MONSIM_COMPAT_4_10_CEPH_FS_H
#define MONSIM_COMPAT_4_10_CEPH_FS_H
#define ceph_mon_statfs ceph_mon_statfs_6_1
#include_next <linux/ceph/ceph_fs.h>
#undef ceph_mon_statfs
struct ceph_mon_statfs {
	struct ceph_mon_request_header monhdr;
	struct ceph_fsid fsid;
} __attribute__ ((packed));
#endif
