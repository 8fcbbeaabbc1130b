/* linux-4.10's <linux/ceph/auth.h> where it differs from the 6.1 tree's: no connection modes
 * (msgr2 came in 5.11). */
#ifndef MONSIM_COMPAT_4_10_AUTH_H
#define MONSIM_COMPAT_4_10_AUTH_H
#define ceph_auth_init ceph_auth_init_6_1
#include_next <linux/ceph/auth.h>
#undef ceph_auth_init
struct ceph_auth_client *ceph_auth_init(const char *name, const struct ceph_crypto_key *key);
#endif
