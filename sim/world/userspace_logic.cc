#include "sim/world/userspace_logic.h"

#include "client/kern/errno.h"
#include "client/userspace_16_2/rados_client.h"
#include "sim/userspace/sim_user_env.h"

namespace monsim::sim {

namespace {

class Userspace : public ClientLogic {
 public:
  Userspace(Net& net, SimKernel& host, const std::vector<kern::EntityAddr>& mons, const userspace_16_2::Options& o,
            nanos timer_latency)
      : env_(net, host, config(o, timer_latency)), rados_(env_, mons, o), hz_(host.clock().hz()) {}

  // rados_connect(): the mount's timeout is librados' own client_mount_timeout.
  int mount(kern::jiffies_t, kern::jiffies_t) override { return rados_.connect(); }
  int statfs() override { return rados_.statfs(); }
  int get_version(const std::string& what) override { return rados_.get_version(what); }
  int blacklist_add(const kern::EntityAddr& addr) override { return rados_.blocklist_add(addr); }
  int wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout) override {
    return rados_.wait_osdmap(next, epoch, static_cast<double>(timeout) / hz_);
  }
  void stop() override { rados_.shutdown(); }
  // The MonClient's lock is taken even for a look: the client is mutable state, not const.
  int cur_mon() const override { return rados_.monc_or_none(); }
  std::size_t pending_requests() const override { return rados_.pending_requests(); }

 private:
  static UserEnvConfig config(const userspace_16_2::Options& o, nanos timer_latency) {
    UserEnvConfig c;
    c.timer_latency = timer_latency;
    c.messenger.features = userspace_features();
    c.messenger.initial_backoff = static_cast<nanos>(o.ms_initial_backoff * NS_PER_S);
    c.messenger.max_backoff = static_cast<nanos>(o.ms_max_backoff * NS_PER_S);
    c.messenger.ready_timeout = static_cast<nanos>(o.ms_connection_ready_timeout * NS_PER_S);
    c.messenger.idle_timeout = static_cast<nanos>(o.ms_connection_idle_timeout * NS_PER_S);
    return c;
  }

  SimUserEnv env_;
  mutable userspace_16_2::RadosClient rados_;
  unsigned hz_;
};

}  // namespace

std::unique_ptr<ClientLogic> make_userspace_logic(Net& net, SimKernel& host, const std::vector<kern::EntityAddr>& mons,
                                                  const userspace_16_2::Options& opts, nanos timer_latency) {
  return std::make_unique<Userspace>(net, host, mons, opts, timer_latency);
}

std::uint64_t userspace_features() {
  return kern::FEATURE_MSG_AUTH | kern::FEATURE_SUBSCRIBE2 | kern::FEATURE_MSGR_KEEPALIVE2 |
         kern::FEATURE_MON_STATEFUL_SUB | kern::FEATURE_MONENC | kern::FEATURE_SERVER_NAUTILUS |
         kern::FEATURE_MSG_ADDR2;
}

}  // namespace monsim::sim
