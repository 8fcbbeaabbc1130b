// The librados around the MonClient (src/librados/RadosClient.cc, 16.2), as far as the
// monitors see it: rados_connect() — a bootstrap MonClient fetches the monmap and config
// (get_monmap_and_config()), then the real one opens its session — and the calls a
// workload makes of the monitors: cluster statfs (the Objecter's, resent on every new
// monitor connection), get_version, a blocklist command, waiting for an osdmap.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/userspace/env.h"
#include "client/userspace_16_2/mon_client.h"

namespace monsim::userspace_16_2 {

class RadosClient : public userspace::Dispatcher {
 public:
  RadosClient(userspace::Env& env, std::vector<kern::EntityAddr> mons, Options opts);
  ~RadosClient() override;

  // port of RadosClient::connect() (user thread): 0 or the error.
  int connect();
  // rados_cluster_stat(): Objecter::get_fs_stats(), waiting for the reply (user thread).
  int statfs();
  // rados_*: MonClient::get_version(), waiting (user thread).
  int get_version(const std::string& what);
  // rados_blocklist_add(): the "osd blocklist" mon command, waiting (user thread).
  int blocklist_add(const kern::EntityAddr& addr);
  // Objecter::wait_for_map(): until an osdmap of at least `epoch` (0: the next) arrived, or
  // `timeout` seconds (0: no timeout, as the workload's wait_osdmap has it).
  int wait_osdmap(bool next, std::uint32_t epoch, double timeout);
  // rados_shutdown()
  void shutdown();

  MonClient& monc() { return *monc_; }
  // The rank of the real MonClient's session (-1: none yet, or none).
  int monc_or_none() { return monc_ ? monc_->cur_mon() : -1; }
  std::size_t pending_requests();

  bool ms_dispatch(const userspace::ConnectionRef& con, kern::MsgRef m) override;
  void ms_handle_connect(const userspace::ConnectionRef& con) override;
  bool ms_handle_reset(const userspace::ConnectionRef&) override { return false; }

 private:
  std::uint64_t new_call();
  int wait_result(std::uint64_t id);
  void finish(std::uint64_t id, int r);
  void send_statfs(std::uint64_t tid);

  userspace::Env& env_;
  std::vector<kern::EntityAddr> mons_;
  Options opts_;
  std::unique_ptr<kern::Mutex> lock_;
  std::unique_ptr<userspace::CondVar> cond_;
  std::unique_ptr<userspace::Messenger> messenger_;
  std::unique_ptr<MonClient> monc_;
  std::map<std::uint64_t, int> results_;  // call id -> result, once done
  std::uint64_t next_call_ = 0;
  std::map<std::uint64_t, std::uint64_t> statfs_ops_;  // Objecter tid -> call id
  std::uint64_t last_tid_ = 0;
  std::uint32_t osdmap_epoch_ = 0;
  bool connected_ = false;
};

}  // namespace monsim::userspace_16_2
