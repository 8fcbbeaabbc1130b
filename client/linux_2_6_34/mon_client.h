// The linux-2.6.34 MonClient: a port of fs/ceph/mon_client.c at 5b3a4db3e4 (seed 000),
// written against the kernel-services seam only. Its quirks are the behaviour and are kept:
//  - the tick is 10 s while cur_mon < 0 or the subscription has expired, else 20 s, armed
//    with schedule_delayed_work() (no rounding; a pending tick is not moved);
//  - the monitor comes from one random byte taken as a (signed) char modulo num_mon, and can
//    be the one that just failed;
//  - hunting ends at the first subscribe ack; a tick while hunting tears down even a
//    healthy session that is still authenticating;
//  - the keepalive is one byte with no ack: a hung monitor is never detected here;
//  - old subscriptions (osdmap onetime when wanted, mdsmap, monmap), want_next_osdmap's three
//    states, renew_after updated on every ack;
//  - statfs is the only request, resent on every successful auth reply;
//  - mon_fault() reopens at once when not hunting, and leaves the client without a
//    connection until the next tick when hunting.
// Locking as in the seed: one mutex; `_locked` functions expect it held.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/auth/auth_client.h"
#include "client/kern/kernel.h"
#include "client/linux_2_6_34/ceph_client.h"
#include "client/wire/monmap.h"
#include "client/wire/types.h"

namespace monsim::linux_2_6_34 {

class MonClient : public MonClientOps, private kern::ConnectionOwner {
 public:
  // port of ceph_monc_init() + build_initial_monmap()
  MonClient(CephClient& client, kern::Kernel& kernel, const std::vector<kern::EntityAddr>& mons,
            std::string auth_name = "admin");
  ~MonClient() override;

  // --- user context ---
  int open_session() override;            // ceph_monc_open_session()
  void stop();                            // ceph_monc_stop()
  int do_statfs(wire::Statfs* buf);       // ceph_monc_do_statfs()
  int got_mdsmap(std::uint32_t got) override;  // ceph_monc_got_mdsmap()
  int got_osdmap(std::uint32_t got) override;  // ceph_monc_got_osdmap()
  void request_next_osdmap();             // ceph_monc_request_next_osdmap()
  int validate_auth();                    // ceph_monc_validate_auth()

  // --- state, for tests and the harness ---
  int cur_mon() const { return cur_mon_; }
  bool hunting() const { return hunting_; }
  bool pending_auth() const { return pending_auth_; }
  kern::jiffies_t sub_sent() const { return sub_sent_; }
  kern::jiffies_t sub_renew_after() const { return sub_renew_after_; }
  int want_next_osdmap() const { return want_next_osdmap_; }
  std::uint32_t have_osdmap() const { return have_osdmap_; }
  std::uint32_t have_mdsmap() const { return have_mdsmap_; }
  std::size_t pending_requests() const { return statfs_requests_.size(); }
  std::uint64_t last_tid() const { return last_tid_; }
  const wire::MonMap& monmap() const { return monmap_; }
  std::uint32_t monmap_epoch() const override { return monmap_.epoch; }
  auth::AuthClient& auth() { return *auth_; }

 private:
  // struct ceph_mon_statfs_request
  struct StatfsRequest {
    std::uint64_t tid = 0;
    wire::Statfs* buf = nullptr;
    int result = 0;
    std::unique_ptr<kern::Completion> completion;
    kern::jiffies_t last_attempt = 0;  // set, never used (as in the seed)
    kern::jiffies_t delay = 0;         // set, never used (as in the seed)
    kern::MsgRef request;
  };

  // kern::ConnectionOwner: mon_con_ops
  void dispatch(kern::MsgRef msg) override;
  void fault() override;  // mon_fault()
  kern::MsgRef alloc_msg(const kern::MsgHeader& hdr, bool* skip) override;  // mon_alloc_msg()

  void send_prepared_auth_request_locked(int len);
  void close_session_locked();
  int open_session_locked();
  bool sub_expired_locked() const;
  void schedule_delayed_locked();
  bool send_subscribe_locked();
  void handle_subscribe_ack(const kern::MsgRef& msg);
  void handle_monmap(const kern::MsgRef& msg);
  StatfsRequest* lookup_statfs_locked(std::uint64_t tid);
  void handle_statfs_reply(const kern::MsgRef& msg);
  int send_statfs(StatfsRequest& req);
  void resend_statfs_locked();
  void delayed_work();
  void handle_auth_reply(const kern::MsgRef& msg);
  int validate_auth_locked();

  void trace(const char* event, std::vector<kern::Field> fields = {});
  void log(kern::LogLevel level, const char* event, std::string text, std::vector<kern::Field> fields = {});
  std::string peer_addr() const;

  CephClient& client_;
  kern::Kernel& k_;
  std::unique_ptr<kern::Mutex> mutex_;  // monc->mutex: guards everything below

  wire::MonMap monmap_;
  std::unique_ptr<kern::Connection> con_;  // allocated at the first open
  std::unique_ptr<auth::AuthClient> auth_;
  bool pending_auth_ = false;
  wire::Bytes auth_buf_;
  kern::MsgRef m_auth_;

  int cur_mon_ = -1;
  bool hunting_ = true;
  kern::jiffies_t sub_sent_ = 0;
  kern::jiffies_t sub_renew_after_ = 0;
  std::uint32_t have_mdsmap_ = 0;
  std::uint32_t have_osdmap_ = 0;
  int want_next_osdmap_ = 1;  // 0 not wanted, 1 wanted, 2 requested

  std::map<std::uint64_t, StatfsRequest*> statfs_requests_;  // the rb-tree, by tid
  int num_statfs_requests_ = 0;
  std::uint64_t last_tid_ = 0;
  std::uint64_t peer_mon_ = 0;  // con->peer_name.num, for log lines after close

  std::unique_ptr<kern::DelayedWork> delayed_work_;
};

}  // namespace monsim::linux_2_6_34
