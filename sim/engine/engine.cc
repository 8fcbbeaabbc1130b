#include "sim/engine/engine.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "client/kern/bug.h"
#include "sim/engine/event_loop.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

bool g_engine_created = false;
std::size_t g_actor_budget = 0;  // set when the engine is created

// The default LV08 model multiplies latency by 13.01 and bandwidth by 0.97; CM02 with unit
// factors is "latency + size / bandwidth" with max-min sharing. No TCP window bound
// (TCP-gamma 0) and no cross traffic, so a configured figure is the observed figure.
const std::vector<std::string> kConfig = {
    "network/model:CM02",
    "network/latency-factor:1",
    "network/bandwidth-factor:1",
    "network/TCP-gamma:0",
    "network/crosstraffic:0",
    "contexts/stack-size:64",
};

std::string bug_context() {
  char buf[128];
  const std::string t = format_seconds(now_ns());
  if (sg4::this_actor::is_maestro()) {
    std::snprintf(buf, sizeof buf, "(t=%s)", t.c_str());
  } else {
    std::snprintf(buf, sizeof buf, "(t=%s actor=%s host=%s)", t.c_str(),
                  sg4::this_actor::get_cname(), sg4::this_actor::get_host()->get_cname());
  }
  return buf;
}

}  // namespace

namespace {

std::unique_ptr<sg4::Engine> g_made_in_advance;

std::unique_ptr<sg4::Engine> make_sg_engine() {
  std::vector<std::string> args = {"monsim", "--log=root.thresh:warning",
                                   "--log=xbt_cfg.thresh:warning"};
  for (const auto& c : kConfig) args.push_back("--cfg=" + c);
  // Actor stacks without a guard page come from malloc instead of a mapping each (mmap,
  // mprotect, munmap and a TLB flush per actor: a third of storm-1000, whose mounts are an
  // actor each). The sanitizer build keeps the guard pages, so that a stack overflow on any
  // path the tests take is caught there. (Not a model setting: not in the run's header.)
#if !defined(__SANITIZE_ADDRESS__)
  args.push_back("--cfg=contexts/guard-size:0");
#endif
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  // SimGrid takes SIGINT for itself ("CTRL-C pressed", exit 1); the process keeps its own
  // disposition instead (monsim's run process ignores it: the parent acts on interrupts).
  struct sigaction old_int {};
  ::sigaction(SIGINT, nullptr, &old_int);
  auto engine = std::make_unique<sg4::Engine>(&argc, argv.data());
  ::sigaction(SIGINT, &old_int, nullptr);
  return engine;
}

}  // namespace

void Engine::make_in_advance() {
  MONSIM_BUG_ON(g_engine_created || g_made_in_advance);
  g_made_in_advance = make_sg_engine();
}

Engine::Engine() {
  MONSIM_BUG_ON(g_engine_created);  // SimGrid: one engine per process
  g_engine_created = true;
  engine_ = g_made_in_advance ? std::move(g_made_in_advance) : make_sg_engine();
  kern::set_bug_context(&bug_context);
  g_actor_budget = actor_capacity();
}

Engine::~Engine() { kern::set_bug_context(nullptr); }

nanos Engine::run_until(nanos end) {
  // The event loops' agenda is a kernel timer that always has a next instant, so the engine
  // is told where to stop; the timekeeper keeps it going until then when nothing else is
  // scheduled.
  sg4::Actor::create("timekeeper", sg4::Engine::get_instance()->get_all_hosts().front(),
                     [end] { sleep_until_ns(end); });
  EventLoop::run_before(end);
  engine_->run_until(to_seconds(end));
  return now_ns();
}

std::size_t Engine::max_map_count() {
  std::ifstream in("/proc/sys/vm/max_map_count");
  std::size_t n = 0;
  if (!(in >> n) || n == 0) n = 65530;  // the kernel's default (DEFAULT_MAX_MAP_COUNT)
  return n;
}

namespace {
std::size_t maps_in_use() {
  std::ifstream maps("/proc/self/maps");
  std::size_t used = 0;
  for (std::string line; std::getline(maps, line);) ++used;
  return used;
}
// Headroom for what else maps memory as the run goes (malloc arenas, large buffers).
std::size_t reserve_for(std::size_t limit) { return 512 + limit / 32; }
}  // namespace

std::size_t Engine::actor_capacity() {
  const std::size_t used = maps_in_use();
  const std::size_t limit = max_map_count();
  const std::size_t reserve = reserve_for(limit);
  return limit > used + reserve ? (limit - used - reserve) / 2 : 0;
}

std::size_t Engine::max_map_count_for(std::size_t actors) {
  const std::size_t needed = maps_in_use() + 2 * actors;  // then capacity = (limit - needed') / 2
  std::size_t limit = needed;
  while (limit < needed + reserve_for(limit)) limit += 64;
  return limit;
}

sg4::ActorPtr spawn_actor(const std::string& name, sg4::Host* host, std::function<void()> fn) {
  const std::size_t alive = sg4::Engine::get_instance()->get_actor_count();
  if (g_actor_budget && alive >= g_actor_budget)
    give_up("at t=" + format_seconds(now_ns()) + "s the run has " + std::to_string(alive) +
            " actors (clients' kernels, blocked callers, connections), all this machine's vm.max_map_count (" +
            std::to_string(Engine::max_map_count()) +
            ") can hold: run fewer clients or calls, or raise the limit (sysctl -w vm.max_map_count=N)");
  return sg4::Actor::create(name, host, std::move(fn));
}

void give_up(const std::string& why) {
  std::fflush(stdout);
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

std::string Engine::model_description() {
  std::string s;
  for (const auto& c : kConfig) {
    if (!s.empty()) s += ' ';
    s += c;
  }
  return s;
}

}  // namespace monsim::sim
