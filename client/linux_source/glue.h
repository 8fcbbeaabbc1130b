/* The seam between a kernel tree's mon_client.c (with monsim's re-expressions of the libceph
 * functions it calls: libceph_glue.c, monc_api.c) and the C++ that runs it as a monsim client
 * logic (source_client.cc). C calls the lsrc_* hooks; C++ calls the lsrc_c_* functions.
 *
 * Only C compiled against the tree's headers knows the tree's structures, so C++ sees them as
 * opaque pointers and plain values (struct lsrc_msg_view): a tree whose structures differ from
 * 6.1's still links against the same C++. */
#ifndef MONSIM_LINUX_SOURCE_GLUE_H
#define MONSIM_LINUX_SOURCE_GLUE_H

#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
extern "C" {
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

struct ceph_client;
struct ceph_connection;
struct ceph_msg;
struct ceph_auth_client;

/* A message's header and front as plain values (host byte order). */
struct lsrc_msg_view {
  uint64_t seq, tid;
  uint16_t type, priority, version, compat_version;
  uint32_t front_len, middle_len, data_len;
  uint8_t src_type;
  uint64_t src_num;
  const void *front; /* front_len bytes */
  int front_alloc_len;
};

/* ---- C → C++ (source_client.cc): the node's messenger, auth model and libceph */
void lsrc_con_make(struct ceph_connection *con);
void lsrc_con_open(struct ceph_connection *con, uint8_t type, uint64_t num, uint32_t addr_type, uint32_t nonce,
                   uint32_t ipv4, uint16_t port);
void lsrc_con_close(struct ceph_connection *con);
void lsrc_con_send(struct ceph_connection *con, struct ceph_msg *msg, const struct lsrc_msg_view *v);
void lsrc_con_keepalive(struct ceph_connection *con);
bool lsrc_con_keepalive_expired(struct ceph_connection *con, unsigned long interval);
void lsrc_msg_revoke(struct ceph_msg *msg);
void lsrc_msg_revoke_incoming(struct ceph_msg *msg);
void lsrc_msg_forget(struct ceph_msg *msg); /* it is being freed */
int lsrc_con_ref(struct ceph_connection *con, int delta); /* 2010: the count after delta */
void lsrc_con_forget(struct ceph_connection *con);        /* 2010: it is being freed */

int lsrc_auth_build_hello(struct ceph_auth_client *ac, const char *name, unsigned want_keys, void *buf, size_t cap);
int lsrc_auth_handle_reply(struct ceph_auth_client *ac, const void *reply, size_t len, void *buf, size_t cap);
int lsrc_auth_build(struct ceph_auth_client *ac, void *buf, size_t cap);
bool lsrc_auth_authenticated(struct ceph_auth_client *ac);
uint64_t lsrc_auth_global_id(struct ceph_auth_client *ac);
void lsrc_auth_reset(struct ceph_auth_client *ac);
void lsrc_auth_destroy(struct ceph_auth_client *ac);

int lsrc_check_fsid(const void *fsid16, bool have_fsid);
void lsrc_osdc_handle_map(const struct lsrc_msg_view *v, bool have_fsid);
int lsrc_extra_mon_dispatch(const struct lsrc_msg_view *v, bool have_fsid);
void lsrc_mdsc_handle_map(const struct lsrc_msg_view *v); /* 2010 */
uint32_t lsrc_osdmap_epoch(void);
const char *lsrc_msg_type_name(int type);

/* ---- C++ → C (monc_api.c, libceph_glue.c): one tree's functions, reached through its table.
 * Every tree compiled in (the user's, the seeds) has one; its C's other symbols are local to it
 * (CMakeLists.txt: one relocatable object a tree, its hidden symbols localized), so that trees
 * with the same function names link into one monsim. */
enum lsrc_flavor {
  LSRC_MODERN,   /* a kernel tree's own mon_client.c (5.x, 6.x: finish_auth(), un_backoff()) */
  LSRC_SEED_4_10, /* the 4.10 seed: its douts and its finish_hunting() halve the backoff itself */
  LSRC_SEED_2_6_34 /* the 2.6.34 seed: fs/ceph of 2010, its own client (client/linux_2_6_34's) */
};

struct lsrc_tree {
  const char *version; /* the tree's (its Makefile's), or the seed's */
  const char *hash;    /* SHA-256 over the files compiled, 16 hex digits */
  enum lsrc_flavor flavor;

  struct ceph_client *(*create)(int num_mon, const uint32_t *ipv4, const uint16_t *port, const char *name,
                                void *auth_wq);
  int (*open_session)(struct ceph_client *c);
  int (*statfs)(struct ceph_client *c, int64_t data_pool);
  int (*get_version)(struct ceph_client *c, const char *what, uint64_t *newest);
  int (*blocklist_add)(struct ceph_client *c, uint32_t ipv4, uint16_t port, uint32_t nonce);
  bool (*want_map)(struct ceph_client *c, int sub, uint32_t epoch, bool continuous);
  void (*renew_subs)(struct ceph_client *c);
  void (*got_map)(struct ceph_client *c, int sub, uint32_t epoch);
  int (*wait_osdmap)(struct ceph_client *c, uint32_t epoch, unsigned long timeout);
  void (*stop)(struct ceph_client *c);

  int (*cur_mon)(struct ceph_client *c);
  bool (*hunting)(struct ceph_client *c);
  int (*hunt_mult)(struct ceph_client *c);
  unsigned long (*sub_renew_sent)(struct ceph_client *c);
  size_t (*pending_requests)(struct ceph_client *c);
  uint32_t (*monmap_epoch)(struct ceph_client *c);
  int (*num_mon)(struct ceph_client *c);
  void (*mon_addr)(struct ceph_client *c, int rank, uint32_t *ipv4, uint16_t *port);
  uint32_t (*have)(struct ceph_client *c, int sub);
  int (*auth_err)(struct ceph_client *c);
  uint64_t (*global_id)(struct ceph_client *c);
  /* A generic request's result, by tid (false if it is not in the tree). */
  bool (*request)(struct ceph_client *c, uint64_t tid, int *type, int *result);
  /* 2.6.34 only (null for the others): its map acknowledgements, and what its events read */
  int (*got_mdsmap)(struct ceph_client *c, uint32_t epoch);
  int (*got_osdmap)(struct ceph_client *c, uint32_t epoch);
  uint64_t (*auth_global_id)(struct ceph_client *c);
  unsigned long (*sub_sent)(struct ceph_client *c);
  bool (*work_pending)(struct ceph_client *c); /* the tick is queued */

  /* The messenger's callbacks, into the tree's connection operations. */
  struct ceph_msg *(*alloc_msg)(struct ceph_connection *con, const struct lsrc_msg_view *hdr, int *skip);
  void (*msg_view)(struct ceph_msg *msg, struct lsrc_msg_view *v);
  void (*dispatch)(struct ceph_connection *con, struct ceph_msg *msg, const struct lsrc_msg_view *in);
  void (*fault)(struct ceph_connection *con);
  void (*msg_put)(struct ceph_msg *msg);
  void (*con_features)(struct ceph_connection *con, uint64_t peer_features);
};

/* Every table's messenger callbacks (libceph_glue.c's, the same for every tree). */
#define LSRC_MESSENGER_CALLBACKS                                                           \
  .alloc_msg = lsrc_c_alloc_msg, .msg_view = lsrc_c_msg_view, .dispatch = lsrc_c_dispatch, \
  .fault = lsrc_c_fault, .msg_put = lsrc_c_msg_put, .con_features = lsrc_c_con_features

/* The trees of this build (CMakeLists.txt defines LSRC_TREE_* for each one it compiled). */
extern const struct lsrc_tree lsrc_tree_source;   /* the kernel tree (MONSIM_KERNEL_SOURCE) */
extern const struct lsrc_tree lsrc_tree_seed_4_10; /* ../shared/seeds' 4.10 mon_client.c */
extern const struct lsrc_tree lsrc_tree_seed_2_6_34; /* ../shared/seeds' 2.6.34 fs/ceph/mon_client.c */

#ifndef __cplusplus
/* The functions behind a table (monc_api.c, libceph_glue.c). */
struct ceph_client *lsrc_c_create(int num_mon, const uint32_t *ipv4, const uint16_t *port, const char *name,
                                  void *auth_wq);
struct ceph_msg *lsrc_c_alloc_msg(struct ceph_connection *con, const struct lsrc_msg_view *hdr, int *skip);
void lsrc_c_msg_view(struct ceph_msg *msg, struct lsrc_msg_view *v);
void lsrc_c_dispatch(struct ceph_connection *con, struct ceph_msg *msg, const struct lsrc_msg_view *in);
void lsrc_c_fault(struct ceph_connection *con);
void lsrc_c_msg_put(struct ceph_msg *msg);
void lsrc_c_con_features(struct ceph_connection *con, uint64_t peer_features);
struct ceph_entity_addr;
void lsrc_c_mon_addr_init(struct ceph_entity_addr *addr, uint32_t ipv4, uint16_t port);
#endif

#ifdef __cplusplus
}
#endif
#endif
