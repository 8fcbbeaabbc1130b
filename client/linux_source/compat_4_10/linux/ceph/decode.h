/* linux-4.10's <linux/ceph/decode.h> where it differs from the 6.1 tree's: a legacy entity
 * address decoded in place (6.1 decodes it with ceph_decode_entity_addr(), decode.c). */
#ifndef MONSIM_COMPAT_4_10_DECODE_H
#define MONSIM_COMPAT_4_10_DECODE_H
#include_next <linux/ceph/decode.h>
/* The wire keeps a sockaddr's family in network byte order; the kernel wants it in the host's. */
static inline void ceph_decode_addr(struct ceph_entity_addr *a)
{
	__be16 family;

	memcpy(&family, &a->in_addr.ss_family, sizeof(family));
	a->in_addr.ss_family = be16_to_cpu(family);
	WARN_ON(a->in_addr.ss_family == 512);
}
#endif
