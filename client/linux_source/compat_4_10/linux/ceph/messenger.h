/* linux-4.10's <linux/ceph/messenger.h> where it differs from the 6.1 tree's: an address is
 * printed from its sockaddr (6.1 prints the entity address, with its type). */
#ifndef MONSIM_COMPAT_4_10_MESSENGER_H
#define MONSIM_COMPAT_4_10_MESSENGER_H
#define ceph_pr_addr ceph_pr_addr_6_1
#include_next <linux/ceph/messenger.h>
#undef ceph_pr_addr
const char *ceph_pr_addr(const struct sockaddr_storage *ss);
#endif
