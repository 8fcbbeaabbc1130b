// sim/net: timings to the nanosecond, ordering, and the fault semantics of DESIGN.md §4.
#include "sim/net/net.h"

#include <memory>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>

#include "sim/engine/random_stream.h"
#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

using kern::ERR_ECONNREFUSED;
using kern::ERR_ECONNRESET;
using kern::ERR_ETIMEDOUT;

constexpr std::uint32_t kClientIp = 0xC6120001;  // 198.18.0.1
constexpr std::uint32_t kServerIp = 0xC0000201;  // 192.0.2.1
constexpr std::uint16_t kPort = 6789;

// Two nodes, a client and a server, each with a process loop; the server listens.
struct Pair {
  Engine engine;
  TraceWriter trace;
  Net net;
  NodeId client, server;
  std::unique_ptr<EventLoop> client_loop, server_loop;
  Recorder client_rec;
  RecordingListener listener;

  explicit Pair(NetConfig cfg, bool listening = true) : net(cfg, trace, 7) {
    client = net.add_node("client.0", kClientIp);
    server = net.add_node("mon.a", kServerIp);
    net.build();
    client_loop = std::make_unique<EventLoop>("client.0.proc");
    server_loop = std::make_unique<EventLoop>("mon.a.proc");
    net.set_process_loop(client, client_loop.get());
    net.set_process_loop(server, server_loop.get());
    if (listening) net.listen(server, kPort, &listener);
  }
  SocketId connect() { return net.connect(client, kServerIp, kPort, &client_rec); }
  void run(std::function<void()> script, nanos end) {
    run_script(engine, net.host(client), std::move(script), end);
  }
  SocketId server_socket() const {
    return listener.accepted.empty() ? 0 : listener.accepted.front().second;
  }
};

NetConfig config(nanos latency, double bps = 1e9) {
  NetConfig c;
  c.latency = latency;
  c.bandwidth_bps = bps;
  return c;
}

FramePtr number(std::uint64_t n) { return std::make_shared<NumberFrame>(n); }
std::uint64_t number_of(const Recorder::Event& e) {
  return static_cast<const NumberFrame&>(*e.frame).n;
}
// Serialisation time of `bytes` at `bps`, in ns (exact for the figures used here).
constexpr nanos tx(std::uint64_t bytes, double bps) {
  return static_cast<nanos>(static_cast<double>(bytes) * 8 * 1e9 / bps);
}

TEST(Net, ConfiguredLatencyIsTheObservedLatency) {
  run_simulation([] {
    Pair p(config(ms(10)));
    SocketId c = 0;
    p.run([&] {
      c = p.connect();
      sleep_until_ns(ms(40));
      p.net.send(c, number(1), 1250);
    }, s(1));
    ASSERT_NE(p.client_rec.first("connected"), nullptr);
    EXPECT_EQ(p.client_rec.first("connected")->t, ms(20));  // SYN + SYN-ACK
    ASSERT_EQ(p.listener.accepted.size(), 1u);
    EXPECT_EQ(p.listener.accepted[0].first, ms(30));        // + the ACK
    ASSERT_NE(p.listener.rec.first("data"), nullptr);
    // 10 ms of propagation plus 1250 B at 1 Gbps (10 µs): nothing more, nothing less.
    EXPECT_EQ(p.listener.rec.first("data")->t, ms(40) + ms(10) + us(10));
  });
}

TEST(Net, RefusedAfterOneRoundTripWhenNothingListens) {
  run_simulation([] {
    Pair p(config(us(500)), /*listening=*/false);
    p.run([&] { p.connect(); }, s(1));
    ASSERT_EQ(p.client_rec.events.size(), 1u);
    EXPECT_EQ(p.client_rec.events[0].what, "error");
    EXPECT_EQ(p.client_rec.events[0].err, -ERR_ECONNREFUSED);
    EXPECT_EQ(p.client_rec.events[0].t, us(1000));
  });
}

// The SYN timer (tcp_connect(): TCP_TIMEOUT_INIT, doubling) is a timer on the wheel of the
// client's host (HZ 250, jiffies from INITIAL_JIFFIES at 0 s; jiffies below count from it):
// 250 jiffies is filed at level 1 (8-jiffy buckets) and fires at jiffy 256, then 500 more from the jiffy
// after that at 760, 1000 at 1784 (level 2: 64-jiffy buckets), 2000 at 3832, 4000 at 7864 (level
// 3: 512-jiffy buckets from here), 8000 at 16120, 16000 at 32504: 1.024, 3.04, 7.136, 15.328,
// 31.456, 64.48, 130.016 s. The seventh firing finds six retransmissions and gives up
// (tcp_write_timeout(): icsk_retransmits >= syn_retries) — not 127 s, what exact doubling says.
TEST(Net, SynGiveUpAfter127SecondsToAHostThatIsOff) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      p.net.power_off(p.server);
      p.connect();
    }, s(200));
    ASSERT_EQ(p.client_rec.events.size(), 1u);
    EXPECT_EQ(p.client_rec.events[0].err, -ERR_ETIMEDOUT);
    EXPECT_EQ(p.client_rec.events[0].t, ms(130'016));
  });
}

TEST(Net, SynGiveUpFollowsSynRetries) {
  run_simulation([] {
    NetConfig c = config(us(500));
    c.tcp.syn_retries = 2;  // firings at 1.024, 3.04 (two SYNs again), 7.136 s (gives up)
    Pair p(c);
    p.run([&] {
      p.net.block(p.client, p.server);  // a partition loses SYNs the same way
      p.connect();
    }, s(60));
    ASSERT_EQ(p.client_rec.events.size(), 1u);
    EXPECT_EQ(p.client_rec.events[0].err, -ERR_ETIMEDOUT);
    EXPECT_EQ(p.client_rec.events[0].t, ms(7136));
  });
}

TEST(Net, SynRetransmissionReachesAHostThatCameBack) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      p.net.power_off(p.server);
      p.connect();
      sleep_until_ns(s(5));
      p.net.power_on(p.server);
      p.net.listen(p.server, kPort, &p.listener);
    }, s(20));
    // SYNs at 0, 1.024, 3.04, 7.136 s (the wheel: above): the one at 7.136 s is the first to
    // find the host up.
    ASSERT_NE(p.client_rec.first("connected"), nullptr);
    EXPECT_EQ(p.client_rec.first("connected")->t, ms(7136) + us(1000));
  });
}

TEST(Net, DataIsFifoWithJitterAndBandwidthSharing) {
  run_simulation([] {
    NetConfig c = config(ms(1));
    c.jitter = ms(5);
    Pair p(c);
    constexpr int kCount = 10000;
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(ms(10));
      RandomStream rng(3, "sizes");
      for (int i = 0; i < kCount; ++i) {
        p.net.send(sock, number(i), 10 + static_cast<std::uint32_t>(rng.below(20'000)));
        if (i % 100 == 99) simgrid::s4u::this_actor::sleep_for(0.001);
      }
    }, s(60));
    ASSERT_EQ(p.listener.rec.count("data"), kCount);
    std::uint64_t expect = 0;
    for (const auto& e : p.listener.rec.events)
      if (e.what == "data") {
        EXPECT_EQ(number_of(e), expect++);
      }
  });
}

TEST(Net, DataIsPipelinedNotStopAndWait) {
  run_simulation([] {
    Pair p(config(ms(10)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(ms(40));
      for (int i = 0; i < 100; ++i) p.net.send(sock, number(i), 1000);
    }, s(2));
    ASSERT_EQ(p.listener.rec.count("data"), 100);
    // 100 messages of 1000 B share the link: the last one lands 0.8 ms after the first
    // would alone, not 100 round trips later.
    EXPECT_EQ(p.listener.rec.events.back().t, ms(40) + ms(10) + tx(100'000, 1e9));
  });
}

TEST(Net, PartitionHoldsDataAndHealReleasesItInOrder) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(ms(100));
      p.net.block(p.client, p.server);
      p.net.block(p.server, p.client);
      for (int i = 0; i < 5; ++i) p.net.send(sock, number(i), 100);
      sleep_until_ns(s(3));
      p.net.unblock(p.client, p.server);
      p.net.unblock(p.server, p.client);
    }, s(5));
    ASSERT_EQ(p.listener.rec.count("data"), 5);
    std::uint64_t n = 0;
    for (const auto& e : p.listener.rec.events) {
      EXPECT_GE(e.t, s(3) + us(500));
      EXPECT_EQ(number_of(e), n++);
    }
    EXPECT_EQ(p.client_rec.count("error"), 0);
  });
}

TEST(Net, OneWayPartitionBlocksOnlyOneDirection) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(ms(100));
      p.net.block(p.server, p.client);
      p.net.send(sock, number(1), 100);
      p.net.send(p.server_socket(), number(2), 100);
      sleep_until_ns(s(2));
      p.net.unblock(p.server, p.client);
    }, s(4));
    ASSERT_NE(p.listener.rec.first("data"), nullptr);
    EXPECT_LT(p.listener.rec.first("data")->t, ms(102));  // client → server flows
    ASSERT_NE(p.client_rec.first("data"), nullptr);
    // server → client was lost: its timer (RTO 51 jiffies: srtt 1 ms + rttvar 200 ms, rounded
    // up) fires at 0.308 (the loss probe: 51 jiffies on from jiffy 25, at 77), 0.516, 0.928,
    // 1.76 and 3.424 s: the first after the heal at 2 s
    EXPECT_GE(p.client_rec.first("data")->t, ms(3424) + us(500));
    EXPECT_LT(p.client_rec.first("data")->t, ms(3424) + us(510));
  });
}

// Data lost in a partition reaches the peer at its sender's first retransmission after the
// heal, not at the heal (10 s) — so a cut that ends just before the keepalive check does not
// save a session. Sent at 1 s (jiffy 250) with an RTO of 51 jiffies (srtt 1 ms from the
// handshake + rttvar 200 ms, rounded up): the loss probe fires at jiffy 302 (51 on, level 0:
// the next jiffy), the RTO 51 later at 354, then 102 at 464 (level 1), 204 at 672, 408 at 1088
// (level 2), 816 at 1912 and 1632 at 3576: 1.208, 1.416, 1.856, 2.688, 4.352, 7.648, 14.304 s.
TEST(Net, DataLostInAPartitionArrivesWithTheFirstRetransmissionAfterTheHeal) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.block(p.client, p.server);
      p.net.block(p.server, p.client);
      p.net.send(sock, number(1), 100);
      sleep_until_ns(s(10));
      p.net.unblock(p.client, p.server);
      p.net.unblock(p.server, p.client);
    }, s(30));
    const auto* data = p.listener.rec.first("data");
    ASSERT_NE(data, nullptr);
    EXPECT_GE(data->t, ms(14304) + us(500));
    EXPECT_LT(data->t, ms(14304) + us(510));
  });
}

// A 2.6.34 client: no tail loss probes, and the cascading wheel fires each timer at its
// expiry jiffy. Sent at 1 s (jiffy 250): 51 jiffies on at 301, then 102, 204, 408, 816, 1632
// at 403, 607, 1015, 1831 and 3463: 1.204, 1.612, 2.428, 4.06, 7.324, 13.852 s.
TEST(Net, AKernelWithoutLossProbesRetransmitsOnTheRtoAtItsExpiryJiffies) {
  run_simulation([] {
    Pair p(config(us(500)));
    const SimClock old_kernel(250, 0, /*timer_wheel=*/false);
    p.net.set_clock(p.client, &old_kernel, /*loss_probe=*/false);
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.block(p.client, p.server);
      p.net.send(sock, number(1), 100);
      sleep_until_ns(s(10));
      p.net.unblock(p.client, p.server);
    }, s(30));
    const auto* data = p.listener.rec.first("data");
    ASSERT_NE(data, nullptr);
    EXPECT_GE(data->t, ms(13852) + us(500));
    EXPECT_LT(data->t, ms(13852) + us(510));
  });
}

// A monitor's host runs its TCP timers on its own HZ (cluster.hz): at HZ 1000 the server's
// RTO is 201 jiffies (srtt 1 ms + 200 ms) and each firing goes to its level's bucket of 1 ms
// jiffies: 0.304 (the probe), 0.512, 0.92, 1.76, 3.424, 6.688 s — where HZ 250's go 0.308,
// 0.516, 0.928, 1.76, 3.424, 6.88 s. The first after the heal at 5 s decides.
TEST(Net, TheHostHzSetsTheServersTimers) {
  run_simulation([] {
    NetConfig c = config(us(500));
    c.host_hz = 1000;
    Pair p(c);
    const SimClock client_kernel(250, 0);
    p.net.set_clock(p.client, &client_kernel, true);
    p.run([&] {
      p.connect();
      sleep_until_ns(ms(100));
      p.net.block(p.server, p.client);
      p.net.send(p.server_socket(), number(2), 100);
      sleep_until_ns(s(5));
      p.net.unblock(p.server, p.client);
    }, s(10));
    ASSERT_NE(p.client_rec.first("data"), nullptr);
    EXPECT_GE(p.client_rec.first("data")->t, ms(6688) + us(500));
    EXPECT_LT(p.client_rec.first("data")->t, ms(6688) + us(510));
  });
}

// New data over the healed path shows the receiver the hole (SACK): the lost segment is
// resent one round trip later instead of at its next timeout.
TEST(Net, NewDataAfterTheHealRecoversTheLostSegmentInARoundTrip) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.block(p.client, p.server);
      p.net.block(p.server, p.client);
      p.net.send(sock, number(1), 100);
      sleep_until_ns(s(10));
      p.net.unblock(p.client, p.server);
      p.net.unblock(p.server, p.client);
      sleep_until_ns(s(12));
      p.net.send(sock, number(2), 100);
    }, s(30));
    ASSERT_EQ(p.listener.rec.count("data"), 2);
    const auto& first = p.listener.rec.events[0];
    EXPECT_EQ(number_of(first), 1u);                  // in order
    EXPECT_GE(first.t, s(12) + ms(1) + us(500));      // resent at 12 s + one round trip
    EXPECT_LT(first.t, s(12) + ms(1) + us(510));
  });
}

TEST(Net, UnacknowledgedDataGivesUpAfterTheRetransmissionTimeout) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.block(p.client, p.server);
      p.net.send(sock, number(1), 100);
    }, s(2000));
    const auto* err = p.client_rec.first("error");
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->err, -ERR_ETIMEDOUT);
    // tcp_retries2 15: tcp_model_timeout() is 924.6 s after the first sending; the connection
    // is aborted at the first RTO firing past it (retransmits_timed_out()), the sixteenth of
    // the chain above (… 213.984, then every 120 s: 334.816, …, 938.976 s).
    EXPECT_EQ(err->t, ms(938'976));
    EXPECT_EQ(p.listener.rec.count("error"), 0);  // the server never hears of it
  });
}

TEST(Net, PausedProcessGetsItsTrafficOnResume) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      p.server_loop->pause();
      SocketId sock = p.connect();  // TCP answers even while the process is stopped
      sleep_until_ns(s(1));
      for (int i = 0; i < 3; ++i) p.net.send(sock, number(i), 100);
      sleep_until_ns(s(5));
      p.server_loop->resume();
    }, s(6));
    ASSERT_NE(p.client_rec.first("connected"), nullptr);
    EXPECT_EQ(p.client_rec.first("connected")->t, us(1000));
    ASSERT_EQ(p.listener.accepted.size(), 1u);
    EXPECT_EQ(p.listener.accepted[0].first, s(5));
    ASSERT_EQ(p.listener.rec.count("data"), 3);
    for (const auto& e : p.listener.rec.events) EXPECT_EQ(e.t, s(5));
    EXPECT_EQ(number_of(p.listener.rec.events[2]), 2u);
  });
}

TEST(Net, KilledProcessIsSeenByThePeerOneLatencyLater) {
  run_simulation([] {
    Pair p(config(ms(2)));
    Recorder second;
    p.run([&] {
      p.connect();
      sleep_until_ns(s(1));
      p.net.kill_process(p.server);
      sleep_until_ns(s(2));
      p.net.connect(p.client, kServerIp, kPort, &second);
    }, s(3));
    const auto* err = p.client_rec.first("error");
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->err, -ERR_ECONNRESET);
    EXPECT_EQ(err->t, s(1) + ms(2));
    ASSERT_EQ(second.events.size(), 1u);  // the host answers for the dead process: refused
    EXPECT_EQ(second.events[0].err, -ERR_ECONNREFUSED);
    EXPECT_EQ(second.events[0].t, s(2) + ms(4));
  });
}

TEST(Net, ResetIsSeenAtOnceLocallyAndOneLatencyLaterByThePeer) {
  run_simulation([] {
    Pair p(config(ms(2)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.reset(sock);
    }, s(2));
    ASSERT_NE(p.client_rec.first("error"), nullptr);
    EXPECT_EQ(p.client_rec.first("error")->t, s(1));
    ASSERT_NE(p.listener.rec.first("error"), nullptr);
    EXPECT_EQ(p.listener.rec.first("error")->t, s(1) + ms(2));
  });
}

TEST(Net, FourMiBOverOneGbpsAndTwoConcurrentShareTheLink) {
  run_simulation([] {
    Pair p(config(us(500)));
    Recorder other;
    p.run([&] {
      SocketId sock = p.connect();
      SocketId sock2 = p.net.connect(p.client, kServerIp, kPort, &other);
      sleep_until_ns(s(1));
      p.net.send(sock, number(1), 4 << 20);
      sleep_until_ns(s(2));
      // Two connections at once share the hosts' links: both take twice as long.
      p.net.send(sock, number(2), 4 << 20);
      p.net.send(sock2, number(3), 4 << 20);
      sleep_until_ns(s(3));
      // Two messages on one connection go one after the other (one TCP stream).
      p.net.send(sock, number(4), 4 << 20);
      p.net.send(sock, number(5), 4 << 20);
    }, s(4));
    ASSERT_EQ(p.listener.rec.count("data"), 5);
    const auto& ev = p.listener.rec.events;
    EXPECT_EQ(ev[0].t, s(1) + tx(4 << 20, 1e9) + us(500));  // 33.554432 ms + latency
    EXPECT_EQ(ev[1].t, s(2) + 2 * tx(4 << 20, 1e9) + us(500));
    EXPECT_EQ(ev[2].t, ev[1].t);
    EXPECT_EQ(ev[3].t, s(3) + tx(4 << 20, 1e9) + us(500));
    EXPECT_EQ(ev[4].t, s(3) + 2 * tx(4 << 20, 1e9) + us(500));
  });
}

TEST(Net, PoweredOffPeerIsFoundOutAtTheFirstRetransmissionAfterPowerOn) {
  run_simulation([] {
    Pair p(config(us(500)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.power_off(p.server);
      sleep_until_ns(s(2));
      p.net.send(sock, number(1), 100);  // lost
      sleep_until_ns(s(10));
      p.net.power_on(p.server);
    }, s(30));
    // Retransmissions at 2.208 (the probe), 2.416, 2.848, 3.68, 5.344, 8.672, 15.328 s (as
    // above, from jiffy 500): the one at 15.328 s meets the rebooted host, which answers with a
    // reset.
    const auto* err = p.client_rec.first("error");
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->err, -ERR_ECONNRESET);
    EXPECT_EQ(err->t, ms(15'328) + us(1000));
  });
}

TEST(Net, LatencyChangesAtRunTimeKeepFifo) {
  run_simulation([] {
    Pair p(config(ms(100)));
    p.run([&] {
      SocketId sock = p.connect();
      sleep_until_ns(s(1));
      p.net.send(sock, number(1), 125);
      p.net.set_latency(p.client, p.server, ms(1));
      p.net.send(sock, number(2), 125);
      sleep_until_ns(s(2));
      p.net.send(sock, number(3), 125);
    }, s(3));
    ASSERT_EQ(p.listener.rec.count("data"), 3);
    const auto& ev = p.listener.rec.events;
    // The second leaves 1 µs after the first and is faster, but waits its turn.
    EXPECT_EQ(ev[0].t, s(1) + ms(100) + us(1));
    EXPECT_EQ(ev[1].t, ev[0].t);
    EXPECT_EQ(number_of(ev[1]), 2u);
    EXPECT_EQ(ev[2].t, s(2) + ms(1) + us(1));
  });
}

}  // namespace
}  // namespace monsim::sim::testing

namespace monsim::sim::testing {
namespace {

// Two clients and a server: what crosses the server's link in the same instant.
struct Triple {
  Engine engine;
  TraceWriter trace;
  Net net;
  NodeId c1, c2, server;
  std::unique_ptr<EventLoop> l1, l2, ls;
  Recorder r1, r2;
  RecordingListener listener;

  Triple() : net(config(ms(1)), trace, 7) {
    c1 = net.add_node("client.0", kClientIp);
    c2 = net.add_node("client.1", kClientIp + 1);
    server = net.add_node("mon.a", kServerIp);
    net.build();
    l1 = std::make_unique<EventLoop>("c1");
    l2 = std::make_unique<EventLoop>("c2");
    ls = std::make_unique<EventLoop>("s");
    net.set_process_loop(c1, l1.get());
    net.set_process_loop(c2, l2.get());
    net.set_process_loop(server, ls.get());
    net.listen(server, kPort, &listener);
  }
  // Each client sends one frame of `bytes` at 10 ms; the instants the server gets them.
  std::vector<nanos> both_send(std::uint32_t bytes) {
    run_script(engine, net.host(c1), [&] {
      SocketId a = net.connect(c1, kServerIp, kPort, &r1);
      SocketId b = net.connect(c2, kServerIp, kPort, &r2);
      sleep_until_ns(ms(10));
      net.send(a, number(1), bytes);
      net.send(b, number(2), bytes);
    }, s(1));
    std::vector<nanos> at;
    for (const auto& e : listener.rec.events)
      if (e.what == "data") at.push_back(e.t);
    return at;
  }
};

// One TCP segment is one packet: two sent to one host in the same instant go one after the
// other over its link (the second lands one serialisation time after the first), where two
// fluid flows would share the link and both land at twice the time.
TEST(Net, OneSegmentFramesArePacketsSerialisedOneAfterTheOther) {
  run_simulation([] {
    Triple t;
    const auto at = t.both_send(TCP_MSS_BYTES);
    ASSERT_EQ(at.size(), 2u);
    EXPECT_EQ(at[0], ms(10) + ms(1) + tx(TCP_MSS_BYTES, 1e9));
    EXPECT_EQ(at[1], ms(10) + ms(1) + 2 * tx(TCP_MSS_BYTES, 1e9));
  });
}

// A frame of two segments or more is a flow: SimGrid shares the server's link between the
// two, and both land together at twice the serialisation time.
TEST(Net, LargerFramesAreFlowsSharingTheLink) {
  run_simulation([] {
    Triple t;
    const std::uint32_t bytes = 2 * TCP_MSS_BYTES;
    const auto at = t.both_send(bytes);
    ASSERT_EQ(at.size(), 2u);
    EXPECT_EQ(at[0], ms(10) + ms(1) + 2 * tx(bytes, 1e9));
    EXPECT_EQ(at[1], at[0]);
  });
}

}  // namespace
}  // namespace monsim::sim::testing
