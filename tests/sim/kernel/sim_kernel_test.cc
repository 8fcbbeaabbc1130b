// sim/kern_sim: jiffies, delayed work, mutex, sleeping and signals on simulated time.
#include "sim/kernel/sim_kernel.h"

#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>

#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

namespace sg4 = simgrid::s4u;

// One client node with its kernel.
struct Node {
  Engine engine;
  TraceWriter trace;
  Net net;
  NodeId id;
  std::unique_ptr<SimKernel> kernel;

  // `wheel`: timers on the 4.8+ timer wheel; the tests of the work and sleep semantics
  // themselves use exact expiry (the cascading wheel), whose instants are round numbers.
  explicit Node(unsigned hz = 250, bool wheel = false) : net(NetConfig{}, trace, 1) {
    id = net.add_node("client.0", 0xC6120001);
    net.build();
    KernelConfig cfg;
    cfg.hz = hz;
    cfg.timer_wheel = wheel;
    kernel = std::make_unique<SimKernel>(net, id, trace, 1, cfg);
  }
  void run(std::function<void()> script, nanos end) {
    run_script(engine, net.host(id), std::move(script), end);
  }
  SimClock& clock() { return kernel->sim_clock(); }
};

TEST(SimClock, JiffiesStartAtInitialJiffiesAndAdvanceAtHz) {
  SimClock c(250, 0);
  EXPECT_EQ(c.jiffies_at(0), kern::initial_jiffies(250));
  EXPECT_EQ(c.jiffies_at(ms(1500)), kern::initial_jiffies(250) + 375);
  EXPECT_EQ(c.jiffies_at(ms(1500) - 1), kern::initial_jiffies(250) + 374);
  EXPECT_EQ(static_cast<std::uint32_t>(c.jiffies_at(s(300))), 0u);  // the 32-bit wrap
  for (unsigned hz : {100u, 250u, 300u, 1000u}) {
    SimClock h(hz, 0);
    for (kern::jiffies_t k : {1ULL, 7ULL, 299ULL, 300ULL, 123457ULL}) {
      const kern::jiffies_t j = kern::initial_jiffies(hz) + k;
      EXPECT_EQ(h.jiffies_at(h.instant_of(j)), j) << hz;
      EXPECT_EQ(h.jiffies_at(h.instant_of(j) - 1), j - 1) << hz;
    }
  }
}

// clients.uptime: a kernel up U jiffies at simulated time 0 reads INITIAL_JIFFIES + U there,
// and its jiffy boundaries stay on whole multiples of 1/HZ from 0; realtime does not move.
TEST(SimClock, AnUptimeShiftsTheJiffiesCounterNotTheClockOfTheWorld) {
  SimClock c(250, 0, true, false, 740);
  EXPECT_EQ(c.jiffies_at(0), kern::initial_jiffies(250) + 740);
  EXPECT_EQ(c.jiffies_at(ms(1500)), kern::initial_jiffies(250) + 740 + 375);
  EXPECT_EQ(c.instant_of(kern::initial_jiffies(250) + 740 + 250), s(1));
  EXPECT_EQ(static_cast<std::uint32_t>(c.jiffies_at(s(300) - ms(2960))), 0u);  // the wrap comes 2.96 s sooner
  for (kern::jiffies_t k : {1ULL, 299ULL, 123457ULL}) {
    const kern::jiffies_t j = c.jiffies_at(0) + k;
    EXPECT_EQ(c.jiffies_at(c.instant_of(j)), j);
    EXPECT_EQ(c.jiffies_at(c.instant_of(j) - 1), j - 1);
  }
}

TEST(SimClock, RealtimeIsEpochPlusSimulatedTimeAndSteps) {
  run_simulation([] {
    Node n;
    n.run([&] {
      sleep_until_ns(ms(2500));
      const kern::Timespec t = n.clock().realtime();
      EXPECT_EQ(t.sec, 1'700'000'002);
      EXPECT_EQ(t.nsec, 500'000'000);
      const kern::jiffies_t j = n.clock().jiffies();
      n.clock().step_realtime(s(45));
      EXPECT_EQ(n.clock().realtime().sec, 1'700'000'047);
      EXPECT_EQ(n.clock().jiffies(), j);  // jiffies do not jump
    }, s(3));
  });
}

// CURRENT_TIME (4.10 and older): the wall clock as of the last tick, so it reads the same
// all through a jiffy; ktime_get_real_ts64() reads the nanosecond.
TEST(SimClock, CoarseRealtimeIsTheWallClockOfTheLastTick) {
  SimClock coarse(250, 0, /*timer_wheel=*/true, /*coarse_realtime=*/true);
  SimClock precise(250, 0, /*timer_wheel=*/true, /*coarse_realtime=*/false);
  run_simulation([&] {
    Node n;
    n.run([&] {
      sleep_until_ns(ms(1002) + 500);  // 1.0025005 s: half a jiffy into jiffy 250
      EXPECT_EQ(coarse.realtime().nsec, 0);
      EXPECT_EQ(coarse.realtime().sec, 1);
      EXPECT_EQ(precise.realtime().nsec, 2'000'500);
      sleep_until_ns(ms(1004));  // the next jiffy
      EXPECT_EQ(coarse.realtime().nsec, 4'000'000);
    }, s(2));
  });
}

TEST(DelayedWork, ScheduleKeepsAPendingExpiry) {
  run_simulation([] {
    Node n;
    std::vector<nanos> runs;
    auto work = n.kernel->make_delayed_work([&] { runs.push_back(now_ns()); });
    n.run([&] {
      EXPECT_TRUE(work->schedule(750));  // 3 s at HZ 250
      sleep_until_ns(s(1));
      EXPECT_FALSE(work->schedule(250));  // pending: left alone
      EXPECT_TRUE(work->pending());
    }, s(10));
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0], s(3));
  });
}

TEST(DelayedWork, ModMovesAPendingExpiry) {
  run_simulation([] {
    Node n;
    std::vector<nanos> runs;
    auto work = n.kernel->make_delayed_work([&] { runs.push_back(now_ns()); });
    n.run([&] {
      EXPECT_FALSE(work->mod(750));
      sleep_until_ns(s(1));
      EXPECT_TRUE(work->mod(250));  // moved to 2 s
      sleep_until_ns(s(5));
      EXPECT_FALSE(work->mod(0));   // delay 0: runs at once
    }, s(10));
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0], s(2));
    EXPECT_EQ(runs[1], s(5));
  });
}

TEST(DelayedWork, CancelSyncDisarms) {
  run_simulation([] {
    Node n;
    int runs = 0;
    auto work = n.kernel->make_delayed_work([&] { ++runs; });
    n.run([&] {
      work->schedule(250);
      EXPECT_TRUE(work->cancel_sync());
      EXPECT_FALSE(work->pending());
      EXPECT_FALSE(work->cancel_sync());
    }, s(5));
    EXPECT_EQ(runs, 0);
  });
}

TEST(DelayedWork, RearmsFromInsideTheWork) {
  run_simulation([] {
    Node n;
    std::vector<nanos> runs;
    std::unique_ptr<kern::DelayedWork> work;
    work = n.kernel->make_delayed_work([&] {
      runs.push_back(now_ns());
      EXPECT_FALSE(work->pending());  // not pending while it runs
      if (runs.size() < 4) work->mod(n.clock().hz() * 10);
    });
    n.run([&] { work->schedule(750); }, s(60));
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[0], s(3));
    EXPECT_EQ(runs[1], s(13));
    EXPECT_EQ(runs[3], s(33));
  });
}

// The MonClient's 10 s tick as the 4.10 port arms it (mod_delayed_work of
// round_jiffies_relative(2500) from inside the work), on the timer wheel. From boot (jiffies
// 4294892296: 46 past a whole second, 8 past a multiple of 64) the first tick fires at +2488
// jiffies, then every 2496 (9.984 s) while the phase slides down 4 jiffies a tick, then in the
// 2560 / 2752 / 2688 cycle (10.240 / 11.008 / 10.752 s) once rounding goes up — the two regimes
// a real 6.1 client shows (../shared/reference/real-kernel-6.1/run1/tick-phase.txt).
TEST(DelayedWork, OnTheTimerWheelTheTenSecondTickRunsAsARealKernelsDoes) {
  run_simulation([] {
    Node n(250, /*wheel=*/true);
    std::vector<kern::jiffies_t> fired;
    std::unique_ptr<kern::DelayedWork> work;
    auto arm = [&] {
      const kern::jiffies_t now = n.clock().jiffies();
      work->mod(kern::round_jiffies_relative(2500, now, 250));
    };
    work = n.kernel->make_delayed_work([&] {
      fired.push_back(n.clock().jiffies());
      if (fired.size() < 15) arm();
    });
    n.run([&] { arm(); }, s(200));
    ASSERT_EQ(fired.size(), 15u);
    EXPECT_EQ(fired[0] - kern::initial_jiffies(250), 2488u);
    const std::vector<kern::jiffies_t> intervals = {2496, 2496, 2496, 2496, 2496, 2496, 2496, 2496,
                                                    2560, 2752, 2688, 2560, 2752, 2688};
    for (std::size_t i = 1; i < fired.size(); ++i) {
      EXPECT_EQ(fired[i] - fired[i - 1], intervals[i - 1]) << i;
      EXPECT_EQ(fired[i] % 64, 0u) << i;
    }
  });
}

TEST(Sleep, OnTheTimerWheelATimeoutEndsAtItsBucket) {
  run_simulation([] {
    Node n(250, /*wheel=*/true);
    auto wq = n.kernel->make_wait_queue();
    long r = -1;
    nanos woke_at = -1;
    n.run([&] {
      r = wq->wait_event_interruptible_timeout([] { return false; }, 250);
      woke_at = now_ns();
    }, s(5));
    EXPECT_EQ(r, 0);
    EXPECT_EQ(woke_at, ms(1024));  // 250 jiffies is level 1: past the next multiple of 8, +256
  });
}

// A caller that sleeps holding a mutex makes another caller wait for it (callers are actors).
TEST(Mutex, ACallerWaitsForAnotherThatSleepsHoldingIt) {
  run_simulation([] {
    Node n;
    auto mutex = n.kernel->make_mutex();
    nanos got_lock = -1;
    n.run([&] {
      sg4::Actor::create("second", sg4::this_actor::get_host(), [&] {
        sleep_until_ns(s(2));
        mutex->lock();
        got_lock = now_ns();
        mutex->unlock();
      });
      sleep_until_ns(s(1));
      mutex->lock();
      sleep_until_ns(s(5));
      mutex->unlock();
      sleep_until_ns(s(6));
    }, s(10));
    EXPECT_EQ(got_lock, s(5));
  });
}

// Delayed work runs to completion in one closure, before the callers of its instant: a
// caller cancelling it then finds it already run (not pending, so false) and never waits;
// one cancelling it before finds it pending, and it never runs.
TEST(DelayedWork, RunsWholeBeforeTheCallersOfItsInstantSoCancelSyncNeverWaits) {
  run_simulation([] {
    Node n;
    auto mutex = n.kernel->make_mutex();
    std::vector<nanos> ran;
    auto work = n.kernel->make_delayed_work([&] {
      mutex->lock();
      ran.push_back(now_ns());
      mutex->unlock();
    });
    bool first = true, second = false;
    nanos cancelled_at = -1;
    n.run([&] {
      work->schedule(250);  // due at 1 s (cascading wheel: exact)
      sleep_until_ns(s(1));
      first = work->cancel_sync();  // same instant: the work ran first
      work->schedule(250);          // due at 2 s
      sleep_until_ns(s(1) + ms(500));
      second = work->cancel_sync();  // still pending: it never runs
      cancelled_at = now_ns();
      sleep_until_ns(s(3));
    }, s(4));
    EXPECT_FALSE(first);
    EXPECT_TRUE(second);
    EXPECT_EQ(cancelled_at, s(1) + ms(500));
    ASSERT_EQ(ran.size(), 1u);
    EXPECT_EQ(ran[0], s(1));
  });
}

TEST(Sleep, CompletionWakesWaitersAndSignalsInterruptThem) {
  run_simulation([] {
    Node n;
    auto done = n.kernel->make_completion();
    int interrupted_result = 1, completed_result = 1;
    nanos interrupted_at = -1, completed_at = -1;
    long victim = -1;
    n.run([&] {
      auto host = sg4::this_actor::get_host();
      victim = sg4::Actor::create("user1", host, [&] {
                 interrupted_result = done->wait_interruptible();
                 interrupted_at = now_ns();
                 n.kernel->flush_signals();
               })->get_pid();
      sg4::Actor::create("user2", host, [&] {
        completed_result = done->wait_interruptible();
        completed_at = now_ns();
      });
      sleep_until_ns(s(3));
      n.kernel->deliver_signal(victim);
      sleep_until_ns(s(4));
      done->complete_all();
      sleep_until_ns(s(5));
    }, s(10));
    EXPECT_EQ(interrupted_result, -kern::ERR_ERESTARTSYS);
    EXPECT_EQ(interrupted_at, s(3));
    EXPECT_EQ(completed_result, 0);
    EXPECT_EQ(completed_at, s(4));
  });
}

TEST(Sleep, WaitEventTimesOutAtTheJiffyAndReportsTimeLeft) {
  run_simulation([] {
    Node n;
    auto wq = n.kernel->make_wait_queue();
    bool flag = false;
    long timed_out = -1, woke = -1;
    nanos timed_out_at = -1;
    n.run([&] {
      timed_out = wq->wait_event_interruptible_timeout([&] { return flag; }, 250);
      timed_out_at = now_ns();
      sg4::Actor::create("waker", sg4::this_actor::get_host(), [&] {
        sleep_until_ns(ms(1500));
        flag = true;
        wq->wake_up_all();
      });
      woke = wq->wait_event_interruptible_timeout([&] { return flag; }, 250);
    }, s(5));
    EXPECT_EQ(timed_out, 0);
    EXPECT_EQ(timed_out_at, s(1));
    EXPECT_EQ(woke, 125);  // woken half-way through one second at HZ 250
  });
}

TEST(Sleep, APendingSignalInterruptsAtOnce) {
  run_simulation([] {
    Node n;
    auto wq = n.kernel->make_wait_queue();
    long r = 0;
    n.run([&] {
      n.kernel->deliver_signal(sg4::this_actor::get_pid());
      r = wq->wait_event_interruptible_timeout([] { return false; }, kern::MAX_SCHEDULE_TIMEOUT);
      EXPECT_EQ(now_ns(), 0);
    }, s(1));
    EXPECT_EQ(r, -kern::ERR_ERESTARTSYS);
  });
}

}  // namespace
}  // namespace monsim::sim::testing
