// The parts of struct ceph_client (net/ceph/ceph_common.c) and of its map consumers that a
// MonClient calls, the same from 4.10 to 6.1: the fsid check, auth_err and the auth waitqueue,
// the osd client's handling of MOSDMap, cephfs's extra dispatch of MDS_MAP / FS_MAP_USER, and
// the mount wait. The MonClient of either generation plugs in through MonClientOps.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "client/kern/kernel.h"
#include "client/wire/types.h"

namespace monsim::libceph {

// CEPH_SUB_*: indexes of monc->subs (include/linux/ceph/mon_client.h, 4.7 onwards).
enum Sub { SUB_MONMAP = 0, SUB_OSDMAP = 1, SUB_FSMAP = 2, SUB_MDSMAP = 3, SUB_COUNT = 4 };
inline constexpr int FS_CLUSTER_ID_NONE = -1;

struct CephClient;

// What ceph_common.c, the osd client and cephfs call on client->monc.
class MonClientOps {
 public:
  virtual ~MonClientOps() = default;
  virtual int open_session() = 0;                               // ceph_monc_open_session()
  virtual void got_map(int sub, std::uint32_t epoch) = 0;       // ceph_monc_got_map()
  virtual std::uint32_t monmap_epoch() const = 0;               // monc->monmap->epoch
  // client->auth_err and the client's global id as ceph_common.c reads them: the ports keep
  // them in CephClient; a kernel tree's C (linux-source) keeps its own.
  virtual int auth_err(const CephClient& c) const;
  virtual std::uint64_t client_id(const CephClient& c) const;
};

struct CephClient {
  explicit CephClient(kern::Kernel& k) : kernel(k), auth_wq(k.make_wait_queue()) {}

  kern::Kernel& kernel;
  wire::Fsid fsid;
  bool have_fsid = false;
  int auth_err = 0;                         // sticky: the last authentication error
  std::unique_ptr<kern::WaitQueue> auth_wq;  // woken on maps and auth errors
  kern::EntityName msgr_name{kern::ENTITY_TYPE_CLIENT, 0};
  std::uint32_t osdmap_epoch = 0;           // osdc->osdmap->epoch
  std::uint32_t mdsmap_epoch = 0;
  std::uint32_t fsmap_epoch = 0;
  // client->extra_mon_dispatch: 0 if it handled the message.
  std::function<int(const kern::MsgRef&)> extra_mon_dispatch;
  MonClientOps* monc = nullptr;

  // port of ceph_check_fsid(): adopt the first fsid, refuse a different one later.
  int check_fsid(const wire::Fsid& f);
};

// port of ceph_osdc_handle_map(), reduced to what the MonClient sees: the fsid check, the
// newest epoch installed (incrementals that follow the current map, then the last full map
// if newer), got_map(OSDMAP) and a wake-up of the auth waitqueue.
void osdc_handle_map(CephClient& client, const kern::MsgRef& msg);

// cephfs's extra_mon_dispatch: MDS_MAP and FS_MAP_USER (fsid + u32 epoch) → got_map().
int cephfs_extra_mon_dispatch(CephClient& client, const kern::MsgRef& msg);

// port of __ceph_open_session(): open the MonClient session and wait for a monmap and an
// osdmap with epochs > 0, an auth error, or mount_timeout (-ETIMEDOUT). User context.
// (6.1's late-2025 stable fix reads the maps under their locks; monsim's reads cannot race.)
int ceph_open_session(CephClient& client, kern::jiffies_t started, kern::jiffies_t mount_timeout);

}  // namespace monsim::libceph
