/* What monsim's C++ asks of the tree's MonClient (glue.h's lsrc_c_*): its exported calls, as
 * ceph_common.c, the osd client, rbd and cephfs make them, and reads of its state for the
 * trace. The reads take no lock: the C++ side makes them from inside the MonClient's own
 * steps (a printk it made), in the context running them, so nothing changes under them.
 *
 * Compiled against the tree's headers (the shim's stand-ins first; a seed's compatibility
 * headers before them), with the kernel's flags; LSRC_TREE names this tree's table and
 * LSRC_COMPAT_4_10 says the tree is the 4.10 seed. */
#include <linux/ceph/ceph_debug.h>

#include <linux/ceph/libceph.h> /* first, as mon_client.c has it: auth.h needs what it brings */
#include <linux/ceph/mon_client.h>
#include <linux/ceph/auth.h>

#include "client/linux_source/glue.h"

static int lsrc_c_open_session(struct ceph_client *c) { return ceph_monc_open_session(&c->monc); }

static int lsrc_c_statfs(struct ceph_client *c, int64_t data_pool) {
  struct ceph_statfs st;
#ifdef LSRC_COMPAT_4_10
  (void)data_pool; /* 4.10 asks for the whole cluster's */
  return ceph_monc_do_statfs(&c->monc, &st);
#else
  return ceph_monc_do_statfs(&c->monc, (u64)data_pool, &st);
#endif
}

static int lsrc_c_get_version(struct ceph_client *c, const char *what, uint64_t *newest) {
  u64 n = 0;
  const int ret = ceph_monc_get_version(&c->monc, what, &n);
  *newest = n;
  return ret;
}

static int lsrc_c_blocklist_add(struct ceph_client *c, uint32_t ipv4, uint16_t port, uint32_t nonce) {
  struct ceph_entity_addr addr;
  struct sockaddr_in *in4 = (struct sockaddr_in *)&addr.in_addr;

  memset(&addr, 0, sizeof(addr));
  addr.type = CEPH_ENTITY_ADDR_TYPE_LEGACY;
  addr.nonce = cpu_to_le32(nonce);
  in4->sin_family = AF_INET;
  in4->sin_addr.s_addr = cpu_to_be32(ipv4);
  in4->sin_port = cpu_to_be16(port);
#ifdef LSRC_COMPAT_4_10
  return ceph_monc_blacklist_add(&c->monc, &addr);
#else
  return ceph_monc_blocklist_add(&c->monc, &addr);
#endif
}

static bool lsrc_c_want_map(struct ceph_client *c, int sub, uint32_t epoch, bool continuous) {
  return ceph_monc_want_map(&c->monc, sub, epoch, continuous);
}
static void lsrc_c_renew_subs(struct ceph_client *c) { ceph_monc_renew_subs(&c->monc); }
static void lsrc_c_got_map(struct ceph_client *c, int sub, uint32_t epoch) { ceph_monc_got_map(&c->monc, sub, epoch); }
static int lsrc_c_wait_osdmap(struct ceph_client *c, uint32_t epoch, unsigned long timeout) {
  return ceph_monc_wait_osdmap(&c->monc, epoch, timeout);
}
static void lsrc_c_stop(struct ceph_client *c) { ceph_monc_stop(&c->monc); }

/* ---- state, for the trace and the world's questions */

static int lsrc_c_cur_mon(struct ceph_client *c) { return c->monc.cur_mon; }
static bool lsrc_c_hunting(struct ceph_client *c) { return c->monc.hunting; }
static int lsrc_c_hunt_mult(struct ceph_client *c) { return c->monc.hunt_mult; }
static unsigned long lsrc_c_sub_renew_sent(struct ceph_client *c) { return c->monc.sub_renew_sent; }
static uint32_t lsrc_c_monmap_epoch(struct ceph_client *c) { return c->monc.monmap ? c->monc.monmap->epoch : 0; }
static int lsrc_c_num_mon(struct ceph_client *c) { return c->monc.monmap ? (int)c->monc.monmap->num_mon : 0; }
static uint32_t lsrc_c_have(struct ceph_client *c, int sub) { return c->monc.subs[sub].have; }
static int lsrc_c_auth_err(struct ceph_client *c) { return c->auth_err; }
static uint64_t lsrc_c_global_id(struct ceph_client *c) { return le64_to_cpu(c->msgr.inst.name.num); }

static void lsrc_c_mon_addr(struct ceph_client *c, int rank, uint32_t *ipv4, uint16_t *port) {
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)&c->monc.monmap->mon_inst[rank].addr.in_addr;
  *ipv4 = be32_to_cpu(in4->sin_addr.s_addr);
  *port = be16_to_cpu(in4->sin_port);
}

static size_t lsrc_c_pending_requests(struct ceph_client *c) {
  size_t n = 0;
  struct rb_node *p;
  for (p = rb_first(&c->monc.generic_request_tree); p; p = rb_next(p)) n++;
  return n;
}

static bool lsrc_c_request(struct ceph_client *c, uint64_t tid, int *type, int *result) {
  struct rb_node *p;
  for (p = rb_first(&c->monc.generic_request_tree); p; p = rb_next(p)) {
    struct ceph_mon_generic_request *req = rb_entry(p, struct ceph_mon_generic_request, node);
    if (req->tid != tid) continue;
    *type = req->request ? le16_to_cpu(req->request->hdr.type) : 0;
    *result = req->result;
    return true;
  }
  return false;
}

/* This tree's table (glue.h): the only symbol of its C that the rest of monsim sees. */
#include "tree_id.h" /* generated: LSRC_TREE_VERSION, LSRC_TREE_HASH */

__attribute__((visibility("default"))) const struct lsrc_tree LSRC_TREE = {
    .version = LSRC_TREE_VERSION,
    .hash = LSRC_TREE_HASH,
#ifdef LSRC_COMPAT_4_10
    .flavor = LSRC_SEED_4_10,
#else
    .flavor = LSRC_MODERN,
#endif
    .create = lsrc_c_create,
    .open_session = lsrc_c_open_session,
    .statfs = lsrc_c_statfs,
    .get_version = lsrc_c_get_version,
    .blocklist_add = lsrc_c_blocklist_add,
    .want_map = lsrc_c_want_map,
    .renew_subs = lsrc_c_renew_subs,
    .got_map = lsrc_c_got_map,
    .wait_osdmap = lsrc_c_wait_osdmap,
    .stop = lsrc_c_stop,
    .cur_mon = lsrc_c_cur_mon,
    .hunting = lsrc_c_hunting,
    .hunt_mult = lsrc_c_hunt_mult,
    .sub_renew_sent = lsrc_c_sub_renew_sent,
    .pending_requests = lsrc_c_pending_requests,
    .monmap_epoch = lsrc_c_monmap_epoch,
    .num_mon = lsrc_c_num_mon,
    .mon_addr = lsrc_c_mon_addr,
    .have = lsrc_c_have,
    .auth_err = lsrc_c_auth_err,
    .global_id = lsrc_c_global_id,
    .request = lsrc_c_request,
    LSRC_MESSENGER_CALLBACKS,
};
