/* The client around a tree's MonClient (linux-source and the 4.10 seed): what ceph_common.c,
 * the osd client and cephfs give it, re-expressed onto client/libceph through the hooks of
 * glue.h, and the client itself as ceph_create_client() makes it. The 2.6.34 seed's 2010
 * client is seed_2_6_34_glue.c.
 *
 * Compiled against the tree's headers (the shim's stand-ins first), with the kernel's flags. */
#include <linux/ceph/ceph_debug.h>

#include <linux/ceph/libceph.h> /* first, as mon_client.c has it: auth.h needs what it brings */
#include <linux/ceph/mon_client.h>
#include <linux/ceph/auth.h>

#include "client/linux_source/glue.h"

/* msgr2's authentication (mon_con_ops' get_auth_request and the rest). port: monsim models
 * msgr1 (ms_mode=legacy, 6.1's default): a MonClient that asks for these is a BUG here. */
int ceph_auth_get_request(struct ceph_auth_client *ac, void *buf, int buf_len) {
  BUG();
}
int ceph_auth_handle_reply_more(struct ceph_auth_client *ac, void *reply, int reply_len, void *buf, int buf_len) {
  BUG();
}
int ceph_auth_handle_reply_done(struct ceph_auth_client *ac, u64 global_id, void *reply, int reply_len,
                                u8 *session_key, int *session_key_len, u8 *con_secret, int *con_secret_len) {
  BUG();
}
bool ceph_auth_handle_bad_method(struct ceph_auth_client *ac, int used_proto, int result, const int *allowed_protos,
                                 int proto_cnt, const int *allowed_modes, int mode_cnt) {
  BUG();
}

/* ------------------------------------------------------------------ ceph_common.c, osd_client.c */

/* port of ceph_check_fsid(): client/libceph's (it keeps the fsid the osd client checks too),
 * told whether the MonClient has adopted one (client->have_fsid, set by mon_client.c). */
int ceph_check_fsid(struct ceph_client *client, struct ceph_fsid *fsid) {
  return lsrc_check_fsid(fsid, client->have_fsid);
}

/* ceph_osdc_handle_map(): client/libceph's map consumer (the newest epoch, got_map(), a wake-up
 * of the auth wait queue). */
void ceph_osdc_handle_map(struct ceph_osd_client *osdc, struct ceph_msg *msg) {
  struct ceph_client *client = container_of(osdc, struct ceph_client, osdc);
  struct lsrc_msg_view v;

  lsrc_c_msg_view(msg, &v);
  lsrc_osdc_handle_map(&v, client->have_fsid);
}

/* cephfs's extra_mon_dispatch (MDS_MAP, FS_MAP_USER): client/libceph's. */
static int lsrc_extra_dispatch(struct ceph_client *client, struct ceph_msg *msg) {
  struct lsrc_msg_view v;

  lsrc_c_msg_view(msg, &v);
  return lsrc_extra_mon_dispatch(&v, client->have_fsid);
}

/* port of ceph_wait_for_latest_osdmap() with ceph_osdc_maybe_request_map() reduced to an
 * unflagged map (a one-time subscription from the next epoch), as the ports have it. */
int ceph_wait_for_latest_osdmap(struct ceph_client *client, unsigned long timeout) {
  u64 newest_epoch;
  int ret;

  ret = ceph_monc_get_version(&client->monc, "osdmap", &newest_epoch);
  if (ret) return ret;
  if (lsrc_osdmap_epoch() >= newest_epoch) return 0;
  if (ceph_monc_want_map(&client->monc, CEPH_SUB_OSDMAP, lsrc_osdmap_epoch() + 1, false))
    ceph_monc_renew_subs(&client->monc);
  return ceph_monc_wait_osdmap(&client->monc, newest_epoch, timeout);
}

/* The client around the MonClient, as ceph_create_client() makes it for a mount with these
 * monitors (msgr1), its auth wait queue the C++ side's (client/libceph waits on it too). */
struct ceph_client *lsrc_c_create(int num_mon, const uint32_t *ipv4, const uint16_t *port, const char *name,
                                  void *auth_wq) {
  struct ceph_client *client = kzalloc(sizeof(*client), GFP_KERNEL);
  struct ceph_options *opt = kzalloc(sizeof(*opt), GFP_KERNEL);
  int i;

  opt->num_mon = num_mon;
  opt->mon_addr = kcalloc(num_mon, sizeof(*opt->mon_addr), GFP_KERNEL);
  for (i = 0; i < num_mon; i++) lsrc_c_mon_addr_init(&opt->mon_addr[i], ipv4[i], port[i]);
  opt->name = kstrdup(name, GFP_KERNEL);
  opt->con_modes[0] = CEPH_CON_MODE_UNKNOWN; /* ms_mode=legacy: msgr1 */
  opt->con_modes[1] = CEPH_CON_MODE_UNKNOWN;
  client->options = opt;
  client->auth_wq.impl = auth_wq;
  client->extra_mon_dispatch = lsrc_extra_dispatch;
  client->msgr.inst.name.type = CEPH_ENTITY_TYPE_CLIENT;
  client->msgr.inst.name.num = 0; /* until authenticated (finish_auth() sets the global id) */
  BUG_ON(ceph_monc_init(&client->monc, client) < 0);
  return client;
}
