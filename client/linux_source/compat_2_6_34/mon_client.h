/* fs/ceph/mon_client.h of 2.6.34, for the 2.6.34 seed (compat_2_6_34/README.md): written by
 * monsim from what the seed uses. */
#ifndef MONSIM_COMPAT_2_6_34_MON_CLIENT_H
#define MONSIM_COMPAT_2_6_34_MON_CLIENT_H
#include <linux/completion.h>
#include <linux/rbtree.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include "messenger.h" /* first: the wire structures need its sockaddrs */
#include "msgpool.h"
#include <linux/ceph/ceph_fs.h>

struct ceph_client;
struct ceph_auth_client;

/* The monitors: the map's fsid and epoch, each monitor's name and address. */
struct ceph_monmap {
	struct ceph_fsid fsid;
	u32 epoch;
	u32 num_mon;
	struct ceph_entity_inst mon_inst[0];
};

/* A statfs request, on its caller's stack while it waits. */
struct ceph_mon_statfs_request {
	u64 tid;
	struct rb_node node;
	int result;
	struct ceph_statfs *buf;
	struct completion completion;
	unsigned long last_attempt, delay; /* jiffies */
	struct ceph_msg *request;          /* the last one sent */
};

struct ceph_mon_client {
	struct ceph_client *client;
	struct ceph_monmap *monmap;

	struct mutex mutex;
	struct delayed_work delayed_work;

	struct ceph_auth_client *auth;
	struct ceph_msg *m_auth;
	int pending_auth;

	bool hunting;
	int cur_mon;                      /* the monitor of the session, or -1 */
	unsigned long sub_sent, sub_renew_after;
	struct ceph_connection *con;      /* made on the first open */
	bool have_fsid;

	struct ceph_msgpool msgpool_subscribe_ack;
	struct ceph_msgpool msgpool_statfs_reply;
	struct ceph_msgpool msgpool_auth_reply;

	struct rb_root statfs_request_tree;
	int num_statfs_requests;
	u64 last_tid;

	u32 have_mdsmap, have_osdmap;
	int want_next_osdmap;             /* 1 wanted, 2 requested */
};

/* A statfs request's first retry delay (kept, never used by this seed); 6.1's messenger.h
 * has its own, for the messenger. */
#undef BASE_DELAY_INTERVAL
#define BASE_DELAY_INTERVAL (HZ / 2)

extern struct ceph_monmap *ceph_monmap_decode(void *p, void *end);
extern int ceph_monmap_contains(struct ceph_monmap *m, struct ceph_entity_addr *addr);
extern int ceph_monc_init(struct ceph_mon_client *monc, struct ceph_client *cl);
extern void ceph_monc_stop(struct ceph_mon_client *monc);
extern int ceph_monc_got_mdsmap(struct ceph_mon_client *monc, u32 have);
extern int ceph_monc_got_osdmap(struct ceph_mon_client *monc, u32 have);
extern void ceph_monc_request_next_osdmap(struct ceph_mon_client *monc);
extern int ceph_monc_do_statfs(struct ceph_mon_client *monc, struct ceph_statfs *buf);
extern int ceph_monc_open_session(struct ceph_mon_client *monc);
extern int ceph_monc_validate_auth(struct ceph_mon_client *monc);
#endif
