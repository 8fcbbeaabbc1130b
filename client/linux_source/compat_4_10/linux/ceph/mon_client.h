/* linux-4.10's <linux/ceph/mon_client.h> for the 4.10 seed (compat_4_10/README.md): the tree's
 * header carries the same structures the seed uses (struct ceph_mon_client, the generic
 * request, the monmap: field for field); what 4.10 declared differently is here. */
#ifndef MONSIM_COMPAT_4_10_MON_CLIENT_H
#define MONSIM_COMPAT_4_10_MON_CLIENT_H
#define ceph_monc_do_statfs ceph_monc_do_statfs_6_1
#include_next <linux/ceph/mon_client.h>
#undef ceph_monc_do_statfs
/* 4.10: no data pool (6.1 added one, for a cephfs's own pool) */
int ceph_monc_do_statfs(struct ceph_mon_client *monc, struct ceph_statfs *buf);
/* 4.10: the command's older name ("osd blacklist" only) */
int ceph_monc_blacklist_add(struct ceph_mon_client *monc, struct ceph_entity_addr *client_addr);
#endif
