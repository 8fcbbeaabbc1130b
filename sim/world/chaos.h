// Chaos: applies the scenario's fault timeline at its instants, schedules each
// `for:` undo, resolves `connected` at the instant a fault fires, and traces every fault.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/fault_steps.h"
#include "sim/world/world.h"

namespace monsim::sim {

class World::Chaos {
 public:
  explicit Chaos(World& w) : w_(w) {}
  // Schedules the timeline (before anything else of the run is scheduled).
  void start();

 private:
  void apply(const Fault& f, bool undo);
  void apply_process(const Fault& f, std::size_t id, bool undo);
  void apply_partition(const Fault& f, bool undo);
  void apply_oneway(const Fault& f, bool undo);
  void apply_reset(const Fault& f, bool undo);
  void apply_reply_rule(const Fault& f, bool undo);
  void apply_latency(const Fault& f, std::size_t id, bool undo);
  void apply_monmap_add(const Fault& f);
  void apply_clock_step(const Fault& f);
  std::vector<int> mon_ranks(const std::string& target);
  std::vector<NodeId> nodes(const std::vector<std::string>& patterns);
  void block_between(const std::vector<NodeId>& from, const std::vector<NodeId>& to, bool block);
  void trace(const Fault& f, bool undo, std::vector<kern::Field> extra);

  World& w_;
  EventLoop loop_{"chaos"};
  // What a fault actually hit when it fired, so its undo touches the same things.
  std::map<std::size_t, std::vector<int>> hit_ranks_;
  std::map<std::size_t, std::vector<std::pair<std::pair<NodeId, NodeId>, nanos>>> old_latency_;
};

}  // namespace monsim::sim
