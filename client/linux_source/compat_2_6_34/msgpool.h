/* fs/ceph/msgpool.h of 2.6.34: pools of preallocated messages for replies. */
#ifndef MONSIM_COMPAT_2_6_34_MSGPOOL_H
#define MONSIM_COMPAT_2_6_34_MSGPOOL_H
#include "messenger.h"

struct ceph_msgpool {
	int front_len; /* the front each message of the pool has */
	int min;       /* how many the pool keeps (its size, then its reservations) */
	bool blocking;
};

int ceph_msgpool_init(struct ceph_msgpool *pool, int front_len, int size, bool blocking);
void ceph_msgpool_destroy(struct ceph_msgpool *pool);
int ceph_msgpool_resv(struct ceph_msgpool *pool, int delta);
struct ceph_msg *ceph_msgpool_get(struct ceph_msgpool *pool, int front_len);
#endif
