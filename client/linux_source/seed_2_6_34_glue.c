/* The 2.6.34 seed's environment where 2010's libceph differs from later ones (the rest is
 * libceph_glue.c, compiled for it with LSRC_COMPAT_2_6_34): a connection its user allocates and
 * reference-counts, a message revoked from a connection, message pools, the 2010 client of
 * fs/ceph/super.c around the MonClient (its map consumers and fsid check are
 * client/linux_2_6_34's, the ones the linux-2.6.34 port runs with), and this seed's table.
 *
 * Compiled against compat_2_6_34/ (the seed's headers, written by monsim) over the tree's
 * include/linux/ceph, with the kernel's flags. */
#include "ceph_debug.h"
#include <linux/slab.h>
#include "super.h"
#include "auth.h"

#include "client/linux_source/glue.h"

/* ------------------------------------------------------------------ messenger.c, 2010 */

/* port of ceph_con_revoke(): the message no longer goes out on this connection. */
void ceph_con_revoke(struct ceph_connection *con, struct ceph_msg *msg) {
  (void)con;
  ceph_msg_revoke(msg);
}

/* port of ceph_con_get() and ceph_con_put(): the connection's reference count (the C++ side
 * keeps it, with the connection behind it); the last put frees it. */
struct ceph_connection *ceph_con_get(struct ceph_connection *con) {
  lsrc_con_ref(con, 1);
  return con;
}

void ceph_con_put(struct ceph_connection *con) {
  if (lsrc_con_ref(con, -1) == 0) {
    lsrc_con_forget(con);
    kfree(con);
  }
}

/* ------------------------------------------------------------------ msgpool.c, 2010 */

/* port of ceph_msgpool_init(). port: the pool preallocates nothing — monsim's allocations
 * never fail, so a pool's only effect is the front its messages have. */
int ceph_msgpool_init(struct ceph_msgpool *pool, int front_len, int size, bool blocking) {
  pool->front_len = front_len;
  pool->min = size;
  pool->blocking = blocking;
  return 0;
}

void ceph_msgpool_destroy(struct ceph_msgpool *pool) { pool->min = 0; }

/* port of ceph_msgpool_resv() */
int ceph_msgpool_resv(struct ceph_msgpool *pool, int delta) {
  pool->min += delta;
  return 0;
}

/* port of ceph_msgpool_get(): a message of the pool's front, or, for a larger front, a fresh
 * one as large (what the linux-2.6.34 port allocates). */
struct ceph_msg *ceph_msgpool_get(struct ceph_msgpool *pool, int front_len) {
  return ceph_msg_new(0, front_len > pool->front_len ? front_len : pool->front_len, 0, 0, NULL);
}

/* ------------------------------------------------------------------ super.c, 2010 */

/* port of ceph_check_fsid(): client/linux_2_6_34's, as the port runs it. */
int ceph_check_fsid(struct ceph_client *client, struct ceph_fsid *fsid) {
  return lsrc_check_fsid(fsid, client->have_fsid);
}

/* The osd and mds clients' map handling: client/linux_2_6_34's (the epoch, then
 * ceph_monc_got_osdmap()/got_mdsmap() back into this MonClient). */
void ceph_osdc_handle_map(struct ceph_osd_client *osdc, struct ceph_msg *msg) {
  struct ceph_client *client = container_of(osdc, struct ceph_client, osdc);
  struct lsrc_msg_view v;

  lsrc_c_msg_view(msg, &v);
  lsrc_osdc_handle_map(&v, client->have_fsid);
}

void ceph_mdsc_handle_map(struct ceph_mds_client *mdsc, struct ceph_msg *msg) {
  struct lsrc_msg_view v;

  (void)mdsc;
  lsrc_c_msg_view(msg, &v);
  lsrc_mdsc_handle_map(&v);
}

/* The client as a 2010 mount makes it: its mount arguments (the monitors, the name "admin"),
 * its messenger's name, its auth wait queue the C++ side's. */
static struct ceph_client *create(int num_mon, const uint32_t *ipv4, const uint16_t *port, const char *name,
                                  void *auth_wq) {
  struct ceph_client *client = kzalloc(sizeof(*client), GFP_KERNEL);
  struct ceph_mount_args *args = kzalloc(sizeof(*args), GFP_KERNEL);
  int i;

  args->num_mon = num_mon;
  args->mon_addr = kcalloc(num_mon, sizeof(*args->mon_addr), GFP_KERNEL);
  for (i = 0; i < num_mon; i++) lsrc_c_mon_addr_init(&args->mon_addr[i], ipv4[i], port[i]);
  args->name = kstrdup(name, GFP_KERNEL);
  client->mount_args = args;
  client->msgr = kzalloc(sizeof(*client->msgr), GFP_KERNEL);
  client->msgr->inst.name.type = CEPH_ENTITY_TYPE_CLIENT;
  client->auth_wq.impl = auth_wq;
  BUG_ON(ceph_monc_init(&client->monc, client) < 0);
  return client;
}

/* ------------------------------------------------------------------ what C++ asks (glue.h) */

static int open_session(struct ceph_client *c) { return ceph_monc_open_session(&c->monc); }

static int statfs(struct ceph_client *c, int64_t data_pool) {
  struct ceph_statfs st;

  (void)data_pool; /* 2010: the whole cluster's */
  return ceph_monc_do_statfs(&c->monc, &st);
}

static void stop(struct ceph_client *c) { ceph_monc_stop(&c->monc); }
static int got_mdsmap(struct ceph_client *c, uint32_t epoch) { return ceph_monc_got_mdsmap(&c->monc, epoch); }
static int got_osdmap(struct ceph_client *c, uint32_t epoch) { return ceph_monc_got_osdmap(&c->monc, epoch); }

static int cur_mon(struct ceph_client *c) { return c->monc.cur_mon; }
static bool hunting(struct ceph_client *c) { return c->monc.hunting; }
static size_t pending_requests(struct ceph_client *c) { return c->monc.num_statfs_requests; }
static uint32_t monmap_epoch(struct ceph_client *c) { return c->monc.monmap ? c->monc.monmap->epoch : 0; }
static int num_mon(struct ceph_client *c) { return c->monc.monmap ? (int)c->monc.monmap->num_mon : 0; }
static uint32_t have(struct ceph_client *c, int sub) { return sub == 1 ? c->monc.have_osdmap : 0; }
static int auth_err(struct ceph_client *c) { return c->auth_err; }
/* 2010 stores the global id in the messenger's name without cpu_to_le64(). */
static uint64_t global_id(struct ceph_client *c) { return c->msgr->inst.name.num; }
static uint64_t auth_global_id(struct ceph_client *c) { return c->monc.auth ? c->monc.auth->global_id : 0; }
static unsigned long sub_sent(struct ceph_client *c) { return c->monc.sub_sent; }
static bool work_pending(struct ceph_client *c) { return delayed_work_pending(&c->monc.delayed_work); }

static void mon_addr(struct ceph_client *c, int rank, uint32_t *ipv4, uint16_t *port) {
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)&c->monc.monmap->mon_inst[rank].addr.in_addr;
  *ipv4 = be32_to_cpu(in4->sin_addr.s_addr);
  *port = be16_to_cpu(in4->sin_port);
}

static bool request(struct ceph_client *c, uint64_t tid, int *type, int *result) {
  struct rb_node *p;

  for (p = rb_first(&c->monc.statfs_request_tree); p; p = rb_next(p)) {
    struct ceph_mon_statfs_request *req = rb_entry(p, struct ceph_mon_statfs_request, node);
    if (req->tid != tid) continue;
    *type = CEPH_MSG_STATFS;
    *result = req->result;
    return true;
  }
  return false;
}

#include "tree_id.h" /* generated: LSRC_TREE_VERSION, LSRC_TREE_HASH */

__attribute__((visibility("default"))) const struct lsrc_tree LSRC_TREE = {
    .version = LSRC_TREE_VERSION,
    .hash = LSRC_TREE_HASH,
    .flavor = LSRC_SEED_2_6_34,
    .create = create,
    .open_session = open_session,
    .statfs = statfs,
    .stop = stop,
    .got_mdsmap = got_mdsmap,
    .got_osdmap = got_osdmap,
    .cur_mon = cur_mon,
    .hunting = hunting,
    .pending_requests = pending_requests,
    .monmap_epoch = monmap_epoch,
    .num_mon = num_mon,
    .mon_addr = mon_addr,
    .have = have,
    .auth_err = auth_err,
    .global_id = global_id,
    .auth_global_id = auth_global_id,
    .sub_sent = sub_sent,
    .work_pending = work_pending,
    .request = request,
    LSRC_MESSENGER_CALLBACKS,
};
