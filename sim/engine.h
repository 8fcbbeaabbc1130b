// The SimGrid engine, configured once per process the way monsim needs it.
//
// SimGrid allows one engine per process, so every simulation (a run, a unit test) owns the
// process it runs in; ctest runs each test case in a process of its own.
#pragma once

#include <memory>
#include <string>

#include <simgrid/s4u/Engine.hpp>

#include "sim/sim_time.h"

namespace monsim::sim {

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Run until simulated instant `end`, then stop every actor (all of ours are daemons; one
  // timekeeper keeps the simulation alive until `end`). Returns the instant reached.
  nanos run_until(nanos end);

  // The network model settings, printed in each run's header.
  static std::string model_description();

 private:
  std::unique_ptr<simgrid::s4u::Engine> engine_;
};

}  // namespace monsim::sim
