// A scenario brought to life: the SimGrid platform, the mock monitor cluster, one client
// kernel + MonClient per client, the workload callers and the chaos timeline, run to the
// scenario's duration. Everything reaches the trace; metrics are derived from it afterwards.
//
// Engine -> platform -> actors -> run, as in SimGrid's examples. One World per process.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/check/world_view.h"
#include "sim/world/client_logic.h"
#include "sim/engine/engine.h"
#include "sim/kernel/sim_kernel.h"
#include "sim/world/mon_cluster.h"
#include "sim/net/net.h"
#include "sim/scenario/scenario.h"
#include "sim/engine/trace.h"

namespace monsim::sim {

class World {
 public:
  // The scenario must be valid (load_scenario_*). The engine must exist.
  World(const Scenario& s, TraceWriter& trace);
  ~World();

  // Run to the scenario's duration; ends the trace with run_end. Returns the end instant.
  nanos run(Engine& engine);

  // What the run cost, for summary.json: frames handed to the network, closures run by the
  // event loops (simulation events). Valid after run().
  std::uint64_t messages() const { return messages_; }
  std::uint64_t events() const { return events_; }

  const Scenario& scenario() const { return s_; }

  // What the invariant checkers may ask of this world (sim/check/world_view.h), while it lives.
  const WorldView& view() const;
  // `fn` hears of every frame sent on a socket its own side had closed.
  void on_send_after_close(std::function<void(nanos, std::string_view, std::uint64_t)> fn);

  // The actors a run of `s` needs at least at once: the timekeeper, and a mount per client
  // when all clients start at the same instant. Everything else is scheduled without an
  // actor; callers and mounts come and go (spawn_actor() checks each).
  static std::size_t standing_actors(const Scenario& s);

 private:
  struct Client {
    int index = 0;
    std::string name;
    NodeId node = -1;
    std::unique_ptr<SimKernel> kernel;
    std::unique_ptr<ClientLogic> monc;
    bool mounted = false;
    int inflight = 0;  // workload calls not returned yet
    std::uint64_t op_seq = 0;
  };
  class Chaos;
  class View;

  void build_platform();
  void start_client(Client& c);
  void start_workload(Client& c, const WorkloadItem& w);
  void workload_at(Client* c, const WorkloadItem* item, nanos t);
  void run_op(Client& c, const WorkloadItem& w);
  std::vector<NodeId> match(const std::string& pattern) const;
  std::vector<int> match_clients(const std::vector<std::string>& patterns) const;

  Scenario s_;
  TraceWriter& trace_;
  std::unique_ptr<Net> net_;
  std::vector<NodeId> mon_nodes_;
  std::unique_ptr<SimMonCluster> cluster_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::unique_ptr<NodeTrace> chaos_trace_;
  std::unique_ptr<Chaos> chaos_;
  std::unique_ptr<View> view_;
  std::unique_ptr<EventLoop> users_ = std::make_unique<EventLoop>("users");  // starts user processes
  std::vector<kern::EntityAddr> mon_addrs_;
  std::uint64_t messages_ = 0, events_ = 0;
};

}  // namespace monsim::sim
