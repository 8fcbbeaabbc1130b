#include "sim/engine.h"

#include <cstdio>
#include <string>
#include <vector>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "client/kern/bug.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

bool g_engine_created = false;

// The default LV08 model multiplies latency by 13.01 and bandwidth by 0.97; CM02 with unit
// factors is "latency + size / bandwidth" with max-min sharing. No TCP window bound
// (TCP-gamma 0) and no cross traffic, so a configured figure is the observed figure.
const std::vector<std::string> kConfig = {
    "network/model:CM02",
    "network/latency-factor:1",
    "network/bandwidth-factor:1",
    "network/TCP-gamma:0",
    "network/crosstraffic:0",
    "contexts/stack-size:256",
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

Engine::Engine() {
  MONSIM_BUG_ON(g_engine_created);  // SimGrid: one engine per process
  g_engine_created = true;
  std::vector<std::string> args = {"monsim", "--log=root.thresh:warning",
                                   "--log=xbt_cfg.thresh:warning"};
  for (const auto& c : kConfig) args.push_back("--cfg=" + c);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  engine_ = std::make_unique<sg4::Engine>(&argc, argv.data());
  kern::set_bug_context(&bug_context);
}

Engine::~Engine() { kern::set_bug_context(nullptr); }

nanos Engine::run_until(nanos end) {
  sg4::Actor::create("timekeeper", sg4::Engine::get_instance()->get_all_hosts().front(),
                     [end] { sleep_until_ns(end); });
  engine_->run();
  return now_ns();
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
