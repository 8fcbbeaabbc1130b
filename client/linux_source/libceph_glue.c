/* The libceph functions a tree's mon_client.c calls outside itself and outside what the tree
 * compiles with it (decode.c, ceph_strings.c), re-expressed by monsim onto its own messenger
 * (sim/net/messenger), auth model (client/auth) and map consumers (client/libceph) through the
 * hooks of glue.h: the MonClient is the tree's; this is the environment it runs in, the same
 * environment the ports run in. Each says what it stands for; where it leaves something of the
 * kernel's out, it says "port:" and why.
 *
 * Compiled against the tree's headers (the shim's stand-ins first), with the kernel's flags,
 * for each tree: a seed's compatibility headers first, and where the seed's kernel called
 * something differently (LSRC_COMPAT_4_10, LSRC_COMPAT_2_6_34) its call. The client around
 * the MonClient is client_glue.c (or, for 2.6.34, seed_2_6_34_glue.c). */
#ifdef LSRC_COMPAT_2_6_34 /* the seed's own headers (compat_2_6_34/) */
#include "ceph_debug.h"
#include <linux/slab.h>
#include "super.h"
#include "auth.h"
#define CEPH_AUTH_NAME_DEFAULT "guest" /* libceph.h's (2010 mounts always name one) */
#else
#include <linux/ceph/ceph_debug.h>

#include <linux/ceph/libceph.h> /* first, as mon_client.c has it: auth.h needs what it brings */
#include <linux/ceph/mon_client.h>
#include <linux/ceph/decode.h>
#include <linux/ceph/auth.h>
#endif

#include "client/linux_source/glue.h"

/* The system workqueue: mod_delayed_work()'s first argument (the shim runs delayed work on the
 * node's kworker whatever queue is named). */
struct workqueue_struct *system_wq;

/* ------------------------------------------------------------------ messages (messenger.c) */

/* A message as plain values for the C++ side. */
void lsrc_c_msg_view(struct ceph_msg *msg, struct lsrc_msg_view *v) {
  v->seq = le64_to_cpu(msg->hdr.seq);
  v->tid = le64_to_cpu(msg->hdr.tid);
  v->type = le16_to_cpu(msg->hdr.type);
  v->priority = le16_to_cpu(msg->hdr.priority);
  v->version = le16_to_cpu(msg->hdr.version);
  v->compat_version = le16_to_cpu(msg->hdr.compat_version);
  v->front_len = (u32)msg->front.iov_len;
  v->middle_len = le32_to_cpu(msg->hdr.middle_len);
  v->data_len = le32_to_cpu(msg->hdr.data_len);
  v->src_type = msg->hdr.src.type;
  v->src_num = le64_to_cpu(msg->hdr.src.num);
  v->front = msg->front.iov_base;
  v->front_alloc_len = msg->front_alloc_len;
}

/* port of ceph_msg_new2(). port: no data items are ever asked for by the MonClient. */
struct ceph_msg *ceph_msg_new2(int type, int front_len, int max_data_items, gfp_t flags, bool can_fail) {
  struct ceph_msg *m = kzalloc(sizeof(*m), flags);

  m->hdr.type = cpu_to_le16(type);
  m->hdr.priority = cpu_to_le16(CEPH_MSG_PRIO_DEFAULT);
  m->hdr.front_len = cpu_to_le32(front_len);
  INIT_LIST_HEAD(&m->list_head);
  kref_init(&m->kref);
  m->front.iov_base = front_len ? kvmalloc(front_len, flags) : NULL;
  m->front_alloc_len = m->front.iov_len = front_len;
  BUG_ON(max_data_items);
  (void)can_fail;
  return m;
}

#ifdef LSRC_COMPAT_2_6_34
/* 2010: page arguments (never used by the MonClient), ERR_PTR() on failure. */
struct ceph_msg *ceph_msg_new(int type, int front_len, int page_len, int page_off, struct page **pages) {
  BUG_ON(page_len || pages);
  return ceph_msg_new2(type, front_len, 0, GFP_NOFS, false);
}
#else
struct ceph_msg *ceph_msg_new(int type, int front_len, gfp_t flags, bool can_fail) {
  return ceph_msg_new2(type, front_len, 0, flags, can_fail);
}
#endif

/* port of ceph_msg_release(): the messenger forgets it, its memory goes. */
static void ceph_msg_release(struct kref *kref) {
  struct ceph_msg *m = container_of(kref, struct ceph_msg, kref);

  WARN_ON(!list_empty(&m->list_head));
  lsrc_msg_forget(m);
  kvfree(m->front.iov_base);
  kfree(m);
}

struct ceph_msg *ceph_msg_get(struct ceph_msg *msg) {
  kref_get(&msg->kref);
  return msg;
}

void ceph_msg_put(struct ceph_msg *msg) { kref_put(&msg->kref, ceph_msg_release); }

/* port of ceph_msg_dump(). port: the hex dumps of the header, front and footer are left out
 * (debug-level lines no one reads in a simulated run; the trace has the message's fields). */
void ceph_msg_dump(struct ceph_msg *msg) {
  pr_debug("msg_dump %p (front_alloc_len %d length %zd)\n", msg, msg->front_alloc_len, msg->data_length);
}

/* ------------------------------------------------------------------ connections (messenger.c) */

#if defined(LSRC_COMPAT_2_6_34)
#define LSRC_PR_ADDR(addr) pr_addr(&(addr)->in_addr)
#elif defined(LSRC_COMPAT_4_10)
#define LSRC_PR_ADDR(addr) ceph_pr_addr(&(addr)->in_addr)
#else
#define LSRC_PR_ADDR(addr) ceph_pr_addr(addr)
#endif

/* port of ceph_con_init(): the tree's connection struct, and monsim's connection behind it. */
#ifdef LSRC_COMPAT_2_6_34
/* 2010: the user sets private and ops afterwards. */
void ceph_con_init(struct ceph_messenger *msgr, struct ceph_connection *con) {
  memset(con, 0, sizeof(*con));
#else
void ceph_con_init(struct ceph_connection *con, void *private, const struct ceph_connection_operations *ops,
                   struct ceph_messenger *msgr) {
  memset(con, 0, sizeof(*con));
  con->private = private;
  con->ops = ops;
#endif
  con->msgr = msgr;
  con->state = CEPH_CON_S_CLOSED;
  mutex_init(&con->mutex);
  INIT_LIST_HEAD(&con->out_queue);
  INIT_LIST_HEAD(&con->out_sent);
  lsrc_con_make(con);
}

/* port of ceph_con_open() (2010: the peer's name is set by the user before) */
#ifdef LSRC_COMPAT_2_6_34
void ceph_con_open(struct ceph_connection *con, struct ceph_entity_addr *addr) {
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)&addr->in_addr;
  const __u8 entity_type = con->peer_name.type;
  const __u64 entity_num = le64_to_cpu(con->peer_name.num);
#else
void ceph_con_open(struct ceph_connection *con, __u8 entity_type, __u64 entity_num, struct ceph_entity_addr *addr) {
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)&addr->in_addr;
#endif

  dout("con_open %p %s\n", con, LSRC_PR_ADDR(addr));
  WARN_ON(con->state != CEPH_CON_S_CLOSED);
  con->state = CEPH_CON_S_PREOPEN;
  con->peer_name.type = entity_type;
  con->peer_name.num = cpu_to_le64(entity_num);
  memcpy(&con->peer_addr, addr, sizeof(*addr));
  con->delay = 0;
  lsrc_con_open(con, entity_type, entity_num, le32_to_cpu(addr->type), le32_to_cpu(addr->nonce),
                be32_to_cpu(in4->sin_addr.s_addr), be16_to_cpu(in4->sin_port));
}

bool ceph_con_opened(struct ceph_connection *con) { return con->state != CEPH_CON_S_CLOSED; }

/* port of ceph_con_close() */
void ceph_con_close(struct ceph_connection *con) {
  dout("con_close %p peer %s\n", con, LSRC_PR_ADDR(&con->peer_addr));
  con->state = CEPH_CON_S_CLOSED;
  lsrc_con_close(con);
}

/* port of ceph_con_send(). port: the messenger (monsim's) copies the message when it is queued,
 * so the reference the caller hands over is put back at once; the kernel's messenger writes
 * from the message later, and the MonClient never changes a queued message without revoking
 * it first (it builds under its mutex, then revokes, then sends), so the bytes are the same. */
void ceph_con_send(struct ceph_connection *con, struct ceph_msg *msg) {
  struct lsrc_msg_view v;

  msg->hdr.src = con->msgr->inst.name;
  msg->needs_out_seq = true;
  lsrc_c_msg_view(msg, &v);
  lsrc_con_send(con, msg, &v);
  ceph_msg_put(msg);
}

void ceph_msg_revoke(struct ceph_msg *msg) { lsrc_msg_revoke(msg); }
void ceph_msg_revoke_incoming(struct ceph_msg *msg) { lsrc_msg_revoke_incoming(msg); }

/* port of ceph_con_keepalive() */
void ceph_con_keepalive(struct ceph_connection *con) {
  dout("con_keepalive %p\n", con);
  lsrc_con_keepalive(con);
}

/* port of ceph_con_keepalive_expired(): monsim's connection holds last_keepalive_ack and the
 * peer's features from its last handshake. */
bool ceph_con_keepalive_expired(struct ceph_connection *con, unsigned long interval) {
  return lsrc_con_keepalive_expired(con, interval);
}

/* ceph_msgr_flush(): the messenger's workqueue drained. port: monsim's messenger calls back
 * into a stopped MonClient no more once its connection is closed, which stop() has done. */
void ceph_msgr_flush(void) {}

/* port of ceph_pr_addr(): the kernel's ring of buffers, as a monitor's address is printed —
 * from 5.11 with the entity address's type ("(1)192.0.2.1:6789"), before from the sockaddr
 * alone (the 4.10 seed's). */
#define LSRC_ADDR_STR_COUNT 32
#define LSRC_ADDR_STR_LEN 64
static const char *lsrc_pr_addr(const struct sockaddr_storage *ss, const char *type) {
  static char addr_str[LSRC_ADDR_STR_COUNT][LSRC_ADDR_STR_LEN];
  static unsigned int seq;
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)ss;
  char *s = addr_str[++seq % LSRC_ADDR_STR_COUNT];

  switch (ss->ss_family) {
    case AF_INET:
      snprintf(s, LSRC_ADDR_STR_LEN, "%s%pI4:%hu", type, &in4->sin_addr, ntohs(in4->sin_port));
      break;
    default:
      snprintf(s, LSRC_ADDR_STR_LEN, "(unknown sockaddr family %hu)", ss->ss_family);
  }
  return s;
}

#if defined(LSRC_COMPAT_2_6_34)
const char *pr_addr(const struct sockaddr_storage *ss) { return lsrc_pr_addr(ss, ""); }
#elif defined(LSRC_COMPAT_4_10)
const char *ceph_pr_addr(const struct sockaddr_storage *ss) { return lsrc_pr_addr(ss, ""); }
#else
const char *ceph_pr_addr(const struct ceph_entity_addr *addr) {
  char type[16];

  snprintf(type, sizeof(type), "(%d)", le32_to_cpu(addr->type));
  return lsrc_pr_addr(&addr->in_addr, type);
}
#endif

/* A monitor's address as mount(2) gives it (IPv4), for a client's initial monmap. */
void lsrc_c_mon_addr_init(struct ceph_entity_addr *addr, uint32_t ipv4, uint16_t port) {
  struct sockaddr_in *in4 = (struct sockaddr_in *)&addr->in_addr;

  memset(addr, 0, sizeof(*addr));
  in4->sin_family = AF_INET;
  in4->sin_addr.s_addr = cpu_to_be32(ipv4);
  in4->sin_port = cpu_to_be16(port);
}

/* The messenger's callbacks into the tree's connection operations. */
struct ceph_msg *lsrc_c_alloc_msg(struct ceph_connection *con, const struct lsrc_msg_view *h, int *skip) {
  struct ceph_msg_header hdr;

  memset(&hdr, 0, sizeof(hdr));
  hdr.seq = cpu_to_le64(h->seq);
  hdr.tid = cpu_to_le64(h->tid);
  hdr.type = cpu_to_le16(h->type);
  hdr.priority = cpu_to_le16(h->priority);
  hdr.version = cpu_to_le16(h->version);
  hdr.front_len = cpu_to_le32(h->front_len);
  hdr.middle_len = cpu_to_le32(h->middle_len);
  hdr.data_len = cpu_to_le32(h->data_len);
  hdr.src.type = h->src_type;
  hdr.src.num = cpu_to_le64(h->src_num);
  hdr.compat_version = cpu_to_le16(h->compat_version);
  *skip = 0;
  return con->ops->alloc_msg(con, &hdr, skip);
}

/* A message read whole: its header and front into the message alloc_msg() gave, then
 * dispatch(), which consumes the messenger's reference. */
void lsrc_c_dispatch(struct ceph_connection *con, struct ceph_msg *msg, const struct lsrc_msg_view *in) {
  BUG_ON(in->front_len > (u32)msg->front_alloc_len);
  msg->hdr.seq = cpu_to_le64(in->seq);
  msg->hdr.tid = cpu_to_le64(in->tid);
  msg->hdr.type = cpu_to_le16(in->type);
  msg->hdr.version = cpu_to_le16(in->version);
  msg->hdr.front_len = cpu_to_le32(in->front_len);
  msg->hdr.src.type = in->src_type;
  msg->hdr.src.num = cpu_to_le64(in->src_num);
  msg->hdr.compat_version = cpu_to_le16(in->compat_version);
  if (in->front_len) memcpy(msg->front.iov_base, in->front, in->front_len);
  msg->front.iov_len = in->front_len;
  msg->con = con;
  con->ops->dispatch(con, msg);
}

void lsrc_c_fault(struct ceph_connection *con) { con->ops->fault(con); }
void lsrc_c_msg_put(struct ceph_msg *msg) { ceph_msg_put(msg); }
void lsrc_c_con_features(struct ceph_connection *con, uint64_t peer_features) { con->peer_features = peer_features; }

/* ceph_msg_type_name() (ceph_common.c): the names monsim's wire layer knows, the messages a
 * MonClient can receive ("unknown" for the others, where the kernel names every type). */
const char *ceph_msg_type_name(int type) { return lsrc_msg_type_name(type); }

/* ------------------------------------------------------------------ auth (auth.c) */

/* port of ceph_auth_init(): the auth client, its protocol monsim's auth model (client/auth, a
 * port of auth.c with a cephx-like ticket protocol the mock monitors speak), made on its first
 * use, when mon_client.c has set want_keys. */
#if defined(LSRC_COMPAT_2_6_34)
/* 2010: a name and a secret (monsim's auth model has its own keys) */
static const struct ceph_auth_client_ops lsrc_auth_ops;
struct ceph_auth_client *ceph_auth_init(const char *name, const char *secret) {
  const struct ceph_crypto_key *key = NULL;
  const int *con_modes = NULL;
#elif defined(LSRC_COMPAT_4_10)
struct ceph_auth_client *ceph_auth_init(const char *name, const struct ceph_crypto_key *key) {
  const int *con_modes = NULL; /* 4.10: no connection modes (msgr1 only) */
#else
struct ceph_auth_client *ceph_auth_init(const char *name, const struct ceph_crypto_key *key, const int *con_modes) {
#endif
  struct ceph_auth_client *ac = kzalloc(sizeof(*ac), GFP_NOFS);

  mutex_init(&ac->mutex);
  ac->negotiating = true;
  ac->name = name ? name : CEPH_AUTH_NAME_DEFAULT;
  ac->key = key;
  ac->preferred_mode = con_modes ? con_modes[0] : CEPH_CON_MODE_UNKNOWN;
  ac->fallback_mode = con_modes ? con_modes[1] : CEPH_CON_MODE_UNKNOWN;
#ifdef LSRC_COMPAT_2_6_34
  ac->ops = &lsrc_auth_ops; /* 2010's MonClient asks ac->ops->is_authenticated() itself */
#endif
  return ac;
}

void ceph_auth_destroy(struct ceph_auth_client *ac) {
  lsrc_auth_destroy(ac);
  kfree(ac);
}

void ceph_auth_reset(struct ceph_auth_client *ac) { lsrc_auth_reset(ac); }

int ceph_auth_build_hello(struct ceph_auth_client *ac, void *buf, size_t len) {
  const int ret = lsrc_auth_build_hello(ac, ac->name, ac->want_keys, buf, len);
  ac->global_id = lsrc_auth_global_id(ac);
  return ret;
}

int ceph_handle_auth_reply(struct ceph_auth_client *ac, void *buf, size_t len, void *reply_buf, size_t reply_len) {
  const int ret = lsrc_auth_handle_reply(ac, buf, len, reply_buf, reply_len);
  ac->global_id = lsrc_auth_global_id(ac);
  return ret;
}

int ceph_build_auth(struct ceph_auth_client *ac, void *msg_buf, size_t msg_len) {
  return lsrc_auth_build(ac, msg_buf, msg_len);
}

int ceph_auth_is_authenticated(struct ceph_auth_client *ac) { return lsrc_auth_authenticated(ac); }

#ifdef LSRC_COMPAT_2_6_34
static int lsrc_is_authenticated(struct ceph_auth_client *ac) { return lsrc_auth_authenticated(ac); }
static const struct ceph_auth_client_ops lsrc_auth_ops = {.is_authenticated = lsrc_is_authenticated};
#endif
