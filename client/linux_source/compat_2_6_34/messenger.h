/* fs/ceph/messenger.h of 2.6.34, over the 6.1 tree's <linux/ceph/messenger.h>: the same
 * message and connection structures (the seed reads a message's header, front and allocated
 * front size, and a connection's private data, operations and peer), with 2010's calls — a
 * connection made by its user and reference-counted, opened with an address only, a message
 * revoked from a connection, messages made with page arguments. */
#ifndef MONSIM_COMPAT_2_6_34_MESSENGER_H
#define MONSIM_COMPAT_2_6_34_MESSENGER_H
#define ceph_con_init ceph_con_init_6_1
#define ceph_con_open ceph_con_open_6_1
#define ceph_msg_new ceph_msg_new_6_1
#include <linux/ceph/messenger.h>
#undef ceph_con_init
#undef ceph_con_open
#undef ceph_msg_new

void ceph_con_init(struct ceph_messenger *msgr, struct ceph_connection *con);
void ceph_con_open(struct ceph_connection *con, struct ceph_entity_addr *addr);
void ceph_con_revoke(struct ceph_connection *con, struct ceph_msg *msg);
struct ceph_connection *ceph_con_get(struct ceph_connection *con);
void ceph_con_put(struct ceph_connection *con);
/* ERR_PTR(-ENOMEM) when it fails (never here); the MonClient asks for no pages. */
struct ceph_msg *ceph_msg_new(int type, int front_len, int page_len, int page_off, struct page **pages);
/* A message type's name, for the log. */
const char *ceph_msg_type_name(int type);
/* A sockaddr printed, as ceph_pr_addr() later did. */
const char *pr_addr(const struct sockaddr_storage *ss);

/* 2010's name of a message's allocated front size (6.1: front_alloc_len). */
#define front_max front_alloc_len
#endif
