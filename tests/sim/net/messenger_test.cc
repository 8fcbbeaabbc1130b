// sim/messenger: the msgr1 handshake, pre-handshake backoff, the lossy fault path and
// KEEPALIVE2, on the client's kernel (SimKernel) against a ServerMessenger.
#include "sim/net/messenger.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/kernel/sim_kernel.h"
#include "tests/sim/sim_fixture.h"

namespace monsim::sim::testing {
namespace {

constexpr std::uint32_t kMonIp = 0xC0000201;
constexpr nanos kLat = us(500);

struct Owner : kern::ConnectionOwner {
  std::vector<std::pair<nanos, kern::MsgRef>> dispatched;
  std::vector<nanos> faults;
  void dispatch(kern::MsgRef m) override { dispatched.emplace_back(now_ns(), std::move(m)); }
  void fault() override { faults.push_back(now_ns()); }
  kern::MsgRef alloc_msg(const kern::MsgHeader& h, bool* skip) override {
    if (h.type == 999) {
      *skip = true;
      return nullptr;
    }
    return kern::Message::make(h.type, h.front_len);
  }
};

// Echoes every message back with type + 1.
struct Echo : ServerMessenger::Handler {
  ServerMessenger* sm = nullptr;
  int opened = 0;
  void on_message(ServerMessenger::ConnId c, kern::MsgRef m) override {
    auto r = kern::Message::make(static_cast<std::uint16_t>(m->hdr.type + 1), 8);
    r->hdr.tid = m->hdr.tid;
    r->front = m->front;
    sm->send(c, r);
  }
  void on_session_open(ServerMessenger::ConnId, NodeId, std::uint64_t) override { ++opened; }
};

struct World {
  Engine engine;
  TraceWriter trace;
  Net net;
  NodeId client, mon;
  std::unique_ptr<SimKernel> kernel;
  std::unique_ptr<EventLoop> mon_loop;
  std::unique_ptr<NodeTrace> mon_trace;
  std::unique_ptr<ServerMessenger> server;
  Echo echo;
  Owner owner;
  std::unique_ptr<kern::Connection> con;

  explicit World(std::uint64_t server_features = kern::FEATURE_MSGR_KEEPALIVE2,
                 bool listening = true)
      : net([] {
          NetConfig c;
          c.latency = kLat;
          return c;
        }(), trace, 1) {
    trace.keep_lines(true);
    client = net.add_node("client.0", 0xC6120001);
    mon = net.add_node("mon.a", kMonIp);
    net.build();
    kernel = std::make_unique<SimKernel>(net, client, trace, 1, KernelConfig{});
    mon_loop = std::make_unique<EventLoop>("mon.a.proc");
    net.set_process_loop(mon, mon_loop.get());
    mon_trace = std::make_unique<NodeTrace>(trace, "mon.a");
    server = std::make_unique<ServerMessenger>(net, mon, *mon_trace, server_features);
    echo.sm = server.get();
    server->set_handler(&echo);
    if (listening) server->listen();
    con = kernel->make_connection(owner);
  }
  SimConnection& sim_con() { return static_cast<SimConnection&>(*con); }
  void open() {
    con->open({kern::ENTITY_TYPE_MON, 0}, {0, 0, kMonIp, MON_PORT});
  }
  void run(std::function<void()> script, nanos end) {
    run_script(engine, net.host(client), std::move(script), end);
  }
  // Instants of the trace events named `event` (from the client's lines).
  std::vector<std::string> times_of(const std::string& event) const {
    std::vector<std::string> out;
    for (const auto& l : trace.kept())
      if (l.find("\"event\":\"" + event + "\"") != std::string::npos)
        out.push_back(l.substr(5, l.find(',') - 5));
    return out;
  }
};

kern::MsgRef message(std::uint16_t type, std::uint64_t tid) {
  auto m = kern::Message::make(type, 8);
  m->hdr.tid = tid;
  m->front = {1, 2, 3, 4};
  return m;
}

TEST(Messenger, HandshakeTakesThreeRoundTripsThenMessagesFlow) {
  run_simulation([] {
    World w;
    w.run([&] {
      w.open();
      w.con->send(message(42, 7));
    }, s(1));
    // Write delay, then SYN/SYN-ACK, banners, CONNECT/READY: three round trips, plus the
    // serialisation at 1 Gbps (8 ns a byte) of the frames on the critical path: the server
    // banner (281 B), CONNECT (33 B) and READY (26 B).
    const nanos ready_at = 6 * kLat + (281 + 33 + 26) * 8;
    const auto ready = w.times_of("con_ready");
    ASSERT_EQ(ready.size(), 1u);
    EXPECT_EQ(ready[0], format_seconds(ready_at));
    EXPECT_EQ(w.sim_con().state(), SimConnection::State::open);
    EXPECT_TRUE(w.sim_con().lossy());
    EXPECT_EQ(w.echo.opened, 1);
    // The queued message goes out at READY and comes back one round trip later.
    ASSERT_EQ(w.owner.dispatched.size(), 1u);
    EXPECT_EQ(w.owner.dispatched[0].second->hdr.type, 43);
    EXPECT_EQ(w.owner.dispatched[0].second->hdr.tid, 7u);
    EXPECT_EQ(w.owner.dispatched[0].second->front.size(), 4u);
    // 79 B each way: tag + 53 B header + 4 B front + 21 B footer.
    EXPECT_EQ(w.owner.dispatched[0].first, ready_at + 2 * kLat + 2 * 79 * 8);
  });
}

TEST(Messenger, FaultBeforeHandshakeRetriesTheSamePeerWithRoundedBackoff) {
  run_simulation([] {
    World w(kern::FEATURE_MSGR_KEEPALIVE2, /*listening=*/false);
    w.run([&] {
      w.open();
      w.con->send(message(42, 1));  // something queued: the messenger retries
    }, s(20));
    // Every attempt is refused one round trip after it starts; the next starts after the
    // backoff (0.5 s, then doubling) rounded by round_jiffies_relative() and then placed by
    // the timer wheel (queue_delayed_work()): 125 jiffies is level 1 (a multiple of 8), 250
    // and up level 2 (of 64).
    const SimClock& clock = w.kernel->sim_clock();
    std::vector<nanos> expected;
    nanos attempt = 0;
    kern::jiffies_t delay = 0;
    kern::TimerBaseClock base;
    while (true) {
      const nanos refused = attempt + 2 * kLat;
      if (refused > s(20)) break;
      expected.push_back(refused);
      delay = delay == 0 ? 125 : delay * 2;
      const kern::jiffies_t now = clock.jiffies_at(refused);
      const kern::jiffies_t expires = now + kern::round_jiffies_relative(delay, now, 250);
      const kern::jiffies_t fires = kern::timer_wheel_expiry(expires, base.for_add(now), 250);
      EXPECT_EQ(fires % (delay < 504 ? 8 : 64), 0u) << delay;
      base.ran(fires);
      attempt = clock.instant_of(fires);
    }
    ASSERT_GE(expected.size(), 4u);
    ASSERT_EQ(w.owner.faults.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(w.owner.faults[i], expected[i]) << i;
    EXPECT_EQ(w.sim_con().state(), SimConnection::State::preopen);
    EXPECT_FALSE(w.sim_con().lossy());
  });
}

TEST(Messenger, FaultBeforeHandshakeWithNothingQueuedGoesToStandby) {
  run_simulation([] {
    World w(kern::FEATURE_MSGR_KEEPALIVE2, /*listening=*/false);
    w.run([&] { w.open(); }, s(5));
    EXPECT_EQ(w.owner.faults.size(), 1u);
    EXPECT_EQ(w.sim_con().state(), SimConnection::State::standby);
    EXPECT_EQ(w.times_of("conn_open").size(), 1u);  // no retry
  });
}

TEST(Messenger, LossyFaultClosesForGoodAndCallsTheOwner) {
  run_simulation([] {
    World w;
    w.run([&] {
      w.open();
      sleep_until_ns(s(1));
      w.net.kill_process(w.mon);
      sleep_until_ns(s(2));
      w.con->send(message(42, 2));  // dropped: the connection is closed
    }, s(10));
    ASSERT_EQ(w.owner.faults.size(), 1u);
    EXPECT_EQ(w.owner.faults[0], s(1) + kLat);
    EXPECT_EQ(w.sim_con().state(), SimConnection::State::closed);
    EXPECT_EQ(w.times_of("conn_open").size(), 1u);  // never retried
    EXPECT_EQ(w.times_of("msg_drop").size(), 1u);
  });
}

TEST(Messenger, Keepalive2RoundTripAndTheExpiryBoundary) {
  run_simulation([] {
    World w;
    const kern::jiffies_t timeout = 30 * 250;
    w.run([&] {
      w.open();
      sleep_until_ns(s(1));
      w.con->keepalive();
      sleep_until_ns(s(2));
      // The stamp is the wall clock when the messenger wrote the keepalive: at once, after
      // the caller's own work, at the same instant.
      const kern::Timespec ack = w.sim_con().last_keepalive_ack();
      EXPECT_EQ(ack.sec, 1'700'000'001);
      EXPECT_EQ(ack.nsec, 0);
      sleep_until_ns(s(31) - 1);
      EXPECT_FALSE(w.con->keepalive_expired(timeout));
      sleep_until_ns(s(31));
      EXPECT_TRUE(w.con->keepalive_expired(timeout));  // now >= last ack + timeout
      EXPECT_FALSE(w.con->keepalive_expired(0));       // interval 0: never
    }, s(40));
    const auto writes = w.times_of("keepalive2_write");
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_EQ(writes[0], format_seconds(s(1)));
  });
}

TEST(Messenger, KeepaliveIsWrittenAheadOfQueuedMessages) {
  run_simulation([] {
    World w;
    w.run([&] {
      w.open();
      w.con->send(message(42, 1));
      w.con->keepalive();  // queued after the message, written before it
    }, s(1));
    const auto ka = w.times_of("keepalive2_ack");
    ASSERT_EQ(ka.size(), 1u);
    ASSERT_EQ(w.owner.dispatched.size(), 1u);
    EXPECT_LE(ka[0], format_seconds(w.owner.dispatched[0].first));
  });
}

TEST(Messenger, PeerWithoutKeepalive2NeverExpires) {
  run_simulation([] {
    World w(/*server_features=*/0);
    w.run([&] {
      w.open();
      sleep_until_ns(s(1));
      w.con->keepalive();
      sleep_until_ns(s(100));
      EXPECT_FALSE(w.con->keepalive_expired(30 * 250));
    }, s(101));
    EXPECT_TRUE(w.times_of("keepalive2_write").empty());
  });
}

TEST(Messenger, RevokedMessagesAreNotSentAndSkippedRepliesAreNotDispatched) {
  run_simulation([] {
    World w;
    w.run([&] {
      w.open();
      auto m = message(42, 1);
      w.con->send(m);
      w.con->revoke(m);
      w.con->send(message(998, 2));  // echoed as 999, which the owner skips
      w.con->send(message(50, 3));
    }, s(1));
    ASSERT_EQ(w.owner.dispatched.size(), 1u);
    EXPECT_EQ(w.owner.dispatched[0].second->hdr.tid, 3u);
    EXPECT_EQ(w.times_of("msg_skip").size(), 1u);
  });
}

TEST(Messenger, CloseDiscardsTheQueueAndOpenStartsAfresh) {
  run_simulation([] {
    World w;
    w.run([&] {
      w.open();
      w.con->send(message(42, 1));
      w.con->close();
      EXPECT_EQ(w.sim_con().queued(), 0u);
      w.open();
      w.con->send(message(42, 2));
    }, s(1));
    ASSERT_EQ(w.owner.dispatched.size(), 1u);
    EXPECT_EQ(w.owner.dispatched[0].second->hdr.tid, 2u);
  });
}

}  // namespace
}  // namespace monsim::sim::testing
