// A source logic — `linux-source`, a kernel tree's own net/ceph/mon_client.c, or
// `linux-4.10-seed`, the 4.10 seed's (compiled unmodified against the kernel shim,
// client/kshim; CMakeLists.txt) — running on one client node's client/kern Kernel, with monsim's messenger, auth model and map consumers around it (glue.h), and its
// log read into the trace events the ports emit (events.h), so that the same metrics, checks
// and plots come out of either.
//
// The tree's constants are the tree's: its hunt interval, backoff and keepalive timeout are
// compiled in (a scenario cannot tune them: `clients.tunables` is refused for this logic).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/auth/auth_client.h"
#include "client/kern/kernel.h"
#include "client/kshim/context.h"
#include "client/libceph/ceph_client.h"
#include "client/linux_2_6_34/ceph_client.h"
#include "client/linux_source/events.h"
#include "client/linux_source/glue.h"

namespace monsim::linux_source {

// The tree a source logic runs (its table: glue.h), or null for a logic that is not one or
// was not built ("linux-source" when there was a kernel tree; "linux-4.10-seed" when the
// seeds were found too). Its version and hash are for --version and summary.json.
const lsrc_tree* tree_for(std::string_view logic);
// The source logics this build has, in order ("linux-source", "linux-4.10-seed").
std::vector<std::string> built_logics();

// Around the MonClient, the client its kernel had: libceph's (client/libceph) for a tree and
// the 4.10 seed, the 2010 one of fs/ceph (client/linux_2_6_34) for the 2.6.34 seed — the ones
// the ports run with.
class SourceClient : public libceph::MonClientOps, public linux_2_6_34::MonClientOps {
 public:
  SourceClient(kern::Kernel& kernel, const lsrc_tree& tree, const std::vector<kern::EntityAddr>& mons,
               const std::string& auth_name);
  ~SourceClient() override;

  // What the world asks of a client logic (sim/world/client_logic.h).
  int mount(kern::jiffies_t started, kern::jiffies_t timeout);
  int statfs();
  int get_version(const std::string& what);
  int blocklist_add(const kern::EntityAddr& addr);
  int wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout);
  void stop();
  int cur_mon() const;
  std::size_t pending_requests() const;

  // MonClientOps (client/libceph: the mount wait, the osd client, cephfs; client/linux_2_6_34:
  // the same of 2010).
  int open_session() override;
  void got_map(int sub, std::uint32_t epoch) override;
  std::uint32_t monmap_epoch() const override;
  int auth_err(const libceph::CephClient& c) const override;
  std::uint64_t client_id(const libceph::CephClient& c) const override;
  int got_mdsmap(std::uint32_t got) override;
  int got_osdmap(std::uint32_t got) override;
  int auth_err(const linux_2_6_34::CephClient& c) const override;
  std::uint64_t client_id(const linux_2_6_34::CephClient& c) const override;

  // ---- the hooks' targets (glue.h), for the C of this node
  void con_make(ceph_connection* con);
  void con_open(ceph_connection* con, const kern::EntityName& peer, const kern::EntityAddr& addr);
  void con_close(ceph_connection* con);
  void con_send(ceph_connection* con, ceph_msg* msg, const lsrc_msg_view& v);
  void con_keepalive(ceph_connection* con);
  bool con_keepalive_expired(ceph_connection* con, unsigned long interval);
  void msg_revoke(ceph_msg* msg);
  void msg_revoke_incoming(ceph_msg* msg);
  void msg_forget(ceph_msg* msg);
  int con_ref(ceph_connection* con, int delta);
  void con_forget(ceph_connection* con);
  auth::AuthClient& auth(ceph_auth_client* ac, const char* name = nullptr, unsigned want_keys = 0);
  void auth_destroy(ceph_auth_client* ac);
  libceph::CephClient& ceph() { return ceph_; }
  linux_2_6_34::CephClient& ceph2010() { return ceph2010_; }
  bool is_2010() const { return t_.flavor == LSRC_SEED_2_6_34; }
  ceph_client* c() const { return c_; }
  Events& events() { return events_; }

 private:
  class Con;
  struct Sent {  // a message of C's as monsim's messenger carries it
    kern::MsgRef ref;
    Con* con = nullptr;
  };

  kern::MsgRef ref_of(ceph_msg* msg, std::uint16_t type, int front_alloc_len);

  const lsrc_tree& t_;
  kern::Kernel& k_;
  kshim::Node node_;
  libceph::CephClient ceph_;
  linux_2_6_34::CephClient ceph2010_;  // the 2.6.34 seed's (ceph_ unused then)
  Events events_;
  ceph_client* c_ = nullptr;
  std::map<const void*, std::unique_ptr<Con>> cons_;
  std::map<const void*, Sent> msgs_;
  std::map<const void*, std::unique_ptr<auth::AuthClient>> auths_;
};

}  // namespace monsim::linux_source
