#include "client/linux_source/source_client.h"

#include <cstring>

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "client/kshim/wait_queue.h"
#include "client/wire/types.h"

namespace monsim::linux_source {

namespace {

lsrc_msg_view view_of(const kern::MsgHeader& h, const void* front, std::size_t front_len) {
  lsrc_msg_view v{};
  v.seq = h.seq;
  v.tid = h.tid;
  v.type = h.type;
  v.priority = h.priority;
  v.version = h.version;
  v.compat_version = h.compat_version;
  v.front_len = static_cast<std::uint32_t>(front_len);
  v.middle_len = h.middle_len;
  v.data_len = h.data_len;
  v.src_type = h.src.type;
  v.src_num = h.src.num;
  v.front = front;
  return v;
}

}  // namespace

// One of C's connections: monsim's connection behind it, whose callbacks (the messenger
// context) enter C as the node and call the tree's connection operations.
class SourceClient::Con : public kern::ConnectionOwner {
 public:
  Con(SourceClient& s, ceph_connection* con) : s_(s), con_(con), impl_(s.k_.make_connection(*this)) {}

  kern::Connection& impl() { return *impl_; }
  ceph_connection* c() const { return con_; }
  ceph_msg* reading() const { return in_; }
  int nref = 1;  // 2010's connection reference count (ceph_con_init() made the first)

  void dispatch(kern::MsgRef msg) override {
    kshim::Enter enter(s_.node_);
    MONSIM_BUG_ON(!in_ || msg != in_ref_);  // a message alloc_msg() did not give
    ceph_msg* m = in_;
    in_ = nullptr;
    in_ref_.reset();
    const lsrc_msg_view v = view_of(msg->hdr, msg->front.data(), msg->front.size());
    s_.events_.arrived(v);
    s_.t_.dispatch(con_, m, &v);  // consumes the messenger's reference
  }

  void fault() override {
    kshim::Enter enter(s_.node_);
    drop_incoming();
    s_.t_.fault(con_);
  }

  kern::MsgRef alloc_msg(const kern::MsgHeader& hdr, bool* skip) override {
    kshim::Enter enter(s_.node_);
    drop_incoming();
    const lsrc_msg_view h = view_of(hdr, nullptr, hdr.front_len);
    int c_skip = 0;
    ceph_msg* m = s_.t_.alloc_msg(con_, &h, &c_skip);
    *skip = c_skip != 0;
    if (!m) return nullptr;
    lsrc_msg_view mv{};
    s_.t_.msg_view(m, &mv);
    kern::MsgRef ref = s_.ref_of(m, hdr.type, mv.front_alloc_len);
    ref->hdr = kern::MsgHeader{};
    ref->hdr.type = hdr.type;
    ref->front.clear();
    ref->front_alloc_len = static_cast<std::uint32_t>(mv.front_alloc_len);
    in_ = m;
    in_ref_ = ref;
    return ref;
  }

  // The messenger stops reading into the message it was given (a fault, a close, a revoke):
  // its reference goes back, as ceph_con_close() puts con->in_msg.
  void drop_incoming() {
    if (!in_) return;
    ceph_msg* m = in_;
    in_ = nullptr;
    in_ref_.reset();
    s_.t_.msg_put(m);
  }

 private:
  SourceClient& s_;
  ceph_connection* con_;
  std::unique_ptr<kern::Connection> impl_;
  ceph_msg* in_ = nullptr;  // the C message being read into (the messenger's reference)
  kern::MsgRef in_ref_;
};

SourceClient::SourceClient(kern::Kernel& kernel, const lsrc_tree& tree, const std::vector<kern::EntityAddr>& mons,
                           const std::string& auth_name)
    : t_(tree),
      k_(kernel),
      node_(kernel, [this](char level, std::string_view func, std::string_view text) {
        events_.printk(level, func, text);
      }),
      ceph_(kernel),
      ceph2010_(kernel),
      events_(tree, kernel.trace(), kernel.clock()) {
  node_.owner = this;
  // One wait queue for C and C++: mon_client.c and the client's mount wait both use it.
  ceph_.auth_wq = std::make_unique<kshim::CountingWaitQueue>(kernel.make_wait_queue());
  ceph2010_.auth_wq = std::make_unique<kshim::CountingWaitQueue>(kernel.make_wait_queue());
  if (is_2010())
    ceph2010_.monc = this;
  else
    ceph_.monc = this;
  node_.on_enter([this] {  // what C reads of a connection directly: its peer's features
    for (auto& [key, con] : cons_) t_.con_features(con->c(), con->impl().peer_features());
  });
  std::vector<std::uint32_t> ips;
  std::vector<std::uint16_t> ports;
  for (const auto& m : mons) {
    ips.push_back(m.ipv4);
    ports.push_back(m.port);
  }
  kshim::Enter enter(node_);
  kern::WaitQueue* auth_wq = is_2010() ? ceph2010_.auth_wq.get() : ceph_.auth_wq.get();
  c_ = t_.create(static_cast<int>(mons.size()), ips.data(), ports.data(), auth_name.c_str(), auth_wq);
  events_.attach(c_);
}

SourceClient::~SourceClient() = default;

// ---- what the world asks

int SourceClient::mount(kern::jiffies_t started, kern::jiffies_t timeout) {
  if (is_2010()) return linux_2_6_34::ceph_open_session(ceph2010_, started, timeout);
  return libceph::ceph_open_session(ceph_, started, timeout);
}

int SourceClient::open_session() {
  kshim::Enter enter(node_);
  if (is_2010()) events_.opening();
  return t_.open_session(c_);
}

int SourceClient::statfs() {
  kshim::Enter enter(node_);
  const int ret = t_.statfs(c_, -1);  // CEPH_NOPOOL: rbd's and a plain cephfs statfs
  if (is_2010() && ret < 0) events_.statfs_failed(ret);
  return ret;
}

int SourceClient::get_version(const std::string& what) {
  if (!t_.get_version) return -kern::ERR_EOPNOTSUPP;  // 2010 had none
  kshim::Enter enter(node_);
  std::uint64_t newest = 0;
  return t_.get_version(c_, what.c_str(), &newest);
}

int SourceClient::blocklist_add(const kern::EntityAddr& addr) {
  if (!t_.blocklist_add) return -kern::ERR_EOPNOTSUPP;
  kshim::Enter enter(node_);
  return t_.blocklist_add(c_, addr.ipv4, addr.port, addr.nonce);
}

int SourceClient::wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout) {
  if (!t_.wait_osdmap) return -kern::ERR_EOPNOTSUPP;
  kshim::Enter enter(node_);
  if (next) epoch = t_.have(c_, libceph::SUB_OSDMAP) + 1;
  // Like the osd client: ask for the map, then wait for it.
  if (t_.want_map(c_, libceph::SUB_OSDMAP, epoch, false)) t_.renew_subs(c_);
  return t_.wait_osdmap(c_, epoch, timeout);
}

void SourceClient::stop() {
  kshim::Enter enter(node_);
  t_.stop(c_);
  events_.stopped();
}

int SourceClient::cur_mon() const { return t_.cur_mon(c_); }
std::size_t SourceClient::pending_requests() const { return t_.pending_requests(c_); }

void SourceClient::got_map(int sub, std::uint32_t epoch) {
  kshim::Enter enter(node_);
  t_.got_map(c_, sub, epoch);
}

int SourceClient::got_mdsmap(std::uint32_t got) {
  kshim::Enter enter(node_);
  const int ret = t_.got_mdsmap(c_, got);
  events_.got_map("mdsmap", got);
  return ret;
}

int SourceClient::got_osdmap(std::uint32_t got) {
  kshim::Enter enter(node_);
  const int ret = t_.got_osdmap(c_, got);
  events_.got_map("osdmap", got);
  return ret;
}

int SourceClient::auth_err(const linux_2_6_34::CephClient&) const { return t_.auth_err(c_); }
std::uint64_t SourceClient::client_id(const linux_2_6_34::CephClient&) const { return t_.global_id(c_); }

std::uint32_t SourceClient::monmap_epoch() const { return t_.monmap_epoch(c_); }
int SourceClient::auth_err(const libceph::CephClient&) const { return t_.auth_err(c_); }
std::uint64_t SourceClient::client_id(const libceph::CephClient&) const { return t_.global_id(c_); }

// ---- connections and messages

kern::MsgRef SourceClient::ref_of(ceph_msg* msg, std::uint16_t type, int front_alloc_len) {
  Sent& s = msgs_[msg];
  if (!s.ref) s.ref = kern::Message::make(type, static_cast<std::uint32_t>(front_alloc_len));
  return s.ref;
}

void SourceClient::con_make(ceph_connection* con) { cons_[con] = std::make_unique<Con>(*this, con); }

void SourceClient::con_open(ceph_connection* con, const kern::EntityName& peer, const kern::EntityAddr& addr) {
  cons_.at(con)->impl().open(peer, addr);
}

void SourceClient::con_close(ceph_connection* con) {
  Con& c = *cons_.at(con);
  c.impl().close();
  c.drop_incoming();
}

void SourceClient::con_send(ceph_connection* con, ceph_msg* msg, const lsrc_msg_view& v) {
  kern::MsgRef ref = ref_of(msg, v.type, v.front_alloc_len);
  ref->hdr.tid = v.tid;
  ref->hdr.type = v.type;
  ref->hdr.priority = v.priority;
  ref->hdr.version = v.version;
  ref->hdr.compat_version = v.compat_version;
  ref->hdr.front_len = v.front_len;
  ref->hdr.src = {v.src_type, v.src_num};
  const auto* front = static_cast<const std::uint8_t*>(v.front);
  ref->front.assign(front, front + v.front_len);
  ref->front_alloc_len = static_cast<std::uint32_t>(v.front_alloc_len);
  Con* c = cons_.at(con).get();
  msgs_[msg].con = c;
  events_.sent(v);
  c->impl().send(ref);
}

void SourceClient::con_keepalive(ceph_connection* con) {
  cons_.at(con)->impl().keepalive();
  events_.keepalive();
}

bool SourceClient::con_keepalive_expired(ceph_connection* con, unsigned long interval) {
  return cons_.at(con)->impl().keepalive_expired(interval);
}

void SourceClient::msg_revoke(ceph_msg* msg) {
  auto it = msgs_.find(msg);
  if (it != msgs_.end() && it->second.con) it->second.con->impl().revoke(it->second.ref);
}

void SourceClient::msg_revoke_incoming(ceph_msg* msg) {
  for (auto& [key, con] : cons_)
    if (con->reading() == msg) {
      con->impl().revoke_incoming(msgs_.at(msg).ref);
      con->drop_incoming();
    }
}

void SourceClient::msg_forget(ceph_msg* msg) { msgs_.erase(msg); }

int SourceClient::con_ref(ceph_connection* con, int delta) {
  Con& c = *cons_.at(con);
  c.nref += delta;
  MONSIM_BUG_ON(c.nref < 0);
  return c.nref;
}

void SourceClient::con_forget(ceph_connection* con) {
  for (auto& [key, sent] : msgs_)
    if (sent.con == cons_.at(con).get()) sent.con = nullptr;
  cons_.erase(con);
}

auth::AuthClient& SourceClient::auth(ceph_auth_client* ac, const char* name, unsigned want_keys) {
  auto& a = auths_[ac];
  if (!a) a = std::make_unique<auth::AuthClient>(name ? name : "", want_keys, k_.clock(), k_.random(), k_.trace());
  return *a;
}

void SourceClient::auth_destroy(ceph_auth_client* ac) { auths_.erase(ac); }

}  // namespace monsim::linux_source

// ------------------------------------------------------------------ the hooks (glue.h)

namespace {

monsim::linux_source::SourceClient& self() {
  auto* s = static_cast<monsim::linux_source::SourceClient*>(monsim::kshim::current().owner);
  MONSIM_BUG_ON(s == nullptr);  // C of a node that runs no source logic
  return *s;
}

// Copies a front the auth model built into C's buffer; its length, or -ERANGE.
// The port's message for one the tree hands back to monsim: its type and front.
monsim::kern::MsgRef message_of(const lsrc_msg_view& v) {
  auto msg = monsim::kern::Message::make(v.type, v.front_len);
  const auto* p = static_cast<const std::uint8_t*>(v.front);
  msg->front.assign(p, p + v.front_len);
  msg->hdr.type = v.type;
  return msg;
}

int copy_front(const monsim::wire::Bytes& front, int ret, void* buf, std::size_t cap) {
  if (ret <= 0) return ret;
  if (front.size() > cap) return -monsim::kern::ERR_ERANGE;
  std::memcpy(buf, front.data(), front.size());
  return ret;
}

}  // namespace

extern "C" {

void lsrc_con_make(ceph_connection* con) {
  monsim::kshim::Keep keep;
  self().con_make(con);
}
void lsrc_con_open(ceph_connection* con, std::uint8_t type, std::uint64_t num, std::uint32_t addr_type,
                   std::uint32_t nonce, std::uint32_t ipv4, std::uint16_t port) {
  monsim::kshim::Keep keep;
  self().con_open(con, {type, num}, {addr_type, nonce, ipv4, port});
}
void lsrc_con_close(ceph_connection* con) {
  monsim::kshim::Keep keep;
  self().con_close(con);
}
void lsrc_con_send(ceph_connection* con, ceph_msg* msg, const lsrc_msg_view* v) {
  monsim::kshim::Keep keep;
  self().con_send(con, msg, *v);
}
void lsrc_con_keepalive(ceph_connection* con) {
  monsim::kshim::Keep keep;
  self().con_keepalive(con);
}
bool lsrc_con_keepalive_expired(ceph_connection* con, unsigned long interval) {
  monsim::kshim::Keep keep;
  return self().con_keepalive_expired(con, interval);
}
void lsrc_msg_revoke(ceph_msg* msg) {
  monsim::kshim::Keep keep;
  self().msg_revoke(msg);
}
void lsrc_msg_revoke_incoming(ceph_msg* msg) {
  monsim::kshim::Keep keep;
  self().msg_revoke_incoming(msg);
}
void lsrc_msg_forget(ceph_msg* msg) {
  monsim::kshim::Keep keep;
  if (monsim::kshim::has_current()) self().msg_forget(msg);
}

int lsrc_auth_build_hello(ceph_auth_client* ac, const char* name, unsigned want_keys, void* buf, std::size_t cap) {
  monsim::kshim::Keep keep;
  monsim::wire::Bytes front;
  const int ret = self().auth(ac, name, want_keys).build_hello(front, cap);
  return copy_front(front, ret, buf, cap);
}
int lsrc_auth_handle_reply(ceph_auth_client* ac, const void* reply, std::size_t len, void* buf, std::size_t cap) {
  monsim::kshim::Keep keep;
  auto& s = self();
  monsim::auth::AuthClient& a = s.auth(ac);
  const bool was_auth = a.is_authenticated();
  monsim::wire::Bytes front;
  const int ret = a.handle_reply({static_cast<const std::uint8_t*>(reply), len}, front, cap);
  s.events().auth_reply(ret, was_auth);
  return copy_front(front, ret, buf, cap);
}
int lsrc_auth_build(ceph_auth_client* ac, void* buf, std::size_t cap) {
  monsim::kshim::Keep keep;
  monsim::wire::Bytes front;
  const int ret = self().auth(ac).build_auth(front, cap);
  return copy_front(front, ret, buf, cap);
}
bool lsrc_auth_authenticated(ceph_auth_client* ac) {
  monsim::kshim::Keep keep;
  return self().auth(ac).is_authenticated();
}
std::uint64_t lsrc_auth_global_id(ceph_auth_client* ac) {
  monsim::kshim::Keep keep;
  return self().auth(ac).global_id();
}
void lsrc_auth_reset(ceph_auth_client* ac) {
  monsim::kshim::Keep keep;
  self().auth(ac).reset();
}
void lsrc_auth_destroy(ceph_auth_client* ac) {
  monsim::kshim::Keep keep;
  self().auth_destroy(ac);
}

int lsrc_check_fsid(const void* fsid16, bool have_fsid) {
  monsim::kshim::Keep keep;
  auto& s = self();
  monsim::wire::Fsid f;
  std::memcpy(f.bytes.data(), fsid16, f.bytes.size());
  if (s.is_2010()) {  // the 2010 client keeps have_fsid itself (client/linux_2_6_34)
    const int ret = s.ceph2010().check_fsid(f);
    s.events().fsid_checked(ret);
    return ret;
  }
  auto& ceph = s.ceph();
  ceph.have_fsid = have_fsid;
  return ceph.check_fsid(f);
}

void lsrc_osdc_handle_map(const lsrc_msg_view* v, bool have_fsid) {
  monsim::kshim::Keep keep;
  auto& s = self();
  auto msg = message_of(*v);
  msg->hdr.tid = v->tid;
  if (s.is_2010()) {
    monsim::linux_2_6_34::osdc_handle_map(s.ceph2010(), msg);
    return;
  }
  auto& ceph = s.ceph();
  ceph.have_fsid = have_fsid;
  monsim::libceph::osdc_handle_map(ceph, msg);
}

void lsrc_mdsc_handle_map(const lsrc_msg_view* v) {
  monsim::kshim::Keep keep;
  auto& s = self();
  monsim::linux_2_6_34::mdsc_handle_map(s.ceph2010(), message_of(*v));
}

int lsrc_con_ref(ceph_connection* con, int delta) {
  monsim::kshim::Keep keep;
  return self().con_ref(con, delta);
}

void lsrc_con_forget(ceph_connection* con) {
  monsim::kshim::Keep keep;
  self().con_forget(con);
}

int lsrc_extra_mon_dispatch(const lsrc_msg_view* v, bool have_fsid) {
  monsim::kshim::Keep keep;
  auto& ceph = self().ceph();
  ceph.have_fsid = have_fsid;
  auto msg = message_of(*v);
  return monsim::libceph::cephfs_extra_mon_dispatch(ceph, msg);
}

std::uint32_t lsrc_osdmap_epoch(void) {
  monsim::kshim::Keep keep;
  return self().ceph().osdmap_epoch;
}
const char* lsrc_msg_type_name(int type) {
  monsim::kshim::Keep keep;
  return monsim::wire::msg_type_name(static_cast<std::uint16_t>(type));
}

}  // extern "C"
