#include "client/linux_2_6_34/ceph_client.h"

#include "client/kern/errno.h"
#include "client/wire/osdmap.h"

namespace monsim::linux_2_6_34 {

int MonClientOps::auth_err(const CephClient& c) const { return c.auth_err; }
std::uint64_t MonClientOps::client_id(const CephClient& c) const { return c.msgr_name.num; }

// port of ceph_check_fsid() (fs/ceph/super.c)
int CephClient::check_fsid(const wire::Fsid& f) {
  if (!have_fsid) {
    fsid = f;
    have_fsid = true;  // port: inferred; the seed itself never sets have_fsid (reference §3.8)
    return 0;
  }
  if (fsid == f) return 0;
  kernel.trace().emit("bad_fsid", {{"had", fsid.str()}, {"got", f.str()}}, kern::LogLevel::err,
                      "bad fsid, had " + fsid.str() + " got " + f.str());
  return -1;
}

// port of ceph_osdc_handle_map(), reduced (see the header)
void osdc_handle_map(CephClient& client, const kern::MsgRef& msg) {
  wire::MOSDMap m;
  std::string why;
  if (!wire::MOSDMap::decode(msg->front, &m, &why)) {
    client.kernel.trace().emit("osdmap_error", {{"why", why}}, kern::LogLevel::err, "osdc handle_map corrupt msg");
    return;
  }
  if (client.check_fsid(m.fsid) < 0) return;
  const std::uint32_t epoch = m.epoch_after(client.osdmap_epoch);
  client.osdmap_epoch = epoch;
  if (client.monc && epoch) client.monc->got_osdmap(epoch);
  client.auth_wq->wake_up_all();
}

// port of ceph_mdsc_handle_map(), reduced (see the header)
void mdsc_handle_map(CephClient& client, const kern::MsgRef& msg) {
  wire::Decoder d(msg->front);
  wire::Fsid::decode(d);
  const std::uint32_t epoch = d.u32("epoch");
  if (!d.ok()) return;
  client.mdsmap_epoch = epoch;
  if (client.monc) client.monc->got_mdsmap(epoch);
}

namespace {
// port of have_mon_and_osd_map()
bool have_mon_and_osd_map(const CephClient& c) { return c.monc && c.monc->monmap_epoch() && c.osdmap_epoch; }
}  // namespace

// port of __ceph_open_session() (2010): -EIO when the mount times out.
int ceph_open_session(CephClient& client, kern::jiffies_t started, kern::jiffies_t timeout) {
  int err = client.monc->open_session();
  if (err < 0) return err;
  kern::Clock& clock = client.kernel.clock();
  while (!have_mon_and_osd_map(client)) {
    if (timeout && kern::time_after_eq(clock.jiffies(), started + timeout)) return -kern::ERR_EIO;
    const long ret = client.auth_wq->wait_event_interruptible_timeout(
        [&client] { return have_mon_and_osd_map(client) || client.monc->auth_err(client) < 0; },
        timeout ? timeout : kern::MAX_SCHEDULE_TIMEOUT);
    if (ret == -kern::ERR_EINTR || ret == -kern::ERR_ERESTARTSYS) return static_cast<int>(ret);
    if (client.monc->auth_err(client) < 0) return client.monc->auth_err(client);
  }
  const std::uint64_t id = client.monc->client_id(client);
  client.kernel.trace().emit("mount_done", {{"global_id", id}, {"fsid", client.fsid.str()}}, kern::LogLevel::info,
                             "client" + std::to_string(id) + " fsid " + client.fsid.str());
  return 0;
}

}  // namespace monsim::linux_2_6_34
