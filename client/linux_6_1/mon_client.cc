#include "client/linux_6_1/mon_client.h"

#include <cstdio>

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "client/wire/request_msgs.h"

namespace monsim::linux_6_1 {

using kern::Field;
using kern::LogLevel;

namespace {

constexpr const char* kSubName[SUB_COUNT] = {"monmap", "osdmap", "fsmap.user", "mdsmap"};

constexpr std::uint32_t kAuthFront = 4096;      // m_auth, m_auth_reply
constexpr std::uint32_t kSubscribeFront = 128;  // m_subscribe

}  // namespace

// ------------------------------------------------------------------ helpers

void MonClient::trace(const char* event, std::vector<Field> fields) {
  k_.trace().emit(event, std::move(fields));
}

void MonClient::log(LogLevel level, const char* event, std::string text, std::vector<Field> fields) {
  k_.trace().emit(event, std::move(fields), level, text);
}

std::string MonClient::cur_mon_addr() const {
  if (cur_mon_ < 0 || cur_mon_ >= static_cast<int>(monmap_.mons.size())) return "(none)";
  return wire::addr_str_typed(monmap_.mons[cur_mon_].addr);  // ceph_pr_addr(): "(1)ip:port"
}

// ------------------------------------------------------------------ init

// port of ceph_monc_init() and build_initial_monmap()
MonClient::MonClient(CephClient& client, kern::Kernel& kernel,
                     const std::vector<kern::EntityAddr>& mons, std::string auth_name,
                     Tunables tunables)
    : client_(client), k_(kernel), t_(tunables), mutex_(kernel.make_mutex()) {
  MONSIM_BUG_ON(mons.empty());
  for (std::size_t i = 0; i < mons.size(); ++i) {
    wire::MonInst inst;
    inst.addr = mons[i];
    inst.addr.type = wire::ADDR_TYPE_LEGACY;  // msgr1 (ms_mode=legacy)
    inst.addr.nonce = 0;
    inst.name = {kern::ENTITY_TYPE_MON, i};
    monmap_.mons.push_back(inst);
  }
  auth_ = std::make_unique<auth::AuthClient>(
      std::move(auth_name),
      kern::ENTITY_TYPE_AUTH | kern::ENTITY_TYPE_MON | kern::ENTITY_TYPE_OSD | kern::ENTITY_TYPE_MDS,
      k_.clock(), k_.random(), k_.trace());
  m_subscribe_ack_ = kern::Message::make(wire::MSG_MON_SUBSCRIBE_ACK, wire::MMonSubscribeAck::SIZE);
  m_subscribe_ = kern::Message::make(wire::MSG_MON_SUBSCRIBE, kSubscribeFront);
  m_auth_reply_ = kern::Message::make(wire::MSG_AUTH_REPLY, kAuthFront);
  m_auth_ = kern::Message::make(wire::MSG_AUTH, kAuthFront);
  con_ = k_.make_connection(*this);
  delayed_work_ = k_.make_delayed_work([this] { delayed_work(); });
  client_.monc = this;
}

MonClient::~MonClient() { client_.monc = nullptr; }

// ------------------------------------------------------------------ sessions

// port of __send_prepared_auth_request()
void MonClient::send_prepared_auth_request_locked(int len) {
  pending_auth_ = true;
  m_auth_->front = auth_buf_;
  m_auth_->hdr.front_len = static_cast<std::uint32_t>(len);
  con_->revoke(m_auth_);
  trace("auth_request", {{"mon", cur_mon_}, {"len", len}});
  con_->send(m_auth_);
}

// port of __close_session()
void MonClient::close_session_locked() {
  trace("session_close", {{"mon", cur_mon_}});
  con_->revoke(m_auth_);
  con_->revoke_incoming(m_auth_reply_);
  con_->revoke(m_subscribe_);
  con_->revoke_incoming(m_subscribe_ack_);
  con_->close();
  pending_auth_ = false;
  auth_->reset();
}

// port of prandom_u32_max() as Debian's 6.1.192 has it (include/linux/prandom.h): it is
// get_random_u32_below(), backported to 6.1.y, whose bound here is a variable, so
// __get_random_u32_below() (drivers/char/random.c): ((u64)get_random_u32() * ceil) >> 32,
// drawing again the rare samples whose low half would bias the result. (The earlier port
// took the multiply-shift alone, as 6.1.0 had it; the tree's source, compiled by the
// linux-source logic, settled which 6.1 runs.)
// port: get_random_u32() draws from the node's seeded stream, the one prandom_u32() uses.
static std::uint32_t prandom_u32_max(kern::Random& random, std::uint32_t ceil) {
  std::uint32_t rand = random.prandom_u32();
  if (ceil == 0) return rand;
  std::uint64_t mult = static_cast<std::uint64_t>(ceil) * rand;
  if (static_cast<std::uint32_t>(mult) < ceil) {
    const std::uint32_t bound = (0u - ceil) % ceil;
    while (static_cast<std::uint32_t>(mult) < bound) mult = static_cast<std::uint64_t>(ceil) * random.prandom_u32();
  }
  return static_cast<std::uint32_t>(mult >> 32);
}

// port of pick_new_mon(): uniform over every monitor but the current one.
void MonClient::pick_new_mon_locked() {
  const int old_mon = cur_mon_;
  const int num_mon = static_cast<int>(monmap_.mons.size());
  MONSIM_BUG_ON(num_mon < 1);
  if (num_mon == 1) {
    cur_mon_ = 0;
  } else {
    int max = num_mon;
    int o = -1;
    if (cur_mon_ >= 0) {
      if (cur_mon_ < num_mon) o = cur_mon_;
      if (o >= 0) max--;
    }
    int n = static_cast<int>(prandom_u32_max(k_.random(), static_cast<std::uint32_t>(max)));
    if (o >= 0 && n >= o) n++;
    cur_mon_ = n;
  }
  trace("hunt_pick", {{"mon", cur_mon_}, {"old", old_mon}, {"num_mon", num_mon},
                      {"hunt_mult", hunt_mult_}});
}

// port of __open_session()
void MonClient::open_session_locked() {
  pick_new_mon_locked();

  if (!hunting_) trace("hunting_start", {{"mon", cur_mon_}});
  hunting_ = true;
  if (had_a_connection_) {
    hunt_mult_ *= t_.hunt_backoff;
    if (hunt_mult_ > t_.hunt_max_mult) hunt_mult_ = t_.hunt_max_mult;
  }

  sub_renew_after_ = k_.clock().jiffies();  // renewal due at once
  sub_renew_sent_ = 0;

  trace("session_open", {{"mon", cur_mon_}, {"hunt_mult", hunt_mult_},
                         {"addr", wire::addr_str(monmap_.mons[cur_mon_].addr)}});
  con_->open({kern::ENTITY_TYPE_MON, static_cast<std::uint64_t>(cur_mon_)},
             monmap_.mons[cur_mon_].addr);

  // Send an initial keepalive so that our timestamp is valid by the time the session is open.
  con_->keepalive();
  trace("keepalive_sent", {{"mon", cur_mon_}});

  // Authentication starts with the hello.
  const int ret = auth_->build_hello(auth_buf_, m_auth_->front_alloc_len);
  MONSIM_BUG_ON(ret <= 0);
  send_prepared_auth_request_locked(ret);
}

// port of reopen_session()
void MonClient::reopen_session_locked() {
  if (!hunting_)
    log(LogLevel::info, "session_lost",
        "mon" + std::to_string(cur_mon_) + " " + cur_mon_addr() +
            " session lost, hunting for new mon",
        {{"mon", cur_mon_}});
  close_session_locked();
  open_session_locked();
}

// port of ceph_monc_reopen_session(): the blocklisted client's way back (ceph_reset_client_addr).
void MonClient::reopen_session() {
  kern::MutexLock lock(*mutex_);
  reopen_session_locked();
}

// port of un_backoff()
void MonClient::un_backoff_locked() {
  hunt_mult_ /= 2;  // reduce by 50%
  if (hunt_mult_ < 1) hunt_mult_ = 1;
}

// port of __schedule_delayed()
void MonClient::schedule_delayed_locked() {
  const unsigned hz = k_.clock().hz();
  const kern::jiffies_t delay =
      hunting_ ? t_.hunt_interval(hz) * hunt_mult_ : t_.ping_interval(hz);
  const kern::jiffies_t rounded = kern::round_jiffies_relative(delay, k_.clock().jiffies(), hz, k_.clock().cpu());
  trace("tick_scheduled", {{"delay", delay}, {"rounded", rounded}, {"hunting", hunting_}});
  delayed_work_->mod(rounded);
}

// ------------------------------------------------------------------ subscriptions

// port of __send_subscribe(): always sends; records the first unacknowledged send.
void MonClient::send_subscribe_locked() {
  MONSIM_BUG_ON(cur_mon_ < 0);
  if (!sub_renew_sent_) sub_renew_sent_ = k_.clock().jiffies() | 1;  // | 1: zero means "none outstanding"

  wire::MMonSubscribe m;
  for (int i = 0; i < SUB_COUNT; ++i) {
    if (!subs_[i].want) continue;
    wire::SubscribeItem item = subs_[i].item;
    item.what = kSubName[i];
    if (i == SUB_MDSMAP && fs_cluster_id_ != FS_CLUSTER_ID_NONE)
      item.what += "." + std::to_string(fs_cluster_id_);
    m.items.push_back(std::move(item));
  }
  MONSIM_BUG_ON(m.items.empty());  // the monmap sub is always there
  wire::Bytes front = m.encode();
  MONSIM_BUG_ON(front.size() > m_subscribe_->front_alloc_len);
  m_subscribe_->hdr.version = 2;
  m_subscribe_->front = std::move(front);
  m_subscribe_->hdr.front_len = static_cast<std::uint32_t>(m_subscribe_->front.size());
  con_->revoke(m_subscribe_);
  std::string what;
  for (const auto& i : m.items) what += (what.empty() ? "" : ",") + i.what + "@" + std::to_string(i.start);
  trace("subscribe_sent", {{"mon", cur_mon_}, {"items", what}, {"renew_sent", sub_renew_sent_}});
  con_->send(m_subscribe_);
}

// port of handle_subscribe_ack()
void MonClient::handle_subscribe_ack(const kern::MsgRef& msg) {
  wire::MMonSubscribeAck ack;
  if (!wire::MMonSubscribeAck::decode(msg->front, &ack, nullptr)) {
    log(LogLevel::err, "corrupt_reply", "got corrupt subscribe-ack msg", {{"type", "subscribe_ack"}});
    return;
  }
  const unsigned seconds = ack.duration;
  kern::MutexLock lock(*mutex_);
  if (sub_renew_sent_) {
    // Only legacy (infernalis or older) monitors ack: see delayed_work().
    sub_renew_after_ = sub_renew_sent_ + (seconds >> 1) * k_.clock().hz() - 1;
    trace("subscribe_ack", {{"duration", seconds}, {"renew_after", sub_renew_after_}, {"ignored", false}});
    sub_renew_sent_ = 0;
  } else {
    trace("subscribe_ack", {{"duration", seconds}, {"renew_after", sub_renew_after_}, {"ignored", true}});
  }
}

// port of __ceph_monc_want_map(): epoch X means "every map since X", 0 "just the latest".
bool MonClient::want_map_locked(int sub, std::uint32_t epoch, bool continuous) {
  const std::uint64_t start = epoch;
  const std::uint8_t flags = !continuous ? wire::SUBSCRIBE_ONETIME : 0;
  if (subs_[sub].want && subs_[sub].item.start == start && subs_[sub].item.flags == flags)
    return false;
  subs_[sub].item.start = start;
  subs_[sub].item.flags = flags;
  subs_[sub].want = true;
  return true;
}

// port of ceph_monc_want_map()
bool MonClient::want_map(int sub, std::uint32_t epoch, bool continuous) {
  kern::MutexLock lock(*mutex_);
  return want_map_locked(sub, epoch, continuous);
}

// port of __ceph_monc_got_map()
void MonClient::got_map_locked(int sub, std::uint32_t epoch) {
  if (subs_[sub].want) {
    if (subs_[sub].item.flags & wire::SUBSCRIBE_ONETIME)
      subs_[sub].want = false;
    else
      subs_[sub].item.start = epoch + 1;
  }
  subs_[sub].have = epoch;
  trace("map_received", {{"map", kSubName[sub]}, {"epoch", epoch}});
}

// port of ceph_monc_got_map()
void MonClient::got_map(int sub, std::uint32_t epoch) {
  kern::MutexLock lock(*mutex_);
  got_map_locked(sub, epoch);
}

// port of ceph_monc_renew_subs()
void MonClient::renew_subs() {
  kern::MutexLock lock(*mutex_);
  send_subscribe_locked();
}

// port of ceph_monc_wait_osdmap(): timeout in jiffies, 0 = forever.
int MonClient::wait_osdmap(std::uint32_t epoch, kern::jiffies_t timeout) {
  const kern::jiffies_t started = k_.clock().jiffies();
  mutex_->lock();
  while (subs_[SUB_OSDMAP].have < epoch) {
    mutex_->unlock();
    if (timeout && kern::time_after_eq(k_.clock().jiffies(), started + timeout))
      return -kern::ERR_ETIMEDOUT;
    // ceph_timeout_jiffies(): 0 means MAX_SCHEDULE_TIMEOUT.
    const long ret = client_.auth_wq->wait_event_interruptible_timeout(
        [this, epoch] { return subs_[SUB_OSDMAP].have >= epoch; },
        timeout ? timeout : kern::MAX_SCHEDULE_TIMEOUT);
    if (ret < 0) return static_cast<int>(ret);
    mutex_->lock();
  }
  mutex_->unlock();
  return 0;
}

// port of ceph_monc_open_session()
int MonClient::open_session() {
  kern::MutexLock lock(*mutex_);
  want_map_locked(SUB_MONMAP, 0, true);
  want_map_locked(SUB_OSDMAP, 0, false);
  open_session_locked();
  schedule_delayed_locked();
  return 0;
}

// port of ceph_monc_handle_map(): the versioned monmap (msgr1: the legacy address of each
// monitor's vector); no epoch check, no reconnect; always wake the waiters.
void MonClient::handle_monmap(const kern::MsgRef& msg) {
  {
    kern::MutexLock lock(*mutex_);
    wire::MonMap map;
    std::string why;
    const int err = wire::MonMap::decode_versioned(msg->front, /*msgr2=*/false, &map, &why);
    if (err) {
      log(LogLevel::err, "monmap_error", "problem decoding monmap, " + std::to_string(err),
          {{"why", why}});
    } else if (client_.check_fsid(map.fsid) < 0) {
      // the new map is discarded
    } else {
      monmap_ = std::move(map);
      got_map_locked(SUB_MONMAP, monmap_.epoch);
      client_.have_fsid = true;
    }
  }
  client_.auth_wq->wake_up_all();
}

// ------------------------------------------------------------------ generic requests

// port of alloc_generic_request(): the shared_ptr is the kref.
MonClient::RequestRef MonClient::alloc_generic_request(const char* kind) {
  auto req = std::make_shared<GenericRequest>();
  req->kind = kind;
  req->completion = k_.make_completion();
  return req;
}

// port of lookup_generic_request() (DEFINE_RB_FUNCS): the rb-tree is a std::map by tid.
MonClient::RequestRef MonClient::lookup_generic_request_locked(std::uint64_t tid) const {
  auto it = generic_requests_.find(tid);
  return it == generic_requests_.end() ? nullptr : it->second;
}

// port of register_generic_request(): the tree holds a reference.
void MonClient::register_generic_request_locked(const RequestRef& req) {
  MONSIM_BUG_ON(req->tid != 0);
  req->tid = ++last_tid_;
  generic_requests_[req->tid] = req;
  trace("request_submit", {{"tid", req->tid}, {"kind", req->kind}});
}

// port of send_generic_request()
void MonClient::send_generic_request_locked(const RequestRef& req) {
  MONSIM_BUG_ON(req->tid == 0);
  req->request->hdr.tid = req->tid;
  trace("request_send", {{"tid", req->tid}, {"kind", req->kind}, {"mon", cur_mon_}});
  con_->send(req->request);
}

// port of __finish_generic_request()
void MonClient::finish_generic_request_locked(const RequestRef& req) {
  generic_requests_.erase(req->tid);
  con_->revoke(req->request);
  con_->revoke_incoming(req->reply);
}

// port of complete_generic_request(): outside the lock.
void MonClient::complete_generic_request(const RequestRef& req) {
  trace("request_done", {{"tid", req->tid}, {"kind", req->kind}, {"result", req->result}});
  if (req->complete_cb)
    req->complete_cb(*req);
  else
    req->completion->complete_all();
}

// port of cancel_generic_request()
void MonClient::cancel_generic_request(const RequestRef& req) {
  kern::MutexLock lock(*mutex_);
  RequestRef found = lookup_generic_request_locked(req->tid);
  if (found) {
    MONSIM_BUG_ON(found != req);
    finish_generic_request_locked(req);
    trace("request_done", {{"tid", req->tid}, {"kind", req->kind}, {"result", -kern::ERR_ERESTARTSYS}});
  }
}

// port of wait_generic_request()
int MonClient::wait_generic_request(const RequestRef& req) {
  int ret = req->completion->wait_interruptible();
  if (ret)
    cancel_generic_request(req);
  else
    ret = req->result;  // completed
  return ret;
}

// port of get_generic_reply(): the request's own preallocated reply, or skip.
kern::MsgRef MonClient::get_generic_reply(const kern::MsgHeader& hdr, bool* skip) {
  kern::MutexLock lock(*mutex_);
  RequestRef req = lookup_generic_request_locked(hdr.tid);
  if (!req) {
    *skip = true;
    return nullptr;
  }
  *skip = false;
  return req->reply;
}

// port of handle_statfs_reply(): a reply that is not exactly 56 bytes is ignored.
void MonClient::handle_statfs_reply(const kern::MsgRef& msg) {
  const std::uint64_t tid = msg->hdr.tid;
  wire::MStatfsReply reply;
  if (!wire::MStatfsReply::decode(msg->front, &reply, nullptr)) {
    log(LogLevel::err, "corrupt_reply", "corrupt statfs reply, tid " + std::to_string(tid),
        {{"type", "statfs_reply"}, {"tid", tid}});
    return;
  }
  RequestRef req;
  {
    kern::MutexLock lock(*mutex_);
    req = lookup_generic_request_locked(tid);
    if (!req) return;
    req->result = 0;
    if (req->st) *req->st = reply.st;
    finish_generic_request_locked(req);
  }
  complete_generic_request(req);
}

// port of ceph_monc_do_statfs(): header version 2, with the data pool (CEPH_NOPOOL: none).
int MonClient::do_statfs(std::uint64_t data_pool, wire::Statfs* buf) {
  RequestRef req = alloc_generic_request("statfs");
  req->request = kern::Message::make(wire::MSG_STATFS, wire::MStatfs::SIZE_V2);
  req->reply = kern::Message::make(wire::MSG_STATFS_REPLY, 64);
  req->st = buf;
  req->request->hdr.version = 2;
  {
    kern::MutexLock lock(*mutex_);
    register_generic_request_locked(req);
    wire::MStatfs h;
    h.fsid = monmap_.fsid;
    h.v2 = true;
    h.contains_data_pool = data_pool != NOPOOL;
    h.data_pool = data_pool;
    req->request->front = h.encode();
    req->request->hdr.front_len = static_cast<std::uint32_t>(req->request->front.size());
    send_generic_request_locked(req);
  }
  return wait_generic_request(req);
}

// port of handle_get_version_reply(): as 6.1.y stable has it, bounded by what arrived
// (front.iov_len), where 4.10 read up to the preallocated 32 B: a short reply is corrupt.
void MonClient::handle_get_version_reply(const kern::MsgRef& msg) {
  const std::uint64_t tid = msg->hdr.tid;
  wire::Decoder d(msg->front);
  const bool whole = d.need(2 * 8, "get_version reply");
  const std::uint64_t handle = whole ? d.u64() : 0;
  if (!whole || (tid != 0 && tid != handle)) {
    log(LogLevel::err, "corrupt_reply", "corrupt mon_get_version reply, tid " + std::to_string(tid),
        {{"type", "get_version_reply"}, {"tid", tid}});
    return;
  }
  RequestRef req;
  {
    kern::MutexLock lock(*mutex_);
    req = lookup_generic_request_locked(handle);
    if (!req) return;
    req->result = 0;
    req->newest = d.u64();
    finish_generic_request_locked(req);
  }
  complete_generic_request(req);
}

// port of __ceph_monc_get_version()
MonClient::RequestRef MonClient::get_version_locked_start(
    const std::string& what, std::function<void(GenericRequest&)> cb, std::uint64_t private_data) {
  RequestRef req = alloc_generic_request("get_version");
  req->request = kern::Message::make(wire::MSG_MON_GET_VERSION,
                                     static_cast<std::uint32_t>(8 + 4 + what.size()));
  req->reply = kern::Message::make(wire::MSG_MON_GET_VERSION_REPLY, 32);
  req->complete_cb = std::move(cb);
  req->private_data = private_data;
  kern::MutexLock lock(*mutex_);
  register_generic_request_locked(req);
  wire::MMonGetVersion g{req->tid, what};  // the handle is the tid
  req->request->front = g.encode();
  req->request->hdr.front_len = static_cast<std::uint32_t>(req->request->front.size());
  send_generic_request_locked(req);
  return req;
}

// port of ceph_monc_get_version()
int MonClient::get_version(const std::string& what, std::uint64_t* newest) {
  RequestRef req = get_version_locked_start(what, nullptr, 0);
  const int ret = wait_generic_request(req);
  if (!ret) *newest = req->newest;
  return ret;
}

// port of ceph_monc_get_version_async()
int MonClient::get_version_async(const std::string& what, std::function<void(GenericRequest&)> cb,
                                 std::uint64_t private_data) {
  get_version_locked_start(what, std::move(cb), private_data);
  return 0;
}

// port of handle_command_ack(): still bounded by the preallocated size (512 B) in 6.1, so a
// truncated ack completes the command with the result the zeros past its end spell: 0.
void MonClient::handle_command_ack(const kern::MsgRef& msg) {
  const std::uint64_t tid = msg->hdr.tid;
  const wire::Bytes front = msg->front_as_allocated();
  wire::Decoder d(front);
  if (!d.need(wire::MonRequestHeader::SIZE + 4, "command ack")) {
    log(LogLevel::err, "corrupt_reply", "corrupt mon_command ack, tid " + std::to_string(tid),
        {{"type", "command_ack"}, {"tid", tid}});
    return;
  }
  d.skip(wire::MonRequestHeader::SIZE);
  if (msg->front.size() < wire::MonRequestHeader::SIZE + 4)
    trace("short_reply_read", {{"type", "command_ack"}, {"tid", tid}, {"arrived", msg->front.size()}});
  RequestRef req;
  {
    kern::MutexLock lock(*mutex_);
    req = lookup_generic_request_locked(tid);
    if (!req) return;
    req->result = d.s32();
    finish_generic_request_locked(req);
  }
  complete_generic_request(req);
}

// port of do_mon_command() (do_mon_command_vargs()): one command string, wait for its ack.
int MonClient::do_mon_command(const std::string& cmd) {
  RequestRef req = alloc_generic_request("command");
  req->request = kern::Message::make(wire::MSG_MON_COMMAND, 256);
  req->reply = kern::Message::make(wire::MSG_MON_COMMAND_ACK, 512);
  {
    kern::MutexLock lock(*mutex_);
    register_generic_request_locked(req);
    wire::MMonCommand c;
    c.fsid = monmap_.fsid;
    c.cmd = {cmd};
    req->request->front = c.encode();
    MONSIM_BUG_ON(req->request->front.size() > req->request->front_alloc_len);
    req->request->hdr.front_len = static_cast<std::uint32_t>(req->request->front.size());
    send_generic_request_locked(req);
  }
  return wait_generic_request(req);
}

// port of ceph_monc_blocklist_add(): "osd blocklist", then (a monitor older than Pacific
// answers -EINVAL to a command it does not know) the same as "osd blacklist"; then wait for
// the osdmap that carries the entry, so that the OSDs see it before this client's next
// request.
int MonClient::blocklist_add(const kern::EntityAddr& client_addr) {
  const std::string addr = wire::addr_str(client_addr) + "/" + std::to_string(client_addr.nonce);
  int ret = do_mon_command("{ \"prefix\": \"osd blocklist\", \"blocklistop\": \"add\", \"addr\": \"" +
                           addr + "\" }");
  if (ret == -kern::ERR_EINVAL) {
    trace("blocklist_fallback", {{"tid", last_tid_}});
    ret = do_mon_command("{ \"prefix\": \"osd blacklist\", \"blacklistop\": \"add\", \"addr\": \"" +
                         addr + "\" }");
  }
  if (ret) return ret;
  return wait_for_latest_osdmap();
}

// port of ceph_wait_for_latest_osdmap() (ceph_common.c) with the osd client's
// ceph_osdc_maybe_request_map() reduced to an unflagged map (a one-time subscription from the
// next epoch): ask the monitors for the newest osdmap epoch, and wait, without a timeout, until
// the client has it.
int MonClient::wait_for_latest_osdmap() {
  std::uint64_t newest = 0;
  const int ret = get_version("osdmap", &newest);
  if (ret) return ret;
  if (client_.osdmap_epoch >= newest) return 0;
  if (want_map(SUB_OSDMAP, client_.osdmap_epoch + 1, false)) renew_subs();
  return wait_osdmap(static_cast<std::uint32_t>(newest), 0);
}

// port of __resend_generic_request(): every pending request, in tid order, same tid.
void MonClient::resend_generic_request_locked() {
  for (auto& [tid, req] : generic_requests_) {
    con_->revoke(req->request);
    con_->revoke_incoming(req->reply);
    trace("request_resend", {{"tid", tid}, {"kind", req->kind}, {"mon", cur_mon_}});
    con_->send(req->request);
  }
}

// ------------------------------------------------------------------ the tick

// port of delayed_work(): one tick owns all timing. Since the 6.10 race fix (in 6.1.y
// stable), a tick that runs after ceph_monc_stop() has closed the session does nothing.
void MonClient::delayed_work() {
  kern::MutexLock lock(*mutex_);
  if (cur_mon_ < 0) {
    trace("tick", {{"hunting", hunting_}, {"hunt_mult", hunt_mult_}, {"stopped", true}});
    return;
  }
  trace("tick", {{"hunting", hunting_}, {"hunt_mult", hunt_mult_}});
  if (hunting_) {
    trace("continuing_hunt", {{"mon", cur_mon_}});
    reopen_session_locked();
  } else {
    bool is_auth = auth_->is_authenticated();
    if (con_->keepalive_expired(t_.ping_timeout(k_.clock().hz()))) {
      log(LogLevel::debug, "keepalive_timeout", "monc keepalive timeout", {{"mon", cur_mon_}});
      is_auth = false;
      reopen_session_locked();
    }

    if (!hunting_) {
      con_->keepalive();
      trace("keepalive_sent", {{"mon", cur_mon_}});
      validate_auth_locked();
      un_backoff_locked();
    }

    // Monitors with MON_STATEFUL_SUB (jewel and later) keep the subscriptions themselves and
    // never ack them: only legacy ones need the renewals.
    if (is_auth && !(con_->peer_features() & kern::FEATURE_MON_STATEFUL_SUB)) {
      const kern::jiffies_t now = k_.clock().jiffies();
      if (kern::time_after_eq(now, sub_renew_after_)) {
        trace("subscribe_renew", {{"renew_after", sub_renew_after_}});
        send_subscribe_locked();
      }
    }
  }
  schedule_delayed_locked();
}

// ------------------------------------------------------------------ stop

// port of ceph_monc_stop(), with the 6.10 race fix (in 6.1.y stable): close the session and
// mark it gone under the lock first, so that a tick, mon_fault() or finish_hunting() running
// meanwhile re-arms nothing; then cancel the tick.
void MonClient::stop() {
  {
    kern::MutexLock lock(*mutex_);
    close_session_locked();
    hunting_ = false;
    cur_mon_ = -1;
  }
  delayed_work_->cancel_sync();
  if (!generic_requests_.empty())
    log(LogLevel::warn, "stop_pending_requests", "generic requests left at stop",
        {{"count", generic_requests_.size()}});
  trace("stop");
}

// ------------------------------------------------------------------ authentication

// port of finish_hunting(): since 4.17 it backs off by half and re-arms the tick at the 10 s
// ping interval (4.10 left the hunting tick armed, up to 30 s away).
void MonClient::finish_hunting_locked() {
  if (hunting_) {
    hunting_ = false;
    had_a_connection_ = true;
    un_backoff_locked();
    trace("hunting_end", {{"mon", cur_mon_}, {"hunt_mult", hunt_mult_}});
    schedule_delayed_locked();
  }
}

// port of finish_auth(): the end of an authentication exchange, whatever carried it.
void MonClient::finish_auth_locked(int auth_err, bool was_authed) {
  if (auth_err > 0)  // WARN_ON(): the callers pass 0 or an error, never a length
    log(LogLevel::warn, "finish_auth_warn", "finish_auth with auth_err " + std::to_string(auth_err),
        {{"auth_err", auth_err}});
  pending_auth_ = false;
  if (auth_err) {
    client_.auth_err = auth_err;
    // The error is the mount's to report (ceph_open_session() returns it); the kernel logs
    // nothing here (monsim's line "authentication failed: N" was its own: the differential
    // check against the tree's mon_client.c found it).
    trace("auth_error", {{"mon", cur_mon_}, {"err", kern::errno_name(auth_err)}});
    client_.auth_wq->wake_up_all();
    return;
  }
  if (!was_authed && auth_->is_authenticated()) {
    client_.msgr_name = {kern::ENTITY_TYPE_CLIENT, auth_->global_id()};
    send_subscribe_locked();
    resend_generic_request_locked();
    log(LogLevel::info, "session_established",
        "mon" + std::to_string(cur_mon_) + " " + cur_mon_addr() + " session established",
        {{"mon", cur_mon_}, {"global_id", auth_->global_id()}});
  }
}

// port of handle_auth_reply(): anything but "send this" finishes the exchange and the hunt,
// an error included (msgr1).
void MonClient::handle_auth_reply(const kern::MsgRef& msg) {
  kern::MutexLock lock(*mutex_);
  const bool was_authed = auth_->is_authenticated();
  const int ret = auth_->handle_reply(msg->front, auth_buf_, m_auth_->front_alloc_len);
  trace("auth_reply", {{"mon", cur_mon_}, {"ret", ret}, {"was_auth", was_authed}});
  if (ret > 0) {
    send_prepared_auth_request_locked(ret);
  } else {
    finish_auth_locked(ret, was_authed);
    finish_hunting_locked();
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

// port of mon_dispatch()
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
    case wire::MSG_MON_GET_VERSION_REPLY:
      handle_get_version_reply(msg);
      break;
    case wire::MSG_MON_COMMAND_ACK:
      handle_command_ack(msg);
      break;
    case wire::MSG_MON_MAP:
      handle_monmap(msg);
      break;
    case wire::MSG_OSD_MAP:
      osdc_handle_map(client_, msg);
      break;
    default:
      // Offer it to the filesystem's hook first.
      if (client_.extra_mon_dispatch && client_.extra_mon_dispatch(msg) == 0) break;
      log(LogLevel::err, "unknown_message",
          "received unknown message type " + std::to_string(type) + " " + wire::msg_type_name(type),
          {{"type", type}});
  }
}

// port of mon_alloc_msg()
kern::MsgRef MonClient::alloc_msg(const kern::MsgHeader& hdr, bool* skip) {
  const std::uint16_t type = hdr.type;
  const std::uint32_t front_len = hdr.front_len;
  kern::MsgRef m;
  *skip = false;
  switch (type) {
    case wire::MSG_MON_SUBSCRIBE_ACK:
      m = m_subscribe_ack_;
      break;
    // port: the kernel returns a request's preallocated reply straight from
    // get_generic_reply(), without the size check below, and its messenger would then read a
    // longer front past that buffer (a heap overflow no real monitor provokes). monsim gives
    // these the check every other preallocated message gets: a fresh message of the
    // advertised size, which the handler then refuses as the kernel refuses a wrong length.
    case wire::MSG_STATFS_REPLY:
    case wire::MSG_MON_COMMAND_ACK:
      m = get_generic_reply(hdr, skip);
      if (!m) return m;
      break;
    case wire::MSG_AUTH_REPLY:
      m = m_auth_reply_;
      break;
    case wire::MSG_MON_GET_VERSION_REPLY:
      if (hdr.tid != 0) {
        m = get_generic_reply(hdr, skip);  // port: the size check below, as for statfs
        if (!m) return m;
        break;
      }
      // Older monitors do not set the reply tid: fall through to a fresh allocation.
      [[fallthrough]];
    case wire::MSG_MON_MAP:
    case wire::MSG_MDS_MAP:
    case wire::MSG_OSD_MAP:
    case wire::MSG_FS_MAP_USER:
      m = kern::Message::make(type, front_len);
      break;
    default:
      break;
  }
  if (!m) {
    log(LogLevel::info, "alloc_msg_unknown", "alloc_msg unknown type " + std::to_string(type),
        {{"type", type}});
    *skip = true;
  } else if (front_len > m->front_alloc_len) {
    log(LogLevel::warn, "alloc_msg_too_big",
        "mon_alloc_msg front " + std::to_string(front_len) + " > prealloc " +
            std::to_string(m->front_alloc_len),
        {{"type", type}});
    m = kern::Message::make(type, front_len);
  }
  return m;
}

// port of mon_fault(): pick a new monitor and resubmit, unless already hunting.
void MonClient::fault() {
  kern::MutexLock lock(*mutex_);
  trace("mon_fault", {{"mon", cur_mon_}, {"hunting", hunting_}});
  if (cur_mon_ >= 0) {
    if (!hunting_) {
      reopen_session_locked();
      schedule_delayed_locked();
    }
  }
}

}  // namespace monsim::linux_6_1
