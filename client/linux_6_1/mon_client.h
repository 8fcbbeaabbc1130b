// The linux-6.1 MonClient: a port of net/ceph/mon_client.c as Debian's 6.1.192 runs it (v6.1
// with the 6.1.y stable fixes that touch it: the tick/stop race of 6.10, get_version replies
// bounded by what arrived), written against the kernel-services seam only. msgr1
// (ms_mode=legacy, 6.1's default); the msgr2 auth-in-handshake callbacks are not ported.
//
// What differs from the 4.10 port, each at its definition below: pick_new_mon() draws with
// prandom_u32_max() (get_random_u32_below(): multiply-shift with rejection, not modulo);
// finish_hunting() un-backs-off and re-arms the tick; every healthy tick halves hunt_mult
// (un_backoff()); subscriptions are renewed by the tick only on monitors without
// MON_STATEFUL_SUB; finish_auth() is factored out of the auth reply; the tick returns at once
// once stop() has set cur_mon to -1; the monmap is the versioned one (mon_info_t, address
// vectors); statfs is v2; blocklist_add() falls back to "osd blacklist" and waits for the
// latest osdmap.
//
// Locking is the kernel's: one mutex (monc->mutex) guards every field below; functions with
// the `_locked` suffix (the kernel's `__` prefix) expect it held; completions and callbacks
// of generic requests run after it is dropped. Three contexts call in: user (open_session,
// statfs, get_version, blocklist_add, wait_osdmap, reopen_session, stop), kworker (the tick)
// and messenger (dispatch, fault, alloc_msg).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/auth/auth_client.h"
#include "client/kern/kernel.h"
#include "client/libceph/ceph_client.h"
#include "client/libceph/tunables.h"
#include "client/wire/monmap.h"
#include "client/wire/sub_msgs.h"

namespace monsim::linux_6_1 {

using libceph::CephClient;
using libceph::FS_CLUSTER_ID_NONE;
using libceph::Sub;
using libceph::Tunables;
using enum libceph::Sub;

// CEPH_NOPOOL: statfs of the whole cluster rather than of one data pool.
inline constexpr std::uint64_t NOPOOL = ~0ULL;

class MonClient : public libceph::MonClientOps, private kern::ConnectionOwner {
 public:
  // struct ceph_mon_generic_request
  struct GenericRequest {
    std::uint64_t tid = 0;
    int result = 0;
    const char* kind = "";
    wire::Statfs* st = nullptr;  // u.st
    std::uint64_t newest = 0;    // u.newest
    std::function<void(GenericRequest&)> complete_cb;
    std::uint64_t private_data = 0;
    std::unique_ptr<kern::Completion> completion;
    kern::MsgRef request, reply;
  };
  using RequestRef = std::shared_ptr<GenericRequest>;  // the kref

  // port of ceph_monc_init(): the initial monmap comes from the mount options' addresses.
  MonClient(CephClient& client, kern::Kernel& kernel, const std::vector<kern::EntityAddr>& mons,
            std::string auth_name = "admin", Tunables tunables = {});
  ~MonClient() override;

  // --- user context ---
  int open_session() override;                         // ceph_monc_open_session()
  void reopen_session();                               // ceph_monc_reopen_session()
  void stop();                                         // ceph_monc_stop()
  int do_statfs(std::uint64_t data_pool, wire::Statfs* buf);       // ceph_monc_do_statfs()
  int get_version(const std::string& what, std::uint64_t* newest);  // ceph_monc_get_version()
  int get_version_async(const std::string& what, std::function<void(GenericRequest&)> cb,
                        std::uint64_t private_data);   // ceph_monc_get_version_async()
  int blocklist_add(const kern::EntityAddr& client_addr);  // ceph_monc_blocklist_add()
  int wait_osdmap(std::uint32_t epoch, kern::jiffies_t timeout);  // ceph_monc_wait_osdmap()
  bool want_map(int sub, std::uint32_t epoch, bool continuous);   // ceph_monc_want_map()
  void got_map(int sub, std::uint32_t epoch) override;            // ceph_monc_got_map()
  std::uint32_t monmap_epoch() const override { return monmap_.epoch; }
  void renew_subs();                                   // ceph_monc_renew_subs()
  int validate_auth();                                 // ceph_monc_validate_auth()

  // --- state, for tests and the harness (read without the lock: no context switch here) ---
  int cur_mon() const { return cur_mon_; }
  bool hunting() const { return hunting_; }
  bool had_a_connection() const { return had_a_connection_; }
  unsigned hunt_mult() const { return hunt_mult_; }
  bool pending_auth() const { return pending_auth_; }
  kern::jiffies_t sub_renew_after() const { return sub_renew_after_; }
  kern::jiffies_t sub_renew_sent() const { return sub_renew_sent_; }
  const wire::MonMap& monmap() const { return monmap_; }
  std::uint32_t have(int sub) const { return subs_[sub].have; }
  bool wants(int sub) const { return subs_[sub].want; }
  std::size_t pending_requests() const { return generic_requests_.size(); }
  std::uint64_t last_tid() const { return last_tid_; }
  auth::AuthClient& auth() { return *auth_; }
  const Tunables& tunables() const { return t_; }

 private:
  struct SubState {
    wire::SubscribeItem item;  // start, flags (the name is fixed by the index)
    bool want = false;
    std::uint32_t have = 0;
  };

  // kern::ConnectionOwner: mon_con_ops (msgr1 only)
  void dispatch(kern::MsgRef msg) override;  // mon_dispatch()
  void fault() override;                     // mon_fault()
  kern::MsgRef alloc_msg(const kern::MsgHeader& hdr, bool* skip) override;  // mon_alloc_msg()

  void send_prepared_auth_request_locked(int len);
  void close_session_locked();
  void pick_new_mon_locked();
  void open_session_locked();
  void reopen_session_locked();
  void un_backoff_locked();
  void schedule_delayed_locked();
  void send_subscribe_locked();
  void handle_subscribe_ack(const kern::MsgRef& msg);
  bool want_map_locked(int sub, std::uint32_t epoch, bool continuous);
  void got_map_locked(int sub, std::uint32_t epoch);
  void handle_monmap(const kern::MsgRef& msg);
  void delayed_work();
  void finish_hunting_locked();
  void finish_auth_locked(int auth_err, bool was_authed);
  void handle_auth_reply(const kern::MsgRef& msg);
  int validate_auth_locked();
  int wait_for_latest_osdmap();

  // generic requests
  RequestRef alloc_generic_request(const char* kind);
  void register_generic_request_locked(const RequestRef& req);
  void send_generic_request_locked(const RequestRef& req);
  void finish_generic_request_locked(const RequestRef& req);
  void complete_generic_request(const RequestRef& req);
  void cancel_generic_request(const RequestRef& req);
  int wait_generic_request(const RequestRef& req);
  kern::MsgRef get_generic_reply(const kern::MsgHeader& hdr, bool* skip);
  RequestRef lookup_generic_request_locked(std::uint64_t tid) const;
  void handle_statfs_reply(const kern::MsgRef& msg);
  RequestRef get_version_locked_start(const std::string& what,
                                      std::function<void(GenericRequest&)> cb,
                                      std::uint64_t private_data);
  void handle_get_version_reply(const kern::MsgRef& msg);
  void handle_command_ack(const kern::MsgRef& msg);
  int do_mon_command(const std::string& cmd);
  void resend_generic_request_locked();

  void trace(const char* event, std::vector<kern::Field> fields = {});
  void log(kern::LogLevel level, const char* event, std::string text,
           std::vector<kern::Field> fields = {});
  std::string cur_mon_addr() const;

  CephClient& client_;
  kern::Kernel& k_;
  Tunables t_;
  std::unique_ptr<kern::Mutex> mutex_;  // monc->mutex: guards everything below

  wire::MonMap monmap_;
  std::unique_ptr<kern::Connection> con_;
  std::unique_ptr<auth::AuthClient> auth_;
  bool pending_auth_ = false;
  wire::Bytes auth_buf_;  // what build_hello / handle_reply write m_auth's front into
  kern::MsgRef m_auth_, m_auth_reply_, m_subscribe_, m_subscribe_ack_;

  int cur_mon_ = -1;
  bool hunting_ = false;
  bool had_a_connection_ = false;
  unsigned hunt_mult_ = 1;
  kern::jiffies_t sub_renew_after_ = 0;
  kern::jiffies_t sub_renew_sent_ = 0;
  SubState subs_[SUB_COUNT];
  int fs_cluster_id_ = FS_CLUSTER_ID_NONE;

  std::map<std::uint64_t, RequestRef> generic_requests_;  // the rb-tree, by tid
  std::uint64_t last_tid_ = 0;

  std::unique_ptr<kern::DelayedWork> delayed_work_;
};

}  // namespace monsim::linux_6_1
