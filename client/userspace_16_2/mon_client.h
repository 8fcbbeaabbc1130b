// The userspace-16.2 MonClient: a port of src/mon/MonClient.cc as Ceph 16.2.15 (Debian
// bookworm's librados2) runs it, written against the userspace-services seam only
// (client/userspace). msgr1; the msgr2 auth-in-handshake callbacks, tell commands on their
// own connections, the log client and rotating service keys are not ported.
//
// Pinned to 16.2: the stored source is newer; what 16.2.15 has was checked against the
// strings of Debian's libceph-common.so.2 (16.2.15): `_add_conns ranks=`, `continuing hunt`,
// `no keepalive since`, `reopen_interval_multipler now` are there; the later quorum tracking
// (`mon out of quorum`, aux connections), `tick done` and `skipping tick on shutdown` are not.
//
// How it differs from the kernel's: hunting dials mon_client_hunt_parallel monitors at once
// (_add_conns(), the ranks not yet tried, shuffled by an mt19937 seeded from
// the process's random device) and the first to authenticate wins; the tick runs on a SafeTimer every
// min(ping interval, log interval) while connected, every hunt_interval × multiplier while
// not; the keepalive timeout is checked only when a keepalive is due; a reset of the active
// connection reopens the session at once without re-arming the tick.
//
// Locking is Ceph's: monc_lock guards everything below; `_`-prefixed functions expect it
// held; SafeTimer callbacks run with it held; completions are posted to the finisher.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "client/userspace/env.h"
#include "client/userspace_16_2/mon_connection.h"
#include "client/userspace_16_2/mon_sub.h"
#include "client/userspace_16_2/options.h"

namespace monsim::userspace_16_2 {

// The MonMap as the MonClient reads it: names (noname-a… in the initial map built from the
// monitors' addresses, a, b, … once a monitor sent the real one), addresses by rank.
struct MonMapView {
  std::uint32_t epoch = 0;
  std::vector<std::string> names;
  std::vector<kern::EntityAddr> addrs;
  int get_rank(const kern::EntityAddr& a) const;
  std::string get_name(const kern::EntityAddr& a) const;  // "" if not in the map
};

class MonClient : public userspace::Dispatcher {
 public:
  using VersionCb = std::function<void(int err, std::uint64_t newest, std::uint64_t oldest)>;
  using CommandCb = std::function<void(int r, const std::string& rs)>;

  MonClient(userspace::Env& env, std::vector<kern::EntityAddr> mons, Options opts,
            std::string entity_name = "admin");
  ~MonClient() override;

  // port of MonClient::build_initial_monmap()
  int build_initial_monmap();
  void set_messenger(userspace::Messenger* m) { messenger_ = m; }
  void set_want_keys(std::uint32_t k) { want_keys_ = k; }
  int init();                          // port of MonClient::init()
  void shutdown();                     // port of MonClient::shutdown()
  int authenticate(double timeout);    // port of MonClient::authenticate() (user thread)
  int get_monmap_and_config();         // port of MonClient::get_monmap_and_config()

  bool sub_want(const std::string& what, std::uint64_t start, std::uint8_t flags);
  void renew_subs();                   // port of MonClient::renew_subs()
  void send_mon_message(kern::MsgRef m);
  void get_version(const std::string& map, VersionCb cb);  // port of get_version()
  void start_mon_command(std::vector<std::string> cmd, CommandCb cb);
  std::uint64_t get_global_id();
  std::uint32_t monmap_epoch();
  bool is_connected();

  // For the world: the rank of the active session's monitor (-1: none) and the requests held.
  int cur_mon();
  std::size_t pending_requests();

  bool ms_dispatch(const userspace::ConnectionRef& con, kern::MsgRef m) override;
  bool ms_handle_reset(const userspace::ConnectionRef& con) override;

  // Called with monc_lock held by whoever handles a map the MonClient does not (the osdmap).
  std::function<void(const kern::Message&)> on_other_map;

 private:
  struct AddrKey {  // entity_addr_t's ordering: memcmp of the sockaddr (port, then address)
    std::uint16_t port;
    std::uint32_t ipv4;
    friend auto operator<=>(const AddrKey&, const AddrKey&) = default;
  };
  static AddrKey key(const kern::EntityAddr& a) { return {a.port, a.ipv4}; }
  struct MonCommand {
    std::uint64_t tid;
    std::vector<std::string> cmd;
    CommandCb onfinish;
  };

  void trace(const char* event, std::vector<kern::Field> fields, int ceph_level = -1, std::string text = {});
  std::string prefix();
  bool _hunting() const { return !pending_cons_.empty(); }
  bool _opened() const { return active_con_ || _hunting(); }
  void _reopen_session(int rank = -1);
  void _add_conn(unsigned rank);
  void _add_conns();
  void _start_hunting();
  void _finish_hunting(int auth_err);
  void _finish_auth(int auth_err);
  void _check_auth_tickets();
  void _un_backoff();
  void tick();
  void schedule_tick();
  void _renew_subs();
  void _send_mon_message(kern::MsgRef m);
  void _send_command(MonCommand& r);
  void _resend_mon_commands();
  void _close_active(const char* why);
  bool stray(const userspace::ConnectionRef& con, const kern::Message& m);
  void handle_monmap(const kern::Message& m);
  void handle_config();
  void handle_auth(const userspace::ConnectionRef& con, const kern::Message& m);
  void handle_subscribe_ack(const kern::Message& m);
  void handle_get_version_reply(const kern::Message& m);
  void handle_mon_command_ack(const kern::Message& m);
  std::map<AddrKey, std::unique_ptr<MonConnection>>::iterator find_pending(const userspace::ConnectionRef& con);

  userspace::Env& env_;
  Options opts_;
  std::string entity_name_;
  std::vector<kern::EntityAddr> initial_;
  std::unique_ptr<kern::Mutex> monc_lock_;
  std::unique_ptr<userspace::CondVar> auth_cond_, map_cond_;
  std::unique_ptr<userspace::SafeTimer> timer_;
  AuthEnv auth_env_;
  userspace::Messenger* messenger_ = nullptr;
  std::unique_ptr<userspace::Messenger> own_messenger_;  // get_monmap_and_config()'s
  MonMapView monmap_;
  std::uint32_t want_keys_ = 0x01 | 0x20;  // MON | AUTH
  bool initialized_ = false, stopping_ = false, want_monmap_ = true;
  bool want_bootstrap_config_ = false, bootstrap_config_ = false;
  bool had_a_connection_ = false, authenticated_ = false;
  double reopen_interval_multiplier_;
  std::map<AddrKey, std::unique_ptr<MonConnection>> pending_cons_;
  std::unique_ptr<MonConnection> active_con_;
  std::set<int> tried_;
  std::uint64_t global_id_ = 0;
  int authenticate_err_ = 0;
  MonSub sub_;
  std::deque<kern::MsgRef> waiting_for_session_;
  userspace::Utime last_keepalive_, last_send_log_;
  std::map<std::uint64_t, VersionCb> version_requests_;
  std::uint64_t version_req_id_ = 0;
  std::map<std::uint64_t, MonCommand> mon_commands_;
  std::uint64_t last_mon_command_tid_ = 0;
};

}  // namespace monsim::userspace_16_2
