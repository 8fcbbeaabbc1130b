#include "client/userspace_16_2/rados_client.h"

#include "client/kern/errno.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/types.h"

namespace monsim::userspace_16_2 {

namespace {
// set_want_keys(MON | OSD | MGR); cephx always wants AUTH's too.
// port: without MGR — monsim's clusters have no manager, and its monitors issue no mgr
// ticket (a cephx client would go on asking for one).
constexpr std::uint32_t kWantKeys = 0x01 | 0x04 | 0x20;  // MON | OSD | AUTH
}

RadosClient::RadosClient(userspace::Env& env, std::vector<kern::EntityAddr> mons, Options opts)
    : env_(env), mons_(std::move(mons)), opts_(opts), lock_(env.make_mutex()), cond_(env.make_cond()) {}

RadosClient::~RadosClient() = default;

// port of RadosClient::connect()
int RadosClient::connect() {
  {
    MonClient bootstrap(env_, mons_, opts_);
    const int err = bootstrap.get_monmap_and_config();
    if (err < 0) return err;
  }
  messenger_ = env_.make_messenger();
  monc_ = std::make_unique<MonClient>(env_, mons_, opts_);
  int err = monc_->build_initial_monmap();
  if (err < 0) return err;
  monc_->set_messenger(messenger_.get());
  messenger_->add_dispatcher_tail(this);  // the Objecter's place
  monc_->set_want_keys(kWantKeys);
  err = monc_->init();
  if (err < 0) return err;
  err = monc_->authenticate(opts_.client_mount_timeout);
  if (err < 0) {
    shutdown();
    return err;
  }
  kern::MutexLock l(*lock_);
  connected_ = true;
  return 0;
}

// port of RadosClient::shutdown()
void RadosClient::shutdown() {
  if (!monc_) return;
  monc_->shutdown();
  messenger_->shutdown();
}

std::size_t RadosClient::pending_requests() {
  std::size_t n = monc_ ? monc_->pending_requests() : 0;
  kern::MutexLock l(*lock_);
  return n + statfs_ops_.size();
}

// A call's number, for its completion to find it.
std::uint64_t RadosClient::new_call() {
  kern::MutexLock l(*lock_);
  return ++next_call_;
}

// Waits (user thread) until the call's completion ran in the finisher.
int RadosClient::wait_result(std::uint64_t id) {
  kern::MutexLock l(*lock_);
  while (!results_.count(id)) cond_->wait(*lock_);
  const int r = results_[id];
  results_.erase(id);
  return r;
}

void RadosClient::finish(std::uint64_t id, int r) {
  kern::MutexLock l(*lock_);
  results_[id] = r;
  cond_->notify_all();
}

void RadosClient::send_statfs(std::uint64_t tid) {
  wire::MStatfs s;
  s.v2 = true;
  auto m = kern::Message::make(wire::MSG_STATFS, 0);
  m->front = s.encode();
  m->front_alloc_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.tid = tid;
  m->hdr.version = 2;
  monc_->send_mon_message(std::move(m));
}

// Objecter::get_fs_stats() -> _fs_stats_submit(): the MStatfs goes to the MonClient, which
// holds it until there is a session; the Objecter resends it on each new monitor connection.
int RadosClient::statfs() {
  std::uint64_t id, tid;
  {
    kern::MutexLock l(*lock_);
    id = ++next_call_;
    tid = ++last_tid_;
    statfs_ops_[tid] = id;
  }
  env_.trace().emit("request_submit", {{"tid", tid}, {"kind", "statfs"}});
  send_statfs(tid);
  return wait_result(id);
}

// MonClient::get_version() as librados calls it: the caller waits for its completion.
int RadosClient::get_version(const std::string& what) {
  const std::uint64_t id = new_call();
  monc_->get_version(what, [this, id](int err, std::uint64_t, std::uint64_t) { finish(id, err); });
  return wait_result(id);
}

// port of RadosClient::blocklist_add(). port: the address is spelled as its number (the
// monitors read only the prefix), and 16.2's retry with the legacy "osd blacklist" on -EINVAL
// is left out (the monitors know "osd blocklist").
int RadosClient::blocklist_add(const kern::EntityAddr& addr) {
  const std::uint64_t id = new_call();
  const std::string cmd = "{\"prefix\": \"osd blocklist\", \"blocklistop\": \"add\", \"addr\": \"" +
                          std::to_string(addr.ipv4) + ":0/" + std::to_string(addr.nonce) + "\"}";
  monc_->start_mon_command({cmd}, [this, id](int r, const std::string&) { finish(id, r); });
  return wait_result(id);
}

// port: the Objecter's osdmap subscription, reduced to waiting for an epoch.
int RadosClient::wait_osdmap(bool next, std::uint32_t epoch, double timeout) {
  std::uint32_t want;
  {
    kern::MutexLock l(*lock_);
    want = next ? osdmap_epoch_ + 1 : epoch;
  }
  if (monc_->sub_want("osdmap", want, 0)) monc_->renew_subs();
  kern::MutexLock l(*lock_);
  const std::int64_t until = env_.clock().mono_ns() + static_cast<std::int64_t>(timeout * 1e9);
  while (osdmap_epoch_ < want) {
    if (timeout <= 0)
      cond_->wait(*lock_);  // no timeout: as long as it takes
    else if (!cond_->wait_until_mono(*lock_, until))
      return -kern::ERR_ETIMEDOUT;
  }
  return 0;
}

// The Objecter's part of dispatch: statfs replies and osdmaps.
bool RadosClient::ms_dispatch(const userspace::ConnectionRef&, kern::MsgRef m) {
  if (m->hdr.type == wire::MSG_STATFS_REPLY) {
    std::uint64_t id = 0;
    {
      kern::MutexLock l(*lock_);
      auto it = statfs_ops_.find(m->hdr.tid);
      if (it == statfs_ops_.end()) return true;
      id = it->second;
      statfs_ops_.erase(it);
    }
    env_.trace().emit("request_done", {{"tid", m->hdr.tid}, {"kind", "statfs"}, {"result", 0}});
    env_.post([this, id] { finish(id, 0); });
    return true;
  }
  if (m->hdr.type == wire::MSG_OSD_MAP) {
    wire::MOSDMap map;
    if (wire::MOSDMap::decode(m->front, &map, nullptr)) {
      kern::MutexLock l(*lock_);
      osdmap_epoch_ = std::max(osdmap_epoch_, map.newest());
      cond_->notify_all();
    }
    return true;
  }
  return false;
}

// Objecter::ms_handle_connect() -> resend_mon_ops(): every statfs op again, same tid.
void RadosClient::ms_handle_connect(const userspace::ConnectionRef&) {
  std::vector<std::uint64_t> tids;
  {
    kern::MutexLock l(*lock_);
    if (!monc_) return;
    for (const auto& [tid, id] : statfs_ops_) tids.push_back(tid);
  }
  for (std::uint64_t tid : tids) {
    env_.trace().emit("request_resend", {{"tid", tid}, {"kind", "statfs"}});
    send_statfs(tid);
  }
}

}  // namespace monsim::userspace_16_2
