#include "client/linux_2_6_34/mon_client.h"

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace monsim::linux_2_6_34 {

using kern::Field;
using kern::LogLevel;

namespace {
constexpr std::uint32_t kAuthFront = 4096;       // m_auth, and the auth-reply pool's size
constexpr std::uint32_t kSubscribeFront = 96;    // a fresh message per subscribe
}  // namespace

void MonClient::trace(const char* event, std::vector<Field> fields) {
  k_.trace().emit(event, std::move(fields));
}

void MonClient::log(LogLevel level, const char* event, std::string text, std::vector<Field> fields) {
  k_.trace().emit(event, std::move(fields), level, text);
}

std::string MonClient::peer_addr() const {
  return peer_mon_ < monmap_.mons.size() ? wire::addr_str(monmap_.mons[peer_mon_].addr) : "(none)";
}

// ------------------------------------------------------------------ init / stop

// port of ceph_monc_init() and build_initial_monmap()
MonClient::MonClient(CephClient& client, kern::Kernel& kernel, const std::vector<kern::EntityAddr>& mons,
                     std::string auth_name)
    : client_(client), k_(kernel), mutex_(kernel.make_mutex()) {
  MONSIM_BUG_ON(mons.empty());
  for (std::size_t i = 0; i < mons.size(); ++i) {
    wire::MonInst inst;
    inst.addr = mons[i];
    inst.addr.nonce = 0;
    inst.name = {kern::ENTITY_TYPE_MON, i};
    monmap_.mons.push_back(inst);
  }
  client_.have_fsid = false;
  auth_ = std::make_unique<auth::AuthClient>(
      std::move(auth_name),
      kern::ENTITY_TYPE_AUTH | kern::ENTITY_TYPE_MON | kern::ENTITY_TYPE_OSD | kern::ENTITY_TYPE_MDS,
      k_.clock(), k_.random(), k_.trace());
  auth_->set_hello_when_unnegotiated(true);  // the 2.6.3x ceph_build_auth()
  m_auth_ = kern::Message::make(wire::MSG_AUTH, kAuthFront);
  cur_mon_ = -1;
  hunting_ = true;
  sub_renew_after_ = k_.clock().jiffies();
  sub_sent_ = 0;
  delayed_work_ = k_.make_delayed_work([this] { delayed_work(); });
  want_next_osdmap_ = 1;
  client_.monc = this;
}

MonClient::~MonClient() { client_.monc = nullptr; }

// port of ceph_monc_stop()
void MonClient::stop() {
  delayed_work_->cancel_sync();
  kern::MutexLock lock(*mutex_);
  close_session_locked();
  trace("stop");
}

// ------------------------------------------------------------------ sessions

// port of __send_prepared_auth_request(): no revoke first in this kernel.
void MonClient::send_prepared_auth_request_locked(int len) {
  pending_auth_ = true;
  m_auth_->front = auth_buf_;
  m_auth_->hdr.front_len = static_cast<std::uint32_t>(len);
  trace("auth_request", {{"mon", cur_mon_}, {"len", len}});
  con_->send(m_auth_);
}

// port of __close_session(): cur_mon goes back to -1 (so the next pick may be anything).
void MonClient::close_session_locked() {
  if (!con_) return;
  trace("session_close", {{"mon", cur_mon_}});
  con_->revoke(m_auth_);
  con_->close();
  cur_mon_ = -1;
  pending_auth_ = false;
  auth_->reset();
}

// port of __open_session(): only when no session is open.
int MonClient::open_session_locked() {
  if (cur_mon_ >= 0) {
    trace("open_session_already_open", {{"mon", cur_mon_}});
    return 0;
  }
  // One random byte as a C char (signed on x86), modulo the u32 num_mon: the char is
  // widened to int and then converted to unsigned. Slightly biased; may repeat a monitor.
  std::uint8_t byte = 0;
  k_.random().get_random_bytes({&byte, 1});
  const auto r = static_cast<std::int8_t>(byte);
  const auto num_mon = static_cast<std::uint32_t>(monmap_.mons.size());
  // port: a monmap without monitors (which the decoder accepts) makes the 2010 kernel divide
  // by zero here, a divide-error oops; monsim stops at the same point with the BUG it is.
  MONSIM_BUG_ON(num_mon == 0);
  cur_mon_ = static_cast<int>(static_cast<std::uint32_t>(static_cast<std::int32_t>(r)) % num_mon);
  trace("hunt_pick", {{"mon", cur_mon_}, {"r", static_cast<int>(r)}, {"num_mon", num_mon}});

  sub_sent_ = 0;
  sub_renew_after_ = k_.clock().jiffies();  // renewal due at once
  want_next_osdmap_ = !!want_next_osdmap_;

  peer_mon_ = static_cast<std::uint64_t>(cur_mon_);
  trace("session_open", {{"mon", cur_mon_}, {"addr", wire::addr_str(monmap_.mons[cur_mon_].addr)}});
  con_->open({kern::ENTITY_TYPE_MON, peer_mon_}, monmap_.mons[cur_mon_].addr);

  // Authentication starts with the hello.
  const int ret = auth_->build_hello(auth_buf_, m_auth_->front_alloc_len);
  send_prepared_auth_request_locked(ret);
  return 0;
}

// port of __sub_expired()
bool MonClient::sub_expired_locked() const { return kern::time_after_eq(k_.clock().jiffies(), sub_renew_after_); }

// port of __schedule_delayed(): no rounding; a pending tick stays where it is.
void MonClient::schedule_delayed_locked() {
  const unsigned hz = k_.clock().hz();
  const kern::jiffies_t delay = (cur_mon_ < 0 || sub_expired_locked()) ? 10 * hz : 20 * hz;
  const bool armed = delayed_work_->schedule(delay);
  trace("tick_scheduled", {{"delay", delay}, {"armed", armed}});
}

// ------------------------------------------------------------------ subscriptions

// port of __send_subscribe(): returns whether a subscription went out.
bool MonClient::send_subscribe_locked() {
  if (!((sub_expired_locked() && !sub_sent_) || want_next_osdmap_ == 1)) return false;
  wire::MMonSubscribeV1 sub;
  if (want_next_osdmap_) {
    sub.items.push_back({"osdmap", have_osdmap_, true});
    want_next_osdmap_ = 2;  // requested
  }
  sub.items.push_back({"mdsmap", have_mdsmap_, false});
  sub.items.push_back({"monmap", 0, false});
  auto msg = kern::Message::make(wire::MSG_MON_SUBSCRIBE, kSubscribeFront);
  msg->front = sub.encode();
  MONSIM_BUG_ON(msg->front.size() > kSubscribeFront);
  msg->hdr.front_len = static_cast<std::uint32_t>(msg->front.size());
  std::string what;
  for (const auto& i : sub.items) what += (what.empty() ? "" : ",") + i.what + ">" + std::to_string(i.have);
  trace("subscribe_sent", {{"mon", cur_mon_}, {"items", what}});
  con_->send(msg);
  sub_sent_ = k_.clock().jiffies() | 1;  // | 1: zero means "none outstanding"
  return true;
}

// port of handle_subscribe_ack(): ends hunting; renew_after is updated unconditionally.
void MonClient::handle_subscribe_ack(const kern::MsgRef& msg) {
  wire::MMonSubscribeAck ack;
  if (!wire::MMonSubscribeAck::decode(msg->front, &ack, nullptr)) {
    log(LogLevel::err, "corrupt_reply", "got corrupt subscribe-ack msg", {{"type", "subscribe_ack"}});
    return;
  }
  const unsigned seconds = ack.duration;
  kern::MutexLock lock(*mutex_);
  if (hunting_) {
    log(LogLevel::info, "session_established",
        "mon" + std::to_string(cur_mon_) + " " + peer_addr() + " session established",
        {{"mon", cur_mon_}, {"global_id", auth_->global_id()}});
    hunting_ = false;
    trace("hunting_end", {{"mon", cur_mon_}});
  }
  // With sub_sent == 0 (an ack nobody asked for) this is a small absolute value: the kernel's.
  sub_renew_after_ = sub_sent_ + (seconds >> 1) * k_.clock().hz() - 1;
  trace("subscribe_ack", {{"duration", seconds}, {"renew_after", sub_renew_after_}, {"sub_sent", sub_sent_}});
  sub_sent_ = 0;
}

// port of ceph_monc_got_mdsmap()
int MonClient::got_mdsmap(std::uint32_t got) {
  kern::MutexLock lock(*mutex_);
  have_mdsmap_ = got;
  trace("map_received", {{"map", "mdsmap"}, {"epoch", got}});
  return 0;
}

// port of ceph_monc_got_osdmap()
int MonClient::got_osdmap(std::uint32_t got) {
  kern::MutexLock lock(*mutex_);
  have_osdmap_ = got;
  want_next_osdmap_ = 0;
  trace("map_received", {{"map", "osdmap"}, {"epoch", got}});
  return 0;
}

// port of ceph_monc_request_next_osdmap(): sends at once, even before authentication.
void MonClient::request_next_osdmap() {
  kern::MutexLock lock(*mutex_);
  if (!want_next_osdmap_) want_next_osdmap_ = 1;
  if (want_next_osdmap_ < 2) send_subscribe_locked();
}

// port of ceph_monc_open_session()
int MonClient::open_session() {
  if (!con_) con_ = k_.make_connection(*this);
  kern::MutexLock lock(*mutex_);
  if (hunting_) trace("hunting_start", {});  // hunting is true from init
  open_session_locked();
  schedule_delayed_locked();
  return 0;
}

// port of ceph_monc_handle_map(): no epoch check, no reconnect.
void MonClient::handle_monmap(const kern::MsgRef& msg) {
  {
    kern::MutexLock lock(*mutex_);
    wire::MonMap map;
    std::string why;
    const int err = wire::MonMap::decode(msg->front, &map, &why);
    if (err) {
      log(LogLevel::err, "monmap_error", "problem decoding monmap, " + std::to_string(err), {{"why", why}});
    } else if (client_.check_fsid(map.fsid) == 0) {
      monmap_ = std::move(map);
      // port: the seed keeps no monmap epoch in its subscriptions; traced for the metrics.
      trace("map_received", {{"map", "monmap"}, {"epoch", monmap_.epoch}});
    }
  }
  client_.auth_wq->wake_up_all();
}

// ------------------------------------------------------------------ statfs

// port of __lookup_statfs(): the rb-tree is a std::map by tid.
MonClient::StatfsRequest* MonClient::lookup_statfs_locked(std::uint64_t tid) {
  auto it = statfs_requests_.find(tid);
  return it == statfs_requests_.end() ? nullptr : it->second;
}

// port of handle_statfs_reply()
void MonClient::handle_statfs_reply(const kern::MsgRef& msg) {
  wire::MStatfsReply reply;
  if (!wire::MStatfsReply::decode(msg->front, &reply, nullptr)) {
    log(LogLevel::err, "corrupt_reply", "corrupt statfs reply, no tid", {{"type", "statfs_reply"}});
    return;
  }
  const std::uint64_t tid = msg->hdr.tid;
  StatfsRequest* req;
  {
    kern::MutexLock lock(*mutex_);
    req = lookup_statfs_locked(tid);
    if (req) {
      if (req->buf) *req->buf = reply.st;
      req->result = 0;
    }
  }
  if (req) {
    trace("request_done", {{"tid", tid}, {"kind", "statfs"}, {"result", 0}});
    req->completion->complete();
  }
}

// port of send_statfs(): a new message every time (an earlier copy is not revoked).
int MonClient::send_statfs(StatfsRequest& req) {
  auto msg = kern::Message::make(wire::MSG_STATFS, wire::MStatfs::SIZE);
  req.request = msg;
  msg->hdr.tid = req.tid;
  wire::MStatfs h;
  h.fsid = monmap_.fsid;
  msg->front = h.encode();
  msg->hdr.front_len = static_cast<std::uint32_t>(msg->front.size());
  trace("request_send", {{"tid", req.tid}, {"kind", "statfs"}, {"mon", cur_mon_}});
  con_->send(msg);
  return 0;
}

// port of ceph_monc_do_statfs(): the request lives on the caller's stack.
int MonClient::do_statfs(wire::Statfs* buf) {
  StatfsRequest req;
  req.buf = buf;
  req.completion = k_.make_completion();
  {
    kern::MutexLock lock(*mutex_);
    req.tid = ++last_tid_;
    req.last_attempt = k_.clock().jiffies();
    req.delay = k_.clock().hz() / 2;  // BASE_DELAY_INTERVAL
    MONSIM_BUG_ON(statfs_requests_.count(req.tid) != 0);
    statfs_requests_[req.tid] = &req;
    num_statfs_requests_++;
    trace("request_submit", {{"tid", req.tid}, {"kind", "statfs"}});
  }
  // Sent without the mutex, as in the seed.
  int err = send_statfs(req);
  if (!err) err = req.completion->wait_interruptible();
  {
    kern::MutexLock lock(*mutex_);
    statfs_requests_.erase(req.tid);
    num_statfs_requests_--;
  }
  if (err) trace("request_done", {{"tid", req.tid}, {"kind", "statfs"}, {"result", err}});
  if (!err) err = req.result;
  return err;
}

// port of __resend_statfs(): every pending request, in tid order.
void MonClient::resend_statfs_locked() {
  for (auto& [tid, req] : statfs_requests_) {
    trace("request_resend", {{"tid", tid}, {"kind", "statfs"}, {"mon", cur_mon_}});
    send_statfs(*req);
  }
}

// ------------------------------------------------------------------ the tick

// port of delayed_work()
void MonClient::delayed_work() {
  kern::MutexLock lock(*mutex_);
  trace("tick", {{"hunting", hunting_}});
  if (hunting_) {
    close_session_locked();
    open_session_locked();  // the next attempt
  } else {
    con_->keepalive();
    trace("keepalive_sent", {{"mon", cur_mon_}});
    validate_auth_locked();
    if (auth_->is_authenticated() && send_subscribe_locked()) trace("subscribe_renew", {});
  }
  schedule_delayed_locked();
}

// ------------------------------------------------------------------ authentication

// port of handle_auth_reply(): no "was authenticated" guard, so every completed renewal
// subscribes and resends the pending statfs requests again.
void MonClient::handle_auth_reply(const kern::MsgRef& msg) {
  kern::MutexLock lock(*mutex_);
  pending_auth_ = false;
  const int ret = auth_->handle_reply(msg->front, auth_buf_, m_auth_->front_alloc_len);
  trace("auth_reply", {{"mon", cur_mon_}, {"ret", ret}});
  if (ret < 0) {
    client_.auth_err = ret;
    // The error is the mount's to report (ceph_open_session() returns it); the kernel logs
    // nothing here (monsim's line "authentication failed: N" was its own: the differential
    // check against the tree's mon_client.c found it).
    trace("auth_error", {{"mon", cur_mon_}, {"err", kern::errno_name(ret)}});
    client_.auth_wq->wake_up_all();
  } else if (ret > 0) {
    send_prepared_auth_request_locked(ret);
  } else if (auth_->is_authenticated()) {
    client_.msgr_name = {kern::ENTITY_TYPE_CLIENT, auth_->global_id()};
    trace("authenticated", {{"mon", cur_mon_}, {"global_id", auth_->global_id()}});
    send_subscribe_locked();
    resend_statfs_locked();
  }
}

// port of __validate_auth()
int MonClient::validate_auth_locked() {
  if (pending_auth_) return 0;
  const int ret = auth_->build_auth(auth_buf_, m_auth_->front_alloc_len);
  if (ret <= 0) return ret;  // < 0 failed, 0 nothing due
  send_prepared_auth_request_locked(ret);
  return 0;
}

// port of ceph_monc_validate_auth()
int MonClient::validate_auth() {
  kern::MutexLock lock(*mutex_);
  return validate_auth_locked();
}

// ------------------------------------------------------------------ messenger callbacks

// port of dispatch()
void MonClient::dispatch(kern::MsgRef msg) {
  const std::uint16_t type = msg->hdr.type;
  switch (type) {
    case wire::MSG_AUTH_REPLY:
      handle_auth_reply(msg);
      break;
    case wire::MSG_MON_SUBSCRIBE_ACK:
      handle_subscribe_ack(msg);
      break;
    case wire::MSG_STATFS_REPLY:
      handle_statfs_reply(msg);
      break;
    case wire::MSG_MON_MAP:
      handle_monmap(msg);
      break;
    case wire::MSG_MDS_MAP:
      mdsc_handle_map(client_, msg);
      break;
    case wire::MSG_OSD_MAP:
      osdc_handle_map(client_, msg);
      break;
    default:
      log(LogLevel::err, "unknown_message",
          "received unknown message type " + std::to_string(type) + " " + wire::msg_type_name(type),
          {{"type", type}});
  }
}

// port of mon_alloc_msg(): pools for the small replies (the 2010 pool falls back to a fresh
// allocation when the front is larger), fresh messages for maps, skip anything else.
kern::MsgRef MonClient::alloc_msg(const kern::MsgHeader& hdr, bool* skip) {
  const std::uint16_t type = hdr.type;
  const std::uint32_t front_len = hdr.front_len;
  *skip = false;
  switch (type) {
    case wire::MSG_MON_SUBSCRIBE_ACK:
    case wire::MSG_STATFS_REPLY:
    case wire::MSG_AUTH_REPLY:
    case wire::MSG_MON_MAP:
    case wire::MSG_MDS_MAP:
    case wire::MSG_OSD_MAP:
      return kern::Message::make(type, front_len);
    default:
      log(LogLevel::info, "alloc_msg_unknown", "alloc_msg unknown type " + std::to_string(type), {{"type", type}});
      *skip = true;
      return nullptr;
  }
}

// port of mon_fault()
void MonClient::fault() {
  kern::MutexLock lock(*mutex_);
  trace("mon_fault", {{"mon", cur_mon_}, {"hunting", hunting_}});
  if (con_ && !hunting_)
    log(LogLevel::info, "session_lost",
        "mon" + std::to_string(cur_mon_) + " " + peer_addr() + " session lost, hunting for new mon",
        {{"mon", cur_mon_}});
  close_session_locked();
  if (!hunting_) {
    // the session was up: hunt from now
    hunting_ = true;
    trace("hunting_start", {{"mon", cur_mon_}});
    open_session_locked();
  } else {
    // hunting already: the next tick picks again
    schedule_delayed_locked();
  }
}

}  // namespace monsim::linux_2_6_34
