// The linux-2.6.34 MonClient on the fake kernel: one test per quirk of the 2010 code.
// HZ 250; ticks are not rounded, so a 10 s tick armed at t lands exactly at t + 10 s.
#include "client/linux_2_6_34/mon_client.h"

#include <cmath>
#include <memory>

#include <gtest/gtest.h>

#include "tests/client/scripted_mons.h"

namespace monsim::linux_2_6_34 {
namespace {

using testing::FakeKernel;
using testing::kMs;
using testing::nanos;
using testing::ScriptedMons;
using Mode = ScriptedMons::Mode;

constexpr nanos S(double s) { return static_cast<nanos>(std::llround(s * 1e9)); }

struct Rig {
  FakeKernel k;
  CephClient client{k};
  std::unique_ptr<MonClient> monc;
  std::unique_ptr<ScriptedMons> mons;

  explicit Rig(std::vector<Mode> modes, std::function<void(ScriptedMons&)> setup = nullptr,
               std::uint64_t seed = 1)
      : k(250, seed) {
    std::vector<kern::EntityAddr> addrs;
    for (std::size_t i = 0; i < modes.size(); ++i) addrs.push_back(testing::mon_addr(static_cast<int>(i)));
    monc = std::make_unique<MonClient>(client, k, addrs);
    monc->open_session();  // creates the connection (lazily, as in the seed)
    mons = std::make_unique<ScriptedMons>(k, *k.connection(), std::move(modes));
    if (setup) setup(*mons);
    // The hello went out before the scripted monitors were attached: answer it now.
    for (const auto& m : k.connection()->take_sent()) mons->on_send(m);
  }
  testing::FakeConnection& con() { return *k.connection(); }
  std::vector<nanos> times(const std::string& e) const {
    std::vector<nanos> out;
    for (const auto* x : k.recording().named(e)) out.push_back(x->t);
    return out;
  }
};

TEST(Linux2634, TickIsTenSecondsWhileExpiredTwentyOnceSubscribedAndNeverRounded) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.run_until(S(75));
  ASSERT_FALSE(r.monc->hunting());
  // Armed at 0 for 10 s (the subscription starts expired), then 20 s once renew_after
  // (sent + 150 s - 1 jiffy) lies ahead: 10, 30, 50, 70.
  EXPECT_EQ(r.times("tick"), (std::vector<nanos>{S(10), S(30), S(50), S(70)}));
}

TEST(Linux2634, APendingTickIsNotMovedByMonFault) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.run_until(S(12));
  r.mons->mode = {Mode::refuse, Mode::refuse, Mode::refuse};
  r.con().fault();  // not hunting: reopen at once; the refusal then faults while hunting
  r.k.run_until(S(29));
  const auto scheduled = r.k.recording().named("tick_scheduled");
  ASSERT_FALSE(scheduled.empty());
  EXPECT_EQ(scheduled.back()->num("armed"), 0);  // schedule_delayed_work left the pending tick
  r.k.run_until(S(31));
  EXPECT_EQ(r.times("tick").back(), S(30));  // still the tick armed at 10 s for 20 s
}

TEST(Linux2634, MonitorPickIsASignedCharModuloNumMonAndMayRepeat) {
  FakeKernel k(250, 1);
  CephClient client(k);
  std::vector<kern::EntityAddr> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(testing::mon_addr(i));
  MonClient monc(client, k, eleven);
  // 0xFF is -1 as a (signed) char: (u32)-1 % 11 = 3; an unsigned char would give 255 % 11 = 2.
  // (With 3, 5 or 7 monitors both give the same answer: 2^32 and 2^8 agree modulo those.)
  k.fake_random().script = {0xFF, 0xFF};
  monc.open_session();
  EXPECT_EQ(monc.cur_mon(), 3);
  k.connection()->fault(/*lossy=*/false);  // refused while hunting: closed, wait for the tick
  EXPECT_EQ(monc.cur_mon(), -1);
  k.run_until(S(10));
  EXPECT_EQ(monc.cur_mon(), 3);  // the same byte: the monitor that just failed, again
  EXPECT_EQ(k.connection()->opens(), 2);
}

TEST(Linux2634, HuntingEndsAtTheFirstSubscribeAckNotAtAuthentication) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 0;  // acks never come
  r.k.run_until(S(5));
  EXPECT_TRUE(r.monc->auth().is_authenticated());
  EXPECT_TRUE(r.monc->hunting());
  EXPECT_TRUE(r.times("session_established").empty());
  r.k.run_until(S(10) + kMs);
  // The tick tears the healthy, authenticated session down and picks again.
  EXPECT_EQ(r.con().opens(), 2);
  EXPECT_EQ(r.times("session_close").front(), S(10));
}

TEST(Linux2634, AHungMonitorIsNeverDetected) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.run_until(S(15));
  const int mon = r.monc->cur_mon();
  r.mons->mode[mon] = Mode::hung;
  r.k.run_until(S(600));
  EXPECT_EQ(r.monc->cur_mon(), mon);  // still attached
  EXPECT_EQ(r.con().opens(), 1);
  EXPECT_TRUE(r.times("session_lost").empty());
  EXPECT_GE(r.con().keepalives, 25);  // one-byte keepalives, never acknowledged, never checked
}

TEST(Linux2634, OldSubscriptionsAndTheWantNextOsdmapTriState) {
  Rig r({Mode::up});
  r.mons->subscribe_ack = 0;
  EXPECT_EQ(r.monc->want_next_osdmap(), 1);
  r.k.run_until(S(1));  // authenticated: the subscription goes out, asking for the osdmap
  const kern::MsgRef* sub = nullptr;
  for (const auto& m : r.con().sent)
    if (m->hdr.type == wire::MSG_MON_SUBSCRIBE) sub = &m;
  ASSERT_NE(sub, nullptr);
  EXPECT_LT((*sub)->hdr.version, 2);  // the old format
  wire::MMonSubscribeV1 s;
  ASSERT_TRUE(wire::MMonSubscribeV1::decode((*sub)->front, &s, nullptr));
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[0], (wire::OldSubscribeItem{"osdmap", 0, true}));
  EXPECT_EQ(s.items[1], (wire::OldSubscribeItem{"mdsmap", 0, false}));
  EXPECT_EQ(s.items[2], (wire::OldSubscribeItem{"monmap", 0, false}));
  EXPECT_EQ(r.monc->have_osdmap(), 10u);  // the osdmap came: want goes 1 -> 2 -> 0
  EXPECT_EQ(r.monc->want_next_osdmap(), 0);
  r.monc->request_next_osdmap();
  EXPECT_EQ(r.monc->want_next_osdmap(), 2);  // requested at once
}

TEST(Linux2634, ASubscribeAckUpdatesRenewAfterUnconditionally) {
  Rig r({Mode::up});
  r.k.run_until(S(1));
  ASSERT_EQ(r.monc->sub_sent(), 0u);  // acked
  // An ack nobody asked for: renew_after = 0 + 150 s - 1 jiffy, a small absolute value.
  r.con().deliver(testing::make_msg(wire::MSG_MON_SUBSCRIBE_ACK, wire::MMonSubscribeAck{300, testing::test_fsid()}.encode()));
  EXPECT_EQ(r.monc->sub_renew_after(), 150u * 250 - 1);
}

TEST(Linux2634, StatfsIsResentOnEverySuccessfulAuthReplyDuplicatesIncluded) {
  Rig r({Mode::up}, [](ScriptedMons& m) {
    m.cephx = true;
    m.ticket_ttl = 40;  // each ticket is due for renewal 30 s after it was received
  });
  r.k.run_until(S(1));
  r.mons->ignore = {wire::MSG_STATFS};  // the monitor sits on statfs until 75 s
  r.k.at(S(75), [&] { r.mons->ignore.clear(); });
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), 0);
  // Ticks at 10, 30, 50, ... (20 s once subscribed). Tickets are due 30 s after receipt
  // (whole wall-clock seconds): the AUTH ticket at 30 s, renewed in one exchange (the service
  // tickets are still valid, so want == have and the reply returns 0); the service tickets
  // at the next tick, 50 s; the AUTH ticket again at 70 s; ... Every completed renewal
  // resends the pending statfs with the same tid: 30, 50, 70 and 90 s — the monitor answers
  // again from 75 s, so the last one completes it. Duplicates on the wire, as in 2010.
  const auto resends = r.k.recording().named("request_resend");
  ASSERT_EQ(resends.size(), 4u);
  for (std::size_t i = 0; i < resends.size(); ++i) {
    EXPECT_EQ(resends[i]->t, S(30 + 20.0 * static_cast<double>(i)) + kMs) << i;
    EXPECT_EQ(resends[i]->num("tid"), 1);
  }
  EXPECT_EQ(r.mons->received[wire::MSG_STATFS], 5);  // the original and four resends
  EXPECT_EQ(r.k.now(), S(90) + 2 * kMs);
}

TEST(Linux2634, MonFaultReopensAtOnceWhenNotHuntingAndWaitsForTheTickWhenHunting) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.run_until(S(12));
  ASSERT_FALSE(r.monc->hunting());
  r.mons->mode = {Mode::refuse, Mode::refuse, Mode::refuse};
  r.con().fault();
  EXPECT_EQ(r.con().opens(), 2);  // at once
  r.k.run_until(S(12) + 2 * kMs);  // the refusal: mon_fault while hunting closes and waits
  EXPECT_EQ(r.monc->cur_mon(), -1);
  EXPECT_FALSE(r.con().is_open());
  r.k.run_until(S(29));
  EXPECT_EQ(r.con().opens(), 2);  // nothing until the tick
  r.k.run_until(S(30) + kMs);
  EXPECT_EQ(r.con().opens(), 3);  // the tick at 30 s picks again
}

TEST(Linux2634, MountTimesOutWithEio) {
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  EXPECT_EQ(ceph_open_session(r.client, r.k.fake_clock().jiffies(), 60 * 250), -kern::ERR_EIO);
}

TEST(Linux2634, StatfsCompletesAndTheSessionIsEstablishedByTheAck) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.run_until(S(1));
  EXPECT_EQ(r.times("session_established").size(), 1u);
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), 0);
  EXPECT_EQ(st.num_objects, 42u);
  EXPECT_EQ(r.monc->pending_requests(), 0u);
  r.monc->stop();
  EXPECT_EQ(r.monc->cur_mon(), -1);
}

}  // namespace
}  // namespace monsim::linux_2_6_34
