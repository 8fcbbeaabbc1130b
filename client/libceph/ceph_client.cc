#include "client/libceph/ceph_client.h"

#include "client/kern/errno.h"
#include "client/wire/osdmap.h"

namespace monsim::libceph {

int MonClientOps::auth_err(const CephClient& c) const { return c.auth_err; }
std::uint64_t MonClientOps::client_id(const CephClient& c) const { return c.msgr_name.num; }

// port of ceph_check_fsid()
int CephClient::check_fsid(const wire::Fsid& f) {
  if (have_fsid) {
    if (!(fsid == f)) {
      kernel.trace().emit("bad_fsid", {{"had", fsid.str()}, {"got", f.str()}}, kern::LogLevel::err,
                          "bad fsid, had " + fsid.str() + " got " + f.str());
      return -1;
    }
  } else {
    fsid = f;
  }
  return 0;
}

// port of ceph_osdc_handle_map(), reduced (see the header).
void osdc_handle_map(CephClient& client, const kern::MsgRef& msg) {
  wire::MOSDMap m;
  std::string why;
  if (!wire::MOSDMap::decode(msg->front, &m, &why)) {
    client.kernel.trace().emit("osdmap_error", {{"why", why}}, kern::LogLevel::err,
                               "osdc handle_map corrupt msg");
    return;
  }
  if (client.check_fsid(m.fsid) < 0) return;
  const std::uint32_t epoch = m.epoch_after(client.osdmap_epoch);
  client.osdmap_epoch = epoch;
  if (client.monc && epoch) client.monc->got_map(SUB_OSDMAP, epoch);
  client.auth_wq->wake_up_all();
}

// fs/ceph's extra_mon_dispatch(): the MDS and FS maps carry fsid + u32 epoch first.
// port of fs/ceph extra_mon_dispatch(), reduced to the epochs.
int cephfs_extra_mon_dispatch(CephClient& client, const kern::MsgRef& msg) {
  int sub;
  std::uint32_t* epoch_slot;
  switch (msg->hdr.type) {
    case wire::MSG_MDS_MAP: sub = SUB_MDSMAP; epoch_slot = &client.mdsmap_epoch; break;
    case wire::MSG_FS_MAP_USER: sub = SUB_FSMAP; epoch_slot = &client.fsmap_epoch; break;
    default: return -1;
  }
  wire::Decoder d(msg->front);
  wire::Fsid::decode(d);
  const std::uint32_t epoch = d.u32("epoch");
  if (!d.ok()) return 0;  // handled (and dropped as corrupt)
  *epoch_slot = epoch;
  if (client.monc) client.monc->got_map(sub, epoch);
  return 0;
}

namespace {
// port of have_mon_and_osd_map()
bool have_mon_and_osd_map(const CephClient& c) {
  return c.monc && c.monc->monmap_epoch() && c.osdmap_epoch;
}
}  // namespace

// port of __ceph_open_session()
int ceph_open_session(CephClient& client, kern::jiffies_t started, kern::jiffies_t timeout) {
  int err = client.monc->open_session();
  if (err < 0) return err;
  kern::Clock& clock = client.kernel.clock();
  while (!have_mon_and_osd_map(client)) {
    if (timeout && kern::time_after_eq(clock.jiffies(), started + timeout))
      return -kern::ERR_ETIMEDOUT;
    const long ret = client.auth_wq->wait_event_interruptible_timeout(
        [&client] { return have_mon_and_osd_map(client) || client.monc->auth_err(client) < 0; },
        timeout ? timeout : kern::MAX_SCHEDULE_TIMEOUT);
    if (ret < 0) return static_cast<int>(ret);
    if (client.monc->auth_err(client) < 0) return client.monc->auth_err(client);
  }
  const std::uint64_t id = client.monc->client_id(client);
  client.kernel.trace().emit("mount_done", {{"global_id", id}, {"fsid", client.fsid.str()}}, kern::LogLevel::info,
                             "client" + std::to_string(id) + " fsid " + client.fsid.str());
  return 0;
}

}  // namespace monsim::libceph
