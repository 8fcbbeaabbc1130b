// The SimGrid engine, configured once per process the way monsim needs it.
//
// SimGrid allows one engine per process, so every simulation (a run, a unit test) owns the
// process it runs in; ctest runs each test case in a process of its own.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/engine/sim_time.h"

namespace monsim::sim {

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Creates SimGrid's engine now, for the Engine this process makes later: a sweep makes it
  // once, before it forks a child per run, so that no run pays for it (SimGrid's start-up
  // is most of a short run). The engine is not run here; each child gets its own copy.
  // Once per process, before any Engine.
  static void make_in_advance();

  // Run until simulated instant `end`, then stop every actor (all of ours are daemons; one
  // timekeeper keeps the simulation alive until `end`). Returns the instant reached.
  nanos run_until(nanos end);

  // The network model settings, printed in each run's header.
  static std::string model_description();

  // How many actors this process can still hold. A SimGrid actor's stack with its guard page
  // is two memory mappings (the sanitizer build; the normal build takes stacks from malloc,
  // so the count is an upper bound there), and Linux caps a process's mappings at
  // vm.max_map_count (65530 by default); past it SimGrid aborts. Reads /proc.
  static std::size_t actor_capacity();
  static std::size_t max_map_count();
  // The vm.max_map_count at which actor_capacity() would be `actors`.
  static std::size_t max_map_count_for(std::size_t actors);

 private:
  std::unique_ptr<simgrid::s4u::Engine> engine_;
};

// Starts an actor on `host`, after checking that the process can hold one more; if it cannot,
// the run ends here (give_up()). Every actor a run starts in numbers goes through here.
simgrid::s4u::ActorPtr spawn_actor(const std::string& name, simgrid::s4u::Host* host, std::function<void()> fn);

// Ends a run that cannot go on because of what its input asks of this machine: prints
// "monsim: <why>" and exits with status 2 at once. Only in a run's own process (the parent
// monsim process removes what the run had written).
[[noreturn]] void give_up(const std::string& why);

}  // namespace monsim::sim
