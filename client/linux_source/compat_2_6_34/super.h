/* fs/ceph/super.h of 2.6.34, the part the seed uses: the client around the MonClient. */
#ifndef MONSIM_COMPAT_2_6_34_SUPER_H
#define MONSIM_COMPAT_2_6_34_SUPER_H
#include <linux/wait.h>
#include "mon_client.h"

/* What mount(2) was given. */
struct ceph_mount_args {
	int num_mon;
	struct ceph_entity_addr *mon_addr;
	char *name;
	char *secret;
};

/* The osd and mds clients: monsim's (client/linux_2_6_34), reached through the glue. */
struct ceph_osd_client { int unused; };
struct ceph_mds_client { int unused; };

struct ceph_client {
	struct ceph_fsid fsid;
	bool have_fsid;
	struct ceph_mount_args *mount_args;
	struct ceph_messenger *msgr;
	struct ceph_mon_client monc;
	struct ceph_mds_client mdsc;
	struct ceph_osd_client osdc;
	int auth_err;
	wait_queue_head_t auth_wq;
};

extern int ceph_check_fsid(struct ceph_client *client, struct ceph_fsid *fsid);
extern void ceph_mdsc_handle_map(struct ceph_mds_client *mdsc, struct ceph_msg *msg);
extern void ceph_osdc_handle_map(struct ceph_osd_client *osdc, struct ceph_msg *msg);
#endif
