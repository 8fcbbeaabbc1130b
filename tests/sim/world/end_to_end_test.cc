// The linux-4.10 MonClient port, on the simulated kernel and network, against the mock
// monitor cluster: mount, failover after a kill, keepalive timeout on a paused monitor,
// elections, a partition of the client.
#include <memory>
#include <optional>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>

#include "client/linux_4_10/mon_client.h"
#include "sim/kernel/sim_kernel.h"
#include "sim/world/mon_cluster.h"
#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

namespace sg4 = simgrid::s4u;

struct World {
  Engine engine;
  TraceWriter trace;
  Net net;
  std::vector<NodeId> mons;
  NodeId client;
  std::unique_ptr<SimMonCluster> cluster;
  std::unique_ptr<SimKernel> kernel;
  std::unique_ptr<linux_4_10::CephClient> ceph;
  std::unique_ptr<linux_4_10::MonClient> monc;
  std::optional<int> mount_result;
  nanos mount_at = -1;

  World() : net(NetConfig{}, trace, 3) {
    trace.keep_lines(true);
    mock_mon::ClusterConfig cfg;
    std::vector<kern::EntityAddr> addrs;
    for (int i = 0; i < 3; ++i) {
      const std::uint32_t ip = 0xC0000201u + static_cast<std::uint32_t>(i);
      mons.push_back(net.add_node(std::string("mon.") + static_cast<char>('a' + i), ip));
      addrs.push_back({0, 0, ip, MON_PORT});
    }
    for (int i = 0; i < 16; ++i) cfg.fsid.bytes[i] = static_cast<std::uint8_t>(0x40 + i);
    cfg.addrs = addrs;
    client = net.add_node("client.0", 0xC6120001);
    net.build();
    cluster = std::make_unique<SimMonCluster>(net, trace, cfg, mons, 3);
    cluster->start();
    kernel = std::make_unique<SimKernel>(net, client, trace, 3, KernelConfig{});
    ceph = std::make_unique<linux_4_10::CephClient>(*kernel);
    monc = std::make_unique<linux_4_10::MonClient>(*ceph, *kernel, addrs);
  }

  void mount() {
    sg4::Actor::create("user", net.host(client), [this] {
      mount_result = linux_4_10::ceph_open_session(*ceph, kernel->clock().jiffies(), 60 * 250);
      mount_at = now_ns();
    })->daemonize();
  }

  void run(std::function<void()> chaos, nanos end) {
    mount();
    run_script(engine, net.host(mons[0]), std::move(chaos), end);
  }

  std::vector<double> times(const std::string& event, const std::string& node = "client.0") const {
    std::vector<double> out;
    for (const auto& l : trace.kept())
      if (l.find("\"node\":\"" + node + "\"") != std::string::npos &&
          l.find("\"event\":\"" + event + "\"") != std::string::npos)
        out.push_back(std::stod(l.substr(5, l.find(',') - 5)));
    return out;
  }
};

TEST(EndToEnd, MountAuthenticatesWithCephxAndGetsTheMaps) {
  run_simulation([] {
    World w;
    w.run([] {}, s(5));
    ASSERT_TRUE(w.mount_result.has_value());
    EXPECT_EQ(*w.mount_result, 0);
    // TCP + msgr1 handshake (3 round trips), three cephx exchanges, then the osdmap: about
    // 7 round trips of 1 ms.
    EXPECT_GT(w.mount_at, ms(6));
    EXPECT_LT(w.mount_at, ms(10));
    EXPECT_EQ(w.monc->monmap().epoch, 1u);
    EXPECT_EQ(w.ceph->osdmap_epoch, 1u);
    EXPECT_EQ(w.times("session_established").size(), 1u);
    EXPECT_EQ(w.ceph->msgr_name.num % 3, static_cast<std::uint64_t>(w.monc->cur_mon()));  // rank stripe
  });
}

TEST(EndToEnd, KillingTheConnectedMonitorFailsOverAtOnce) {
  run_simulation([] {
    World w;
    int victim = -1;
    w.run([&] {
      sleep_until_ns(s(30));
      victim = w.monc->cur_mon();
      w.cluster->kill(victim);
    }, s(40));
    const auto lost = w.times("session_lost");
    const auto est = w.times("session_established");
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_DOUBLE_EQ(lost[0], 30.0005);  // the reset arrives one latency after the kill
    ASSERT_EQ(est.size(), 2u);
    EXPECT_LT(est[1] - lost[0], 0.02);  // another monitor, still readable, answers at once
    EXPECT_NE(w.monc->cur_mon(), victim);
    EXPECT_EQ(w.monc->hunt_mult(), 1u);  // 1 -> 2 -> 1
  });
}

TEST(EndToEnd, APausedMonitorIsDetectedByKeepaliveTimeout) {
  run_simulation([] {
    World w;
    w.run([&] {
      sleep_until_ns(s(30));
      w.cluster->pause(w.monc->cur_mon());
    }, s(120));
    const auto timeouts = w.times("keepalive_timeout");
    ASSERT_EQ(timeouts.size(), 1u);
    // Ticks every 10 s; the last acknowledged keepalive was written at the last tick before
    // 30 s: detection 30-40 s after it, i.e. between 60 and 70 s.
    EXPECT_GE(timeouts[0], 60.0);
    EXPECT_LT(timeouts[0], 70.0);
    const auto est = w.times("session_established");
    ASSERT_GE(est.size(), 2u);
    EXPECT_GT(est[1], timeouts[0]);
  });
}

TEST(EndToEnd, AClientCutOffFromEveryMonitorBacksOffSixTwelveTwentyFourThirty) {
  run_simulation([] {
    World w;
    w.run([&] {
      sleep_until_ns(s(30));
      for (NodeId m : w.mons) {
        w.net.block(w.client, m);
        w.net.block(m, w.client);
      }
      sleep_until_ns(s(210));
      for (NodeId m : w.mons) {
        w.net.unblock(w.client, m);
        w.net.unblock(m, w.client);
      }
    }, s(300));
    const auto picks = w.times("hunt_pick");
    std::vector<double> hunt;
    for (double t : picks)
      if (t > 30) hunt.push_back(t);
    ASSERT_GE(hunt.size(), 6u);
    // Keepalive timeout first, then the backoff 6, 12, 24, 30, 30 s as the timer wheel runs
    // it: each tick rounded to a whole second (round_jiffies_relative), then to the wheel's
    // bucket — a multiple of 64 jiffies for 6 and 12 s, of 512 for 24 and 30 s, so 30 s
    // becomes 15 x 512 jiffies = 30.72 s, as a real 6.1 kernel's hunt does.
    const double expect[] = {5.888, 12.032, 24.576, 30.72, 30.72};
    for (int i = 0; i < 5; ++i) EXPECT_NEAR(hunt[i + 1] - hunt[i], expect[i], 1e-6) << i;
    EXPECT_GE(w.times("session_established").size(), 2u);  // back after the heal
  });
}

TEST(EndToEnd, APoweredOffMonitorIsSilentSoOnlyTheKeepaliveTimeoutNoticesIt) {
  run_simulation([] {
    World w;
    w.run([&] {
      sleep_until_ns(s(30));
      w.cluster->poweroff(w.monc->cur_mon());
    }, s(120));
    EXPECT_TRUE(w.times("mon_fault").empty());  // no reset: nothing reaches the client
    const auto timeouts = w.times("keepalive_timeout");
    ASSERT_EQ(timeouts.size(), 1u);
    EXPECT_GE(timeouts[0], 60.0);
    EXPECT_LT(timeouts[0], 70.0);
    EXPECT_GE(w.times("session_established").size(), 2u);
  });
}

TEST(EndToEnd, WithoutAMajorityNoSessionUntilAMonitorReturns) {
  run_simulation([] {
    World w;
    w.run([&] {
      sleep_until_ns(s(30));
      const int keep = w.monc->cur_mon();
      for (int r = 0; r < 3; ++r)
        if (r != keep) w.cluster->kill(r);
      sleep_until_ns(s(150));
      for (int r = 0; r < 3; ++r)
        if (r != keep) w.cluster->revive(r);
    }, s(240));
    // The lone monitor leaves quorum at 40 s and trims every session from its tick after
    // 50 s; the client hunts with backoff and gets nowhere until the others are back.
    const auto est = w.times("session_established");
    ASSERT_GE(est.size(), 2u);
    EXPECT_GT(est[1], 150.0);
    EXPECT_FALSE(w.times("session_lost").empty());
  });
}

TEST(EndToEnd, TheSameRunTwiceGivesTheSameTraceHash) {
  auto once = [] {
    return run_simulation([] {
      World w;
      w.run([&] {
        sleep_until_ns(s(30));
        w.cluster->kill(0);
        sleep_until_ns(s(60));
        w.cluster->revive(0);
      }, s(120));
      report(w.trace.hash_hex());
    });
  };
  const std::string a = once();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, once());
}

}  // namespace
}  // namespace monsim::sim::testing
