// sim/engine/event_loop: closures run in (instant, posting order) over all loops; a cancelled
// one never runs, whatever the heap does with it (it compacts itself when cancellations pile
// up); a paused loop holds its closures and runs them first when resumed; a run covers
// [0, end).
#include "sim/engine/event_loop.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

namespace sg4 = simgrid::s4u;

// The platform the loops' script actor runs on (the loops themselves need none).
sg4::Host* one_host() {
  auto* zone = sg4::create_full_zone("z");
  sg4::Host* host = zone->create_host("h", 1e9);
  zone->seal();
  return host;
}

TEST(EventLoop, RunsByInstantThenPostingOrderAndNeverACancelledClosure) {
  const std::string got = run_simulation([] {
    Engine engine;
    sg4::Host* host = one_host();
    EventLoop loop("loop");
    std::string order;
    std::vector<EventLoop::Id> ids;
    // 300 closures at 3 instants, posted out of order; every other one of the first 200 is
    // cancelled (more than half the heap: it compacts at least once).
    for (int i = 0; i < 300; ++i) {
      const nanos when = (i % 3 == 0 ? 30 : i % 3 == 1 ? 10 : 20) * NS_PER_MS;
      ids.push_back(loop.at(when, [&order, i, when] { order += std::to_string(when / NS_PER_MS) + ":" + std::to_string(i) + " "; }));
    }
    int cancelled = 0;
    for (int i = 0; i < 200; i += 2) cancelled += loop.cancel(ids[i]) ? 1 : 0;
    EXPECT_EQ(cancelled, 100);
    EXPECT_FALSE(loop.cancel(ids[0]));   // twice
    EXPECT_FALSE(loop.scheduled(ids[0]));
    EXPECT_TRUE(loop.scheduled(ids[1]));
    run_script(engine, host, [] { sg4::this_actor::sleep_for(1); }, 2 * NS_PER_S);
    EXPECT_FALSE(loop.scheduled(ids[1]));  // ran
    EXPECT_FALSE(loop.cancel(ids[1]));
    // The expected order: by instant, then by posting order, the cancelled ones left out.
    std::string want;
    for (int ms : {10, 20, 30})
      for (int i = 0; i < 300; ++i)
        if ((i % 3 == 0 ? 30 : i % 3 == 1 ? 10 : 20) == ms && !(i < 200 && i % 2 == 0))
          want += std::to_string(ms) + ":" + std::to_string(i) + " ";
    EXPECT_EQ(order, want);
    report(std::to_string(order.size()));
  });
  EXPECT_NE(got, "0");
}

TEST(EventLoop, LoopsShareOneOrderAndAPausedLoopRunsWhatItHeldFirstWhenResumed) {
  const std::string got = run_simulation([] {
    Engine engine;
    sg4::Host* host = one_host();
    EventLoop a("a"), b("b"), control("control");
    std::string order;
    auto note = [&order](const char* what) { return [&order, what] { order += std::string(what) + "@" + std::to_string(now_ns() / NS_PER_MS) + " "; }; };
    control.at(5 * NS_PER_MS, [&a] { a.pause(); });
    a.at(10 * NS_PER_MS, note("a1"));
    b.at(10 * NS_PER_MS, note("b1"));
    a.at(10 * NS_PER_MS, note("a2"));
    a.at(20 * NS_PER_MS, note("a3"));
    b.at(20 * NS_PER_MS, note("b2"));
    const EventLoop::Id cancelled = a.at(20 * NS_PER_MS, note("never"));
    control.at(25 * NS_PER_MS, [&a, cancelled] { EXPECT_TRUE(a.cancel(cancelled)); });  // while held
    control.at(30 * NS_PER_MS, [&a] { a.resume(); });
    b.at(30 * NS_PER_MS, note("b3"));
    a.at(30 * NS_PER_MS, note("a4"));
    b.at(40 * NS_PER_MS, note("at-the-end"));  // a run covers [0, end)
    run_script(engine, host, [] { sg4::this_actor::sleep_for(0.02); }, 40 * NS_PER_MS);
    // Held closures run at the resume, ahead of what else falls due then, in their order.
    EXPECT_EQ(order, "b1@10 b2@20 a1@30 a2@30 a3@30 b3@30 a4@30 ");
    report(order);
  });
  EXPECT_FALSE(got.empty());
}

}  // namespace
}  // namespace monsim::sim::testing
