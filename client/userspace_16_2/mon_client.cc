#include "client/userspace_16_2/mon_client.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "client/kern/errno.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/monmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"
#include "client/wire/types.h"

namespace monsim::userspace_16_2 {

using kern::Field;
using kern::MsgRef;
using userspace::ConnectionRef;

// port of MonMap::get_rank(const entity_addr_t&)
int MonMapView::get_rank(const kern::EntityAddr& a) const {
  for (std::size_t i = 0; i < addrs.size(); ++i)
    if (addrs[i].ipv4 == a.ipv4 && addrs[i].port == a.port) return static_cast<int>(i);
  return -1;
}

// port of MonMap::get_name(const entity_addr_t&)
std::string MonMapView::get_name(const kern::EntityAddr& a) const {
  const int r = get_rank(a);
  return r < 0 ? "" : names[static_cast<std::size_t>(r)];
}

MonClient::MonClient(userspace::Env& env, std::vector<kern::EntityAddr> mons, Options opts, std::string entity_name)
    : env_(env), opts_(opts), entity_name_(std::move(entity_name)), initial_(std::move(mons)),
      monc_lock_(env.make_mutex()), auth_cond_(env.make_cond()), map_cond_(env.make_cond()),
      auth_env_(env), reopen_interval_multiplier_(opts.mon_client_hunt_interval_min_multiple) {}

MonClient::~MonClient() = default;

// dout: "monclient(hunting): " while hunting. Ceph levels 0/1 are what an operator's log
// shows by default (info); higher ones are debug.
std::string MonClient::prefix() { return _hunting() ? "monclient(hunting): " : "monclient: "; }

void MonClient::trace(const char* event, std::vector<Field> fields, int ceph_level, std::string text) {
  if (ceph_level < 0) {
    env_.trace().emit(event, std::move(fields));
    return;
  }
  fields.emplace_back("ceph_level", ceph_level);
  env_.trace().emit(event, std::move(fields), ceph_level <= 1 ? kern::LogLevel::info : kern::LogLevel::debug,
                    prefix() + text);
}

// port of build_initial_monmap() (MonMap::build_initial() from mon_host): epoch 0, the
// monitors named noname-a, noname-b, … by rank (address order).
int MonClient::build_initial_monmap() {
  monmap_ = {};
  for (std::size_t i = 0; i < initial_.size(); ++i) {
    monmap_.names.push_back("noname-" + std::string(1, static_cast<char>('a' + i)));
    monmap_.addrs.push_back(initial_[i]);
  }
  return initial_.empty() ? -kern::ERR_ENOENT : 0;
}

// port of MonClient::init()
int MonClient::init() {
  kern::MutexLock l(*monc_lock_);
  initialized_ = true;
  messenger_->add_dispatcher_head(this);
  timer_ = env_.make_timer(*monc_lock_);
  schedule_tick();
  return 0;
}

// port of MonClient::shutdown()
void MonClient::shutdown() {
  monc_lock_->lock();
  trace("stop", {}, 10, "shutdown");  // first, as 16.2's log line: the session ends by it
  stopping_ = true;
  while (!version_requests_.empty()) {
    auto cb = std::move(version_requests_.begin()->second);
    version_requests_.erase(version_requests_.begin());
    env_.post([cb] { cb(-kern::ERR_ESHUTDOWN, 0, 0); });  // monc_errc::shutting_down
  }
  while (!mon_commands_.empty()) {
    auto cb = std::move(mon_commands_.begin()->second.onfinish);
    mon_commands_.erase(mon_commands_.begin());
    env_.post([cb] { cb(-kern::ERR_ETIMEDOUT, "timed out"); });  // _cancel_mon_command()
  }
  waiting_for_session_.clear();
  _close_active("shutdown");
  pending_cons_.clear();
  global_id_ = 0;
  authenticate_err_ = 0;
  authenticated_ = false;
  initialized_ = false;
  if (timer_) timer_->shutdown();
  stopping_ = false;
  monc_lock_->unlock();
}

// port of MonClient::authenticate(): open a session and wait for it (user thread).
int MonClient::authenticate(double timeout) {
  kern::MutexLock l(*monc_lock_);
  if (active_con_) return 0;  // "already authenticated"
  sub_.want("monmap", monmap_.epoch ? monmap_.epoch + 1 : 0, 0);
  sub_.want("config", 0, 0);
  if (!_opened()) _reopen_session();
  const std::int64_t until = env_.clock().mono_ns() + static_cast<std::int64_t>(timeout * 1e9);
  if (timeout > 0.0) trace("authenticate_wait", {{"timeout", timeout}}, 10, "authenticate will time out");
  while (!active_con_ && authenticate_err_ >= 0) {
    if (timeout > 0.0) {
      if (!auth_cond_->wait_until_mono(*monc_lock_, until) && !active_con_) {
        trace("authenticate_timeout", {{"timeout", timeout}}, 0,
              "authenticate timed out after " + std::to_string(static_cast<int>(timeout)));
        authenticate_err_ = -kern::ERR_ETIMEDOUT;
      }
    } else {
      auth_cond_->wait(*monc_lock_);
    }
  }
  if (active_con_) {
    trace("authenticated", {{"global_id", active_con_->get_global_id()}}, 5,
          "authenticate success, global_id " + std::to_string(active_con_->get_global_id()));
    authenticated_ = true;
  }
  return authenticate_err_;
}

// port of MonClient::get_monmap_and_config(): a MonClient of its own messenger opens a
// session, waits for the monmap and the config, and shuts down (librados' bootstrap).
int MonClient::get_monmap_and_config() {
  trace("bootstrap_start", {}, 10, "get_monmap_and_config");
  int r = build_initial_monmap();
  if (r < 0) return r;
  own_messenger_ = env_.make_messenger();
  messenger_ = own_messenger_.get();
  {
    kern::MutexLock l(*monc_lock_);
    want_bootstrap_config_ = true;
  }
  bool config = false;
  for (int tries = 10; tries-- > 0;) {
    r = init();
    if (r < 0) break;
    r = authenticate(opts_.client_mount_timeout);
    if (r < 0) break;
    {
      kern::MutexLock l(*monc_lock_);
      while ((!bootstrap_config_ || monmap_.epoch == 0) && r == 0) {
        const std::int64_t until = env_.clock().mono_ns() + static_cast<std::int64_t>(opts_.mon_client_hunt_interval * 1e9);
        if (!map_cond_->wait_until_mono(*monc_lock_, until)) r = -kern::ERR_ETIMEDOUT;
      }
      if (bootstrap_config_) {
        config = true;
        r = 0;
      }
    }
    if (config) break;
    trace("bootstrap_retry", {}, 0, "get_monmap_and_config failed to get config");
    shutdown();
  }
  {
    kern::MutexLock l(*monc_lock_);
    want_bootstrap_config_ = false;
    bootstrap_config_ = false;
  }
  shutdown();
  own_messenger_->shutdown();
  return r;
}

// port of MonClient::sub_want()
bool MonClient::sub_want(const std::string& what, std::uint64_t start, std::uint8_t flags) {
  kern::MutexLock l(*monc_lock_);
  return sub_.want(what, start, flags);
}

// port of MonClient::renew_subs()
void MonClient::renew_subs() {
  kern::MutexLock l(*monc_lock_);
  _renew_subs();
}

// port of MonClient::send_mon_message()
void MonClient::send_mon_message(MsgRef m) {
  kern::MutexLock l(*monc_lock_);
  _send_mon_message(std::move(m));
}

std::uint64_t MonClient::get_global_id() {
  kern::MutexLock l(*monc_lock_);
  return global_id_;
}

std::uint32_t MonClient::monmap_epoch() {
  kern::MutexLock l(*monc_lock_);
  return monmap_.epoch;
}

bool MonClient::is_connected() {
  kern::MutexLock l(*monc_lock_);
  return active_con_ != nullptr;
}

int MonClient::cur_mon() {
  kern::MutexLock l(*monc_lock_);
  return active_con_ ? active_con_->rank() : -1;
}

std::size_t MonClient::pending_requests() {
  kern::MutexLock l(*monc_lock_);
  return version_requests_.size() + mon_commands_.size();
}

// port of _send_mon_message(): to the session, or held until there is one.
void MonClient::_send_mon_message(MsgRef m) {
  if (active_con_)
    active_con_->get_con()->send_message(std::move(m));
  else
    waiting_for_session_.push_back(std::move(m));
}

// The active session goes (its MonConnection marks the connection down).
void MonClient::_close_active(const char* why) {
  if (!active_con_) return;
  trace("session_close", {{"mon", active_con_->rank()}, {"why", why}});
  active_con_.reset();
}

// port of MonClient::_reopen_session()
void MonClient::_reopen_session(int rank) {
  trace("reopen_session", {{"rank", rank}}, 10, "_reopen_session rank " + std::to_string(rank));
  const bool was_hunting = _hunting();
  _close_active("reopen");
  pending_cons_.clear();
  authenticate_err_ = 1;  // == in progress
  _start_hunting();
  if (!was_hunting) trace("hunting_start", {{"hunt_mult", reopen_interval_multiplier_}});
  if (rank >= 0)
    _add_conn(static_cast<unsigned>(rank));
  else
    _add_conns();
  // throw out old queued messages
  waiting_for_session_.clear();
  // throw out version check requests
  while (!version_requests_.empty()) {
    auto cb = std::move(version_requests_.begin()->second);
    trace("request_done", {{"tid", version_requests_.begin()->first}, {"kind", "get_version"}, {"result", -kern::ERR_EAGAIN}});
    version_requests_.erase(version_requests_.begin());
    env_.post([cb] { cb(-kern::ERR_EAGAIN, 0, 0); });  // monc_errc::session_reset
  }
  for (auto& [k, c] : pending_cons_) c->start(monmap_.epoch);
  if (sub_.reload()) _renew_subs();
}

// port of MonClient::_add_conn()
void MonClient::_add_conn(unsigned rank) {
  const kern::EntityAddr peer = monmap_.addrs[rank];
  ConnectionRef conn = messenger_->connect_to_mon(peer);
  auto mc = std::make_unique<MonConnection>(env_, auth_env_, conn, global_id_, static_cast<int>(rank), entity_name_,
                                            want_keys_);
  pending_cons_[key(peer)] = std::move(mc);
  trace("hunt_pick", {{"mon", static_cast<int>(rank)}}, 10,
        "picked mon." + monmap_.names[rank]);
}

// port of MonClient::_add_conns(): the next batch of ranks not yet tried (all priorities are
// 0 in monsim's monmaps: one batch), shuffled, mon_client_hunt_parallel of them dialled.
void MonClient::_add_conns() {
  auto get_next_batch = [this] {
    std::vector<unsigned> ranks;
    for (unsigned r = 0; r < monmap_.addrs.size(); ++r)
      if (!tried_.count(static_cast<int>(r))) ranks.push_back(r);
    return ranks;
  };
  std::vector<unsigned> ranks = get_next_batch();
  if (ranks.empty()) {
    tried_.clear();  // start over
    ranks = get_next_batch();
  }
  if (ranks.size() > 1) {
    // port: every weight is 0 in monsim's monmaps: the uniform shuffle, never
    // weighted_shuffle(). std::shuffle is libstdc++'s, as in Debian's librados.
    std::shuffle(ranks.begin(), ranks.end(), std::mt19937{env_.seed_draw()});
  }
  std::string list;
  for (unsigned r : ranks) list += (list.empty() ? "" : ",") + std::to_string(r);
  trace("add_conns", {{"ranks", "[" + list + "]"}}, 10, "_add_conns ranks=[" + list + "]");
  unsigned n = opts_.mon_client_hunt_parallel;
  if (n == 0 || n > ranks.size()) n = static_cast<unsigned>(ranks.size());
  for (unsigned i = 0; i < n; ++i) {
    _add_conn(ranks[i]);
    tried_.insert(static_cast<int>(ranks[i]));
  }
}

// port of MonClient::ms_handle_reset()
bool MonClient::ms_handle_reset(const ConnectionRef& con) {
  kern::MutexLock l(*monc_lock_);
  if (_hunting()) {
    const bool hunted = find_pending(con) != pending_cons_.end();
    trace("mon_reset", {{"hunted", hunted}}, 10, std::string("ms_handle_reset ") + (hunted ? "hunted" : "stray") + " mon");
    return true;
  }
  if (active_con_ && con == active_con_->get_con()) {
    trace("mon_fault", {{"mon", active_con_->rank()}, {"hunting", false}}, 10, "ms_handle_reset current mon");
    _reopen_session();
    return false;
  }
  trace("mon_reset", {{"hunted", false}}, 10, "ms_handle_reset stray mon");
  return true;
}

// port of MonClient::_start_hunting()
void MonClient::_start_hunting() {
  if (!had_a_connection_) return;
  reopen_interval_multiplier_ *= opts_.mon_client_hunt_interval_backoff;
  if (reopen_interval_multiplier_ > opts_.mon_client_hunt_interval_max_multiple)
    reopen_interval_multiplier_ = opts_.mon_client_hunt_interval_max_multiple;
}

// port of MonClient::_finish_hunting()
void MonClient::_finish_hunting(int auth_err) {
  if (active_con_) {
    const int r = active_con_->rank();
    trace("hunting_end", {{"mon", r}}, 1, "found mon." + monmap_.names[static_cast<std::size_t>(r)]);
  } else {
    trace("hunting_end", {{"mon", -1}}, 1, "no mon sessions established");
  }
  had_a_connection_ = true;
  _un_backoff();
  if (auth_err) return;
  if (active_con_) {
    const int r = active_con_->rank();
    trace("session_established", {{"mon", r}, {"hunt_mult", reopen_interval_multiplier_}});
  }
  while (!waiting_for_session_.empty()) {
    _send_mon_message(std::move(waiting_for_session_.front()));
    waiting_for_session_.pop_front();
  }
  _resend_mon_commands();
  if (active_con_) global_id_ = active_con_->get_global_id();
}

// port of MonClient::_un_backoff()
void MonClient::_un_backoff() {
  reopen_interval_multiplier_ = std::max(opts_.mon_client_hunt_interval_min_multiple,
                                         reopen_interval_multiplier_ / opts_.mon_client_hunt_interval_backoff);
}

// port of MonClient::tick() (timer thread, monc_lock held)
void MonClient::tick() {
  const userspace::Utime now = env_.clock().now();
  trace("tick", {{"hunting", _hunting()}, {"hunt_mult", reopen_interval_multiplier_}}, 10, "tick");
  struct Reschedule {
    MonClient* m;
    ~Reschedule() { m->schedule_tick(); }
  } reschedule{this};
  _check_auth_tickets();
  if (_hunting()) {
    trace("continuing_hunt", {}, 1, "continuing hunt");
    return _reopen_session();
  }
  if (!active_con_) return;
  const ConnectionRef& cur_con = active_con_->get_con();
  if (!cur_con->has_feature(userspace::FEATURE_MON_STATEFUL_SUB) && sub_.need_renew(env_.clock().coarse_mono_ns())) {
    trace("subscribe_renew", {});
    _renew_subs();
  }
  if (now > last_keepalive_ + opts_.mon_client_ping_interval) {
    cur_con->send_keepalive();
    last_keepalive_ = now;
    trace("keepalive_sent", {{"mon", active_con_->rank()}});
    if (opts_.mon_client_ping_timeout > 0 && cur_con->has_feature(userspace::FEATURE_MSGR_KEEPALIVE2)) {
      const userspace::Utime lk = cur_con->get_last_keepalive_ack();
      const userspace::Utime interval = now - lk;
      if (interval > opts_.mon_client_ping_timeout) {
        trace("keepalive_timeout", {{"mon", active_con_->rank()}, {"since", interval.to_double()}},
              1, "no keepalive since " + lk.text() + " (" + interval.text() + " seconds), reconnecting");
        return _reopen_session();
      }
    }
    _un_backoff();
  }
  if (now > last_send_log_ + opts_.mon_client_log_interval) last_send_log_ = now;  // send_log(): no log client
}

// port of MonClient::schedule_tick()
void MonClient::schedule_tick() {
  if (!active_con_)  // !is_connected(): another round of hunting
    timer_->add_event_after(opts_.mon_client_hunt_interval * reopen_interval_multiplier_, [this] { tick(); });
  else  // keep in touch
    timer_->add_event_after(std::min(opts_.mon_client_ping_interval, opts_.mon_client_log_interval), [this] { tick(); });
}

// port of MonClient::_renew_subs()
void MonClient::_renew_subs() {
  if (!sub_.have_new()) return;
  if (!_opened()) {
    _reopen_session();
    return;
  }
  wire::MMonSubscribe s;
  s.items = sub_.get_subs();
  std::string what;
  for (const auto& i : s.items) what += (what.empty() ? "" : ",") + i.what;
  auto m = kern::Message::make(wire::MSG_MON_SUBSCRIBE, 0);
  m->front = s.encode();
  m->front_alloc_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.version = 3;
  trace("subscribe_sent", {{"items", what}});
  _send_mon_message(std::move(m));
  sub_.renewed(env_.clock().coarse_mono_ns());
}

// Whether a monitor message must be ignored (ms_dispatch(): outside the hunting sessions
// while hunting, outside the active session otherwise).
bool MonClient::stray(const ConnectionRef& con, const kern::Message& m) {
  if (m.hdr.src.type != kern::ENTITY_TYPE_MON) return false;
  if (_hunting()) return find_pending(con) == pending_cons_.end();
  return !active_con_ || active_con_->get_con() != con;
}

// port of MonClient::ms_dispatch()
bool MonClient::ms_dispatch(const ConnectionRef& con, MsgRef m) {
  switch (m->hdr.type) {
    case wire::MSG_MON_MAP:
    case wire::MSG_AUTH_REPLY:
    case wire::MSG_MON_SUBSCRIBE_ACK:
    case wire::MSG_MON_GET_VERSION_REPLY:
    case wire::MSG_MON_COMMAND_ACK:
    case wire::MSG_CONFIG:
      break;
    default:
      return false;
  }
  kern::MutexLock l(*monc_lock_);
  if (stray(con, *m)) {
    trace("msg_stray", {{"type", static_cast<unsigned>(m->hdr.type)}}, 10, "discarding stray monitor message");
    return true;
  }
  switch (m->hdr.type) {
    case wire::MSG_MON_MAP: handle_monmap(*m); break;
    case wire::MSG_AUTH_REPLY: handle_auth(con, *m); break;
    case wire::MSG_MON_SUBSCRIBE_ACK: handle_subscribe_ack(*m); break;
    case wire::MSG_MON_GET_VERSION_REPLY: handle_get_version_reply(*m); break;
    case wire::MSG_MON_COMMAND_ACK: handle_mon_command_ack(*m); break;
    case wire::MSG_CONFIG: handle_config(); break;
  }
  return true;
}

// port of MonClient::handle_monmap()
void MonClient::handle_monmap(const kern::Message& m) {
  const kern::EntityAddr con_addr = (_hunting() || !active_con_) ? kern::EntityAddr{} : active_con_->get_con()->peer_addr();
  wire::MonMap map;
  std::string why;
  if (wire::MonMap::decode_versioned(m.front, /*msgr2=*/false, &map, &why) != 0) {
    trace("monmap_error", {{"why", why}}, 0, "failed to decode monmap: " + why);
    return;
  }
  const std::string old_name = monmap_.get_name(con_addr);
  const std::uint32_t old_epoch = monmap_.epoch;
  monmap_.epoch = map.epoch;
  monmap_.addrs.clear();
  monmap_.names.clear();
  for (std::size_t i = 0; i < map.mons.size(); ++i) {
    monmap_.addrs.push_back(map.mons[i].addr);
    monmap_.names.push_back(std::string(1, static_cast<char>('a' + i)));
  }
  trace("map_received", {{"map", "monmap"}, {"epoch", map.epoch}}, 10, "got monmap " + std::to_string(map.epoch));
  if (old_epoch != monmap_.epoch) tried_.clear();
  if (active_con_ && !_hunting()) {
    if (old_name.empty()) {
      _reopen_session();  // can't identify which mon we were connected to
    } else if (monmap_.get_name(con_addr).empty()) {
      _reopen_session();  // the mon we were talking to went away
    }
    // port: the "has (v2) addrs but i'm connected to v1, reconnecting" branch is never taken:
    // monsim's client messenger does not speak msgr2 (should_use_msgr2() is false).
  }
  sub_.got("monmap", monmap_.epoch);
  map_cond_->notify_all();
  want_monmap_ = false;
  if (authenticate_err_ == 1) _finish_auth(0);
}

// port of MonClient::handle_config(): the bootstrap waits for it; the real client applies it
// in the finisher (monsim's clusters have no central config: nothing to apply).
void MonClient::handle_config() {
  if (want_bootstrap_config_) {
    bootstrap_config_ = true;
    map_cond_->notify_all();
  }
}

std::map<MonClient::AddrKey, std::unique_ptr<MonConnection>>::iterator MonClient::find_pending(const ConnectionRef& con) {
  for (auto it = pending_cons_.begin(); it != pending_cons_.end(); ++it)
    if (it->second->get_con() == con) return it;
  return pending_cons_.end();
}

// port of MonClient::handle_auth() (msgr1: the MAuthReply on a hunting connection)
void MonClient::handle_auth(const ConnectionRef& con, const kern::Message& m) {
  if (!_hunting()) {  // a renewal's reply on the session (16.2 swaps its auth in and out)
    if (!active_con_ || active_con_->get_con() != con) return;
    const int ret = active_con_->handle_renewal(m);
    trace("auth_reply", {{"mon", active_con_->rank()}, {"ret", ret}});
    if (ret != -kern::ERR_EAGAIN) _finish_auth(ret);
    return;
  }
  auto found = find_pending(con);
  if (found == pending_cons_.end()) return;
  const int rank = found->second->rank();
  const int auth_err = found->second->handle_auth(m);
  trace("auth_reply", {{"mon", rank}, {"ret", auth_err}});
  if (auth_err == -kern::ERR_EAGAIN) return;
  if (auth_err) {
    pending_cons_.erase(found);
    if (!pending_cons_.empty()) return;  // keep trying with pending connections
  } else {
    active_con_ = std::move(found->second);
    pending_cons_.erase(found);
    pending_cons_.clear();  // the others are marked down
  }
  _finish_hunting(auth_err);
  _finish_auth(auth_err);
}

// port of MonClient::_finish_auth()
void MonClient::_finish_auth(int auth_err) {
  authenticate_err_ = auth_err;
  if (auth_err == -kern::ERR_EAGAIN && !active_con_) _reopen_session();
  if (!auth_err && active_con_) _check_auth_tickets();
  auth_cond_->notify_all();
}

// port of MonClient::_check_auth_tickets(): on the session, new tickets when a cephx ticket
// is due (_check_auth_rotating(): a client has no rotating keys to renew).
void MonClient::_check_auth_tickets() {
  if (!active_con_ || !active_con_->need_tickets()) return;
  trace("auth_renew", {{"mon", active_con_->rank()}}, 10, "_check_auth_tickets getting new tickets!");
  active_con_->request_tickets();
}

// port of MonClient::handle_subscribe_ack()
void MonClient::handle_subscribe_ack(const kern::Message& m) {
  wire::MMonSubscribeAck ack;
  if (wire::MMonSubscribeAck::decode(m.front, &ack, nullptr)) sub_.acked(ack.duration);
}

// port of MonClient::get_version()
void MonClient::get_version(const std::string& map, VersionCb cb) {
  kern::MutexLock l(*monc_lock_);
  const std::uint64_t tid = ++version_req_id_;
  wire::MMonGetVersion g{tid, map};
  auto m = kern::Message::make(wire::MSG_MON_GET_VERSION, 0);
  m->front = g.encode();
  m->front_alloc_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.tid = tid;
  trace("request_submit", {{"tid", tid}, {"kind", "get_version"}});
  version_requests_[tid] = std::move(cb);
  _send_mon_message(std::move(m));
}

// port of MonClient::handle_get_version_reply(): the callback runs in the finisher
void MonClient::handle_get_version_reply(const kern::Message& m) {
  wire::MMonGetVersionReply r;
  if (!wire::MMonGetVersionReply::decode(m.front, &r, nullptr)) return;
  auto it = version_requests_.find(r.handle);
  if (it == version_requests_.end()) return;  // "version request with handle … not found"
  auto cb = std::move(it->second);
  version_requests_.erase(it);
  trace("request_done", {{"tid", r.handle}, {"kind", "get_version"}, {"result", 0}});
  env_.post([cb, r] { cb(0, r.newest, r.oldest); });
}

// port of MonClient::start_mon_command() and _send_command() for a plain CLI command
void MonClient::start_mon_command(std::vector<std::string> cmd, CommandCb cb) {
  kern::MutexLock l(*monc_lock_);
  const std::uint64_t tid = ++last_mon_command_tid_;
  auto& r = mon_commands_[tid] = MonCommand{tid, std::move(cmd), std::move(cb)};
  trace("request_submit", {{"tid", tid}, {"kind", "command"}});
  _send_command(r);
}

// port of MonClient::_send_command()
void MonClient::_send_command(MonCommand& r) {
  wire::MMonCommand c;
  c.cmd = r.cmd;
  auto m = kern::Message::make(wire::MSG_MON_COMMAND, 0);
  m->front = c.encode();
  m->front_alloc_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.tid = r.tid;
  _send_mon_message(std::move(m));
}

// port of MonClient::_resend_mon_commands(): every command again, with its tid
void MonClient::_resend_mon_commands() {
  for (auto& [tid, cmd] : mon_commands_) {
    trace("request_resend", {{"tid", tid}, {"kind", "command"}});
    _send_command(cmd);
  }
}

// port of MonClient::handle_mon_command_ack() with _finish_command()
void MonClient::handle_mon_command_ack(const kern::Message& m) {
  wire::MMonCommandAck ack;
  if (!wire::MMonCommandAck::decode(m.front, &ack, nullptr)) return;
  auto it = mon_commands_.find(m.hdr.tid);
  if (it == mon_commands_.end()) return;
  auto cb = std::move(it->second.onfinish);
  mon_commands_.erase(it);
  trace("request_done", {{"tid", m.hdr.tid}, {"kind", "command"}, {"result", ack.result}});
  env_.post([cb, ack] { cb(ack.result, ack.rs); });
}

}  // namespace monsim::userspace_16_2
