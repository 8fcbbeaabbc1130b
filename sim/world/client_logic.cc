#include "sim/world/client_logic.h"

#include <type_traits>

#include "client/kern/errno.h"
#include "client/linux_2_6_34/mon_client.h"
#include "client/linux_4_10/mon_client.h"
#include "client/linux_6_1/mon_client.h"
#include "sim/scenario/logics.h"
#ifdef MONSIM_HAVE_LINUX_SOURCE
#include "client/linux_source/source_client.h"
#endif

namespace monsim::sim {

namespace {

constexpr int kNotSupported = -95;  // -EOPNOTSUPP

// linux-4.10 and linux-6.1: the same libceph around them; they differ in what statfs and the
// blocklist call are named and take.
template <typename MonClient>
class Modern : public ClientLogic {
 public:
  Modern(kern::Kernel& k, const std::vector<kern::EntityAddr>& mons, const libceph::Tunables& t) : ceph_(k) {
    ceph_.extra_mon_dispatch = [this](const kern::MsgRef& m) { return libceph::cephfs_extra_mon_dispatch(ceph_, m); };
    monc_ = std::make_unique<MonClient>(ceph_, k, mons, "admin", t);
  }
  int mount(kern::jiffies_t started, kern::jiffies_t timeout) override {
    return libceph::ceph_open_session(ceph_, started, timeout);
  }
  int statfs() override {
    wire::Statfs st;
    if constexpr (std::is_same_v<MonClient, linux_6_1::MonClient>)
      return monc_->do_statfs(linux_6_1::NOPOOL, &st);  // rbd's and a plain cephfs statfs
    else
      return monc_->do_statfs(&st);
  }
  int get_version(const std::string& what) override {
    std::uint64_t newest = 0;
    return monc_->get_version(what, &newest);
  }
  int blacklist_add(const kern::EntityAddr& addr) override {
    if constexpr (std::is_same_v<MonClient, linux_6_1::MonClient>)
      return monc_->blocklist_add(addr);
    else
      return monc_->blacklist_add(addr);
  }
  int wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout) override {
    if (next) epoch = monc_->have(libceph::SUB_OSDMAP) + 1;
    // Like the osd client: ask for the map, then wait for it.
    if (monc_->want_map(libceph::SUB_OSDMAP, epoch, false)) monc_->renew_subs();
    return monc_->wait_osdmap(epoch, timeout);
  }
  void stop() override { monc_->stop(); }
  int cur_mon() const override { return monc_->cur_mon(); }
  std::size_t pending_requests() const override { return monc_->pending_requests(); }

 private:
  libceph::CephClient ceph_;
  std::unique_ptr<MonClient> monc_;
};

class Linux2634 : public ClientLogic {
 public:
  Linux2634(kern::Kernel& k, const std::vector<kern::EntityAddr>& mons) : ceph_(k) {
    monc_ = std::make_unique<linux_2_6_34::MonClient>(ceph_, k, mons);
  }
  int mount(kern::jiffies_t started, kern::jiffies_t timeout) override {
    return linux_2_6_34::ceph_open_session(ceph_, started, timeout);
  }
  int statfs() override {
    wire::Statfs st;
    return monc_->do_statfs(&st);
  }
  int get_version(const std::string&) override { return kNotSupported; }
  int blacklist_add(const kern::EntityAddr&) override { return kNotSupported; }
  int wait_osdmap(bool, std::uint32_t, kern::jiffies_t) override { return kNotSupported; }
  void stop() override { monc_->stop(); }
  int cur_mon() const override { return monc_->cur_mon(); }
  std::size_t pending_requests() const override { return monc_->pending_requests(); }

 private:
  linux_2_6_34::CephClient ceph_;
  std::unique_ptr<linux_2_6_34::MonClient> monc_;
};

#ifdef MONSIM_HAVE_LINUX_SOURCE
// linux-source and the seeds: C the kernel wrote (client/linux_source).
class LinuxSource : public ClientLogic {
 public:
  LinuxSource(kern::Kernel& k, const lsrc_tree& tree, const std::vector<kern::EntityAddr>& mons)
      : client_(k, tree, mons, "admin") {}
  int mount(kern::jiffies_t started, kern::jiffies_t timeout) override { return client_.mount(started, timeout); }
  int statfs() override { return client_.statfs(); }
  int get_version(const std::string& what) override { return client_.get_version(what); }
  int blacklist_add(const kern::EntityAddr& addr) override { return client_.blocklist_add(addr); }
  int wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout) override {
    return client_.wait_osdmap(next, epoch, timeout);
  }
  void stop() override { client_.stop(); }
  int cur_mon() const override { return client_.cur_mon(); }
  std::size_t pending_requests() const override { return client_.pending_requests(); }

 private:
  linux_source::SourceClient client_;
};
#endif

}  // namespace

std::unique_ptr<ClientLogic> make_client_logic(const std::string& logic, kern::Kernel& kernel,
                                               const std::vector<kern::EntityAddr>& mons,
                                               const libceph::Tunables& tunables) {
  if (logic == "linux-2.6.34") return std::make_unique<Linux2634>(kernel, mons);
  if (logic == "linux-6.1") return std::make_unique<Modern<linux_6_1::MonClient>>(kernel, mons, tunables);
#ifdef MONSIM_HAVE_LINUX_SOURCE
  if (const lsrc_tree* tree = linux_source::tree_for(logic)) return std::make_unique<LinuxSource>(kernel, *tree, mons);
#endif
  return std::make_unique<Modern<linux_4_10::MonClient>>(kernel, mons, tunables);
}

std::string client_logic_source(const std::string& logic) {
#ifdef MONSIM_HAVE_LINUX_SOURCE
  if (const lsrc_tree* tree = linux_source::tree_for(logic))
    return std::string(tree->version) + " (sha256 " + tree->hash + ")";
#endif
  (void)logic;
  return "";
}

std::uint64_t client_features(const std::string& name) {
  const std::string_view logic = port_of(name);  // a seed speaks as its port
  const std::uint64_t base = kern::FEATURE_MSG_AUTH;
  if (logic == "linux-2.6.34") return base;
  const std::uint64_t v410 = base | kern::FEATURE_SUBSCRIBE2 | kern::FEATURE_MSGR_KEEPALIVE2;
  if (logic == "linux-4.10") return v410;
  // 6.1 (CEPH_FEATURES_SUPPORTED_DEFAULT): the monitor keeps its subscriptions, and it reads
  // versioned monmaps with address vectors.
  return v410 | kern::FEATURE_MON_STATEFUL_SUB | kern::FEATURE_MONENC |
         kern::FEATURE_SERVER_NAUTILUS | kern::FEATURE_MSG_ADDR2;
}

ReconnectBackoff client_reconnect_backoff(const std::string& name) {
  const std::string_view logic = port_of(name);
  if (logic == "linux-6.1" || logic == "linux-source") return ReconnectBackoff::since_5_11();
  return ReconnectBackoff::until_5_10();
}

bool client_timer_wheel(const std::string& logic) { return port_of(logic) != "linux-2.6.34"; }

bool client_tail_loss_probe(const std::string& logic) { return port_of(logic) != "linux-2.6.34"; }

bool client_coarse_realtime(const std::string& logic) {
  return port_of(logic) == "linux-2.6.34" || port_of(logic) == "linux-4.10";
}

}  // namespace monsim::sim
