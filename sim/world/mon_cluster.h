// The mock monitor cluster on SimGrid: each mock_mon::Monitor runs in its node's process
// loop (so SIGSTOP freezes it, ticks included), behind a ServerMessenger; one cluster loop
// advances the quorum model and the map epochs and tells the monitors. Process and host
// states map onto the network's fault semantics (DESIGN.md §4):
//   kill      the process dies: its connections are reset, its listener gone
//   revive    the process restarts with no sessions and rejoins the quorum after a probe
//   pause     SIGSTOP: nothing is processed or answered, keepalive acks included
//   resume    everything queued is processed; the monitor calls an election
//   poweroff  the host goes silent; poweron boots it and starts the process
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mock_mon/monitor.h"
#include "sim/engine/event_loop.h"
#include "sim/net/messenger.h"
#include "sim/net/net.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/trace.h"

namespace monsim::sim {

class SimMonCluster {
 public:
  // `nodes[r]` is rank r's node; the cluster config's addresses must be theirs.
  SimMonCluster(Net& net, TraceWriter& trace, mock_mon::ClusterConfig cfg,
                std::vector<NodeId> nodes, std::uint64_t seed, bool keepalive2 = true);
  ~SimMonCluster();

  // Start every monitor with a formed quorum (simulated time 0). Before the run.
  void start();

  void kill(int rank);
  void revive(int rank);
  void pause(int rank);
  void resume(int rank);
  void poweroff(int rank);
  void poweron(int rank);
  // Monitor-to-monitor reachability (partitions that split the monitors).
  void set_reachable(int a, int b, bool reachable);
  // The monmap changed (a monitor was added): subscribers get the new one.
  void monmap_changed();

  // The process runs, is not stopped, and its host is on.
  bool running(int rank) const;
  // A member of a formed quorum (not electing) holding a valid lease: it serves reads now.
  bool in_quorum(int rank) const;
  // running(), in a formed quorum, and no reply rule in force (what the checkers call serving).
  bool serving(int rank) const;

  mock_mon::Cluster& cluster() { return cluster_; }
  mock_mon::Monitor& monitor(int rank) { return *mons_.at(rank)->monitor; }
  int size() const { return static_cast<int>(mons_.size()); }
  // "mon.c": the name of the monitor of this rank (ranks never move: an added one comes last).
  std::string mon_name(int rank) const;
  NodeId node(int rank) const { return mons_.at(rank)->node; }
  int rank_of(NodeId node) const;
  // Connections currently open on a monitor (for "connected").
  std::vector<ServerMessenger::ConnId> connections(int rank) const;

 private:
  struct Mon : ServerMessenger::Handler {
    SimMonCluster* owner = nullptr;
    int rank = 0;
    NodeId node = -1;
    std::string name;
    std::unique_ptr<EventLoop> loop;
    std::unique_ptr<NodeTrace> trace;
    std::unique_ptr<ServerMessenger> msgr;
    std::unique_ptr<mock_mon::Monitor> monitor;
    std::unique_ptr<RandomStream> rng;
    bool process_up = true;
    std::uint64_t generation = 0;             // bumped at every process death
    std::map<ServerMessenger::ConnId, nanos> fifo;  // last scheduled send per connection

    void on_message(ServerMessenger::ConnId conn, kern::MsgRef msg) override;
    void on_session_open(ServerMessenger::ConnId conn, NodeId peer, std::uint64_t features) override;
    void on_session_closed(ServerMessenger::ConnId conn) override;
    nanos keepalive_ack_delay(ServerMessenger::ConnId conn) override;
    void apply(const mock_mon::Actions& actions);
    void start_ticks();
    void die();
  };

  void arm_cluster_timer();
  void on_cluster_timer();
  void publish_changes();
  void state(int rank, const char* what);

  Net& net_;
  TraceWriter& trace_;
  mock_mon::Cluster cluster_;
  std::vector<std::unique_ptr<Mon>> mons_;
  std::unique_ptr<EventLoop> cluster_loop_;
  std::unique_ptr<NodeTrace> cluster_trace_;
  EventLoop::Id cluster_timer_ = 0;
  nanos cluster_timer_at_ = -1;
};

}  // namespace monsim::sim
