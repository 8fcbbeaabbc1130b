/* ceph_decode_addr() as the seeds' kernels had it (2.6.34's and 4.10's decode.h; 6.1 decodes
 * addresses with ceph_decode_entity_addr() in decode.c): a legacy entity address decoded in
 * place — the wire keeps a sockaddr's family in network byte order, the kernel wants the
 * host's. For the seeds' compatibility headers. */
#ifndef MONSIM_COMPAT_LEGACY_ADDR_H
#define MONSIM_COMPAT_LEGACY_ADDR_H
static inline void ceph_decode_addr(struct ceph_entity_addr *a)
{
	__be16 family;

	memcpy(&family, &a->in_addr.ss_family, sizeof(family));
	a->in_addr.ss_family = be16_to_cpu(family);
	WARN_ON(a->in_addr.ss_family == 512);
}
#endif
