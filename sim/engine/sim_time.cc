#include "sim/engine/sim_time.h"

#include <cmath>
#include <cstdio>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace monsim::sim {

nanos now_ns() { return std::llround(simgrid::s4u::Engine::get_clock() * 1e9); }

std::string format_seconds(nanos ns) {
  char buf[40];
  const char* sign = ns < 0 ? "-" : "";
  const nanos a = ns < 0 ? -ns : ns;
  std::snprintf(buf, sizeof buf, "%s%lld.%06lld", sign, static_cast<long long>(a / NS_PER_S),
                static_cast<long long>((a % NS_PER_S) / NS_PER_US));
  return buf;
}

void sleep_until_ns(nanos ns) { simgrid::s4u::this_actor::sleep_until(to_seconds(ns)); }

}  // namespace monsim::sim
