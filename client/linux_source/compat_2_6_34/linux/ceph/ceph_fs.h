/* 2.6.34's fs/ceph/ceph_fs.h where it differs from the 6.1 tree's <linux/ceph/ceph_fs.h>: a
 * subscription item says what the client has and whether it wants one map only, after a
 * have_version the seed never fills (17 bytes: the layout of ../shared/reference/kernel-monc.md
 * §3 and of monsim's MMonSubscribeV1; 6.1's item is where to start and flags, 9 bytes), and the
 * statfs request has no data pool (34 bytes on the wire, not 43). */
#ifndef MONSIM_COMPAT_2_6_34_CEPH_FS_H
#define MONSIM_COMPAT_2_6_34_CEPH_FS_H
#define ceph_mon_subscribe_item ceph_mon_subscribe_item_6_1
#define ceph_mon_statfs ceph_mon_statfs_6_1
#include_next <linux/ceph/ceph_fs.h>
#undef ceph_mon_subscribe_item
#undef ceph_mon_statfs
struct ceph_mon_subscribe_item {
	__le64 have_version;
	__le64 have;
	__u8 onetime;
} __attribute__ ((packed));
struct ceph_mon_statfs {
	struct ceph_mon_request_header monhdr;
	struct ceph_fsid fsid;
} __attribute__ ((packed));
#endif
