// The parts of the 2010 struct ceph_client (fs/ceph/super.c) and of its map consumers that
// the 2.6.34 MonClient calls: the fsid check, auth_err and the auth waitqueue, the osd and
// mds clients' map handling (reduced to epochs), and the mount wait.
#pragma once

#include <cstdint>
#include <memory>

#include "client/kern/kernel.h"
#include "client/wire/types.h"

namespace monsim::linux_2_6_34 {

struct CephClient;

// What the 2010 client around the MonClient calls of it: the port (mon_client.h) or the 2.6.34
// seed's C (client/linux_source).
class MonClientOps {
 public:
  virtual ~MonClientOps() = default;
  virtual int open_session() = 0;                      // ceph_monc_open_session()
  virtual int got_mdsmap(std::uint32_t got) = 0;       // ceph_monc_got_mdsmap()
  virtual int got_osdmap(std::uint32_t got) = 0;       // ceph_monc_got_osdmap()
  virtual std::uint32_t monmap_epoch() const = 0;      // monc->monmap->epoch
  // client->auth_err and the messenger's name as super.c reads them: the port keeps them in
  // CephClient; the seed's C keeps its own.
  virtual int auth_err(const CephClient& c) const;
  virtual std::uint64_t client_id(const CephClient& c) const;
};

struct CephClient {
  explicit CephClient(kern::Kernel& k) : kernel(k), auth_wq(k.make_wait_queue()) {}

  kern::Kernel& kernel;
  wire::Fsid fsid;
  bool have_fsid = false;
  int auth_err = 0;
  std::unique_ptr<kern::WaitQueue> auth_wq;
  kern::EntityName msgr_name{kern::ENTITY_TYPE_CLIENT, 0};
  std::uint32_t osdmap_epoch = 0;
  std::uint32_t mdsmap_epoch = 0;
  MonClientOps* monc = nullptr;

  // port of ceph_check_fsid() (fs/ceph/super.c)
  int check_fsid(const wire::Fsid& f);
};

// port of ceph_osdc_handle_map(), reduced: fsid check, newest epoch, got_osdmap, wake-up.
void osdc_handle_map(CephClient& client, const kern::MsgRef& msg);
// port of ceph_mdsc_handle_map(), reduced: the epoch, got_mdsmap.
void mdsc_handle_map(CephClient& client, const kern::MsgRef& msg);

// port of __ceph_open_session() (fs/ceph/super.c, 2010): open the session and wait for a
// monmap and an osdmap, an auth error, or mount_timeout (-EIO in this kernel).
int ceph_open_session(CephClient& client, kern::jiffies_t started, kern::jiffies_t mount_timeout);

}  // namespace monsim::linux_2_6_34
