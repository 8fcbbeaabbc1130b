/* fs/ceph/auth.h of 2.6.34, over the 6.1 tree's <linux/ceph/auth.h>: the same auth client
 * (its ops' is_authenticated(), want_keys, global_id), made from a name and a secret. */
#ifndef MONSIM_COMPAT_2_6_34_AUTH_H
#define MONSIM_COMPAT_2_6_34_AUTH_H
#define ceph_auth_init ceph_auth_init_6_1
#include <linux/ceph/auth.h>
#undef ceph_auth_init
struct ceph_auth_client *ceph_auth_init(const char *name, const char *secret);
#endif
