// The linux-4.10 MonClient on the step-by-step fake kernel: exact instants from the kernel's
// rules, the subscription and request bookkeeping, and the corrupt-input paths.
//
// Time base used in the expectations (HZ 250): jiffies start at INITIAL_JIFFIES = 2^32 -
// 75000 = 4294892296, which is 46 past a multiple of 250. round_jiffies_relative() therefore
// lands ticks on uptimes 0.816 + k seconds: the first 3 s hunting tick armed at t = 0 rounds
// down (phase 46 < 62) to 704 jiffies = 2.816 s, and every tick re-armed on a boundary keeps
// its exact period.
#include "client/linux_4_10/mon_client.h"

#include <cmath>
#include <memory>
#include <set>

#include <gtest/gtest.h>

#include "tests/client/scripted_mons.h"

namespace monsim::linux_4_10 {
namespace {

using testing::FakeKernel;
using testing::kMs;
using testing::nanos;
using testing::NS_PER_S;
using testing::ScriptedMons;
using Mode = ScriptedMons::Mode;

constexpr nanos S(double s) { return static_cast<nanos>(std::llround(s * 1e9)); }

struct Rig {
  FakeKernel k;
  CephClient client{k};
  std::unique_ptr<MonClient> monc;
  std::unique_ptr<ScriptedMons> mons;

  explicit Rig(std::vector<Mode> modes, std::uint64_t seed = 1, Tunables t = {})
      : k(250, seed) {
    std::vector<kern::EntityAddr> addrs;
    for (std::size_t i = 0; i < modes.size(); ++i) addrs.push_back(testing::mon_addr(static_cast<int>(i)));
    monc = std::make_unique<MonClient>(client, k, addrs, "admin", t);
    mons = std::make_unique<ScriptedMons>(k, *k.connection(), std::move(modes));
  }
  testing::FakeConnection& con() { return *k.connection(); }
  std::vector<nanos> times(const std::string& event) const {
    std::vector<nanos> out;
    for (const auto* e : k.recording().named(event)) out.push_back(e->t);
    return out;
  }
  std::vector<const testing::RecordingTrace::Event*> events(const std::string& e) const {
    return k.recording().named(e);
  }
  void set_all(Mode m) {
    for (auto& x : mons->mode) x = m;
  }
};

// ------------------------------------------------------------------ hunting (reference §6)

TEST(Hunting, FreshClientPicksEveryThreeSecondsWithoutBackoff) {  // §6.3
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  r.monc->open_session();
  r.k.run_until(S(12));
  const auto picks = r.events("hunt_pick");
  ASSERT_EQ(picks.size(), 5u);
  const nanos expected[] = {0, S(2.816), S(5.816), S(8.816), S(11.816)};
  for (std::size_t i = 0; i < picks.size(); ++i) {
    EXPECT_EQ(picks[i]->t, expected[i]) << i;
    EXPECT_EQ(picks[i]->num("hunt_mult"), 1) << "no backoff before the first success";
    if (i) {
      EXPECT_NE(picks[i]->num("mon"), picks[i - 1]->num("mon")) << "never the same monitor";
    }
  }
  EXPECT_TRUE(r.monc->hunting());
  EXPECT_FALSE(r.monc->had_a_connection());
}

// Establish a session, then lose it at `lost_at` with every monitor refusing.
void lose_session_at(Rig& r, nanos lost_at) {
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  ASSERT_FALSE(r.monc->hunting());
  ASSERT_EQ(r.monc->hunt_mult(), 1u);
  r.k.run_until(lost_at);
  r.set_all(Mode::refuse);
  r.con().fault();  // the established (lossy) session resets
}

TEST(Hunting, BackoffAfterALostSessionIsSixTwelveTwentyFourThirtyThirty) {  // §6.4/§6.5
  Rig r({Mode::up, Mode::up, Mode::up});
  const nanos lost = S(20.816);  // on a whole second of the raw counter: R(6 s) is exactly 6 s
  lose_session_at(r, lost);
  r.k.run_until(S(125));
  std::vector<nanos> picks;
  std::vector<std::int64_t> mults;
  for (const auto* e : r.events("hunt_pick"))
    if (e->t >= lost) {
      picks.push_back(e->t);
      mults.push_back(e->num("hunt_mult"));
    }
  ASSERT_GE(picks.size(), 6u);
  const nanos intervals[] = {S(6), S(12), S(24), S(30), S(30)};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(picks[i + 1] - picks[i], intervals[i]) << i;
  // hunt_mult is doubled in __open_session after the pick is traced: 1 -> 2 -> 4 -> 8 -> 10.
  EXPECT_EQ(mults[0], 1);
  EXPECT_EQ(mults[1], 2);
  EXPECT_EQ(mults[4], 10);
  EXPECT_EQ(r.monc->hunt_mult(), 10u);
}

TEST(Hunting, SuccessHalvesTheMultiplierWithoutReschedulingAndItNeverDecays) {  // §6.5
  Rig r({Mode::up, Mode::up, Mode::up});
  lose_session_at(r, S(20.816));
  r.k.run_until(S(125));  // the picks at 92.816 and 122.816 were at mult 10
  r.set_all(Mode::up);
  r.k.run_until(S(152.816) + 10 * kMs);  // the next pick succeeds at once
  ASSERT_FALSE(r.monc->hunting());
  EXPECT_EQ(r.monc->hunt_mult(), 5u);  // 10 / 2
  const auto ends = r.times("hunting_end");
  ASSERT_EQ(ends.size(), 2u);
  EXPECT_EQ(ends[1], S(152.816) + 1 * kMs);  // one round trip of auth none
  // finish_hunting() does not re-arm the tick: the hunting tick armed at 152.816 for 30 s
  // fires at 182.816, then every 10 s.
  r.k.run_until(S(215));
  std::vector<nanos> ticks;
  for (const auto* e : r.events("tick"))
    if (e->t > S(152.816)) ticks.push_back(e->t);
  ASSERT_GE(ticks.size(), 4u);
  EXPECT_EQ(ticks[0], S(182.816));
  EXPECT_EQ(ticks[1], S(192.816));
  EXPECT_EQ(ticks[2], S(202.816));
  EXPECT_EQ(r.monc->hunt_mult(), 5u);  // linux-4.10 has no un-backoff on healthy ticks
}

TEST(Hunting, AQuickFailoverLeavesTheMultiplierAtOne) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(S(5));
  r.con().fault();  // every monitor still up: the first pick works
  r.k.run_until(S(6));
  EXPECT_FALSE(r.monc->hunting());
  EXPECT_EQ(r.monc->hunt_mult(), 1u);  // 1 -> 2 -> 1
}

TEST(Hunting, AFaultWhileHuntingDoesNothing) {
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  r.monc->open_session();
  r.k.run_until(S(2));
  EXPECT_EQ(r.k.recording().count("mon_fault"), 1);  // the refused hello
  EXPECT_EQ(r.k.recording().count("hunt_pick"), 1);  // and no new pick because of it
  EXPECT_EQ(r.con().opens(), 1);
}

// ------------------------------------------------------------------ keepalive (§6.6, §7.2)

TEST(Keepalive, AHungMonitorIsDetectedAtTheFourthTickThirtyToFortySecondsAfterTheLastAck) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(S(15));  // ticks at 2.816 (the residual hunting tick) and 12.816
  const int mon = r.monc->cur_mon();
  r.mons->mode[mon] = Mode::hung;  // TCP stays up; nothing is answered
  r.k.run_until(S(60));
  const auto timeouts = r.times("keepalive_timeout");
  ASSERT_EQ(timeouts.size(), 1u);
  // The keepalive written at 12.816 + 50 µs was the last acked. Ticks at 22.816, 32.816 and
  // 42.816 see less than 30 s (42.816 < 12.81605 + 30); the fourth, at 52.816, times out.
  EXPECT_EQ(timeouts[0], S(52.816));
  const double after_last_ack = static_cast<double>(timeouts[0] - S(12.81605)) / 1e9;
  EXPECT_GE(after_last_ack, 30.0);
  EXPECT_LT(after_last_ack, 40.0);
  // The reopen doubles the multiplier (had_a_connection) and arms R(6 s).
  EXPECT_EQ(r.k.recording().count("session_lost"), 1);
  EXPECT_TRUE(r.monc->hunting() || r.monc->hunt_mult() == 1u);
  const auto scheduled = r.events("tick_scheduled");
  const auto* after = *std::find_if(scheduled.begin(), scheduled.end(),
                                    [](const auto* e) { return e->t == S(52.816); });
  EXPECT_EQ(after->num("delay"), 6 * 250);
}

TEST(Keepalive, WithoutKeepalive2AHungMonitorIsNeverDetected) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.con().set_peer_features(0);
  r.monc->open_session();
  r.k.run_until(S(15));
  r.mons->mode[r.monc->cur_mon()] = Mode::hung;
  r.k.run_until(S(300));
  EXPECT_EQ(r.k.recording().count("keepalive_timeout"), 0);
}

// ------------------------------------------------------------------ pick_new_mon

TEST(PickNewMon, NeverTheCurrentOneAndUniformOverTheOthers) {
  Rig r({Mode::up, Mode::up, Mode::up, Mode::up, Mode::up}, 12345);
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  std::vector<int> counts(5, 0);
  int prev = r.monc->cur_mon();
  const int kRounds = 5000;
  for (int i = 0; i < kRounds; ++i) {
    r.con().fault();  // not hunting: reopen at once on another monitor
    const int now = r.monc->cur_mon();
    ASSERT_NE(now, prev);
    counts[now]++;
    prev = now;
    r.k.run_until(r.k.now() + 10 * kMs);  // authenticated again
    ASSERT_FALSE(r.monc->hunting());
  }
  // Chi-square against 1/5 each (4 degrees of freedom; 18.47 is p = 0.001).
  double chi2 = 0;
  for (int c : counts) chi2 += (c - kRounds / 5.0) * (c - kRounds / 5.0) / (kRounds / 5.0);
  EXPECT_LT(chi2, 18.47) << counts[0] << " " << counts[1] << " " << counts[2] << " " << counts[3];
}

TEST(PickNewMon, WithOneMonitorItPicksZeroAgain) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.con().fault();
  EXPECT_EQ(r.monc->cur_mon(), 0);
  EXPECT_EQ(r.con().opens(), 2);
}

// ------------------------------------------------------------------ subscriptions

TEST(Subscribe, RenewAfterIsSentPlusHalfTheDurationMinusOneJiffy) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 0;  // ack by hand
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  const kern::jiffies_t sent = r.monc->sub_renew_sent();
  ASSERT_NE(sent, 0u);
  EXPECT_EQ(sent & 1, 1u);  // jiffies | 1
  wire::MMonSubscribeAck ack{301, testing::test_fsid()};
  r.con().deliver(testing::make_msg(wire::MSG_MON_SUBSCRIBE_ACK, ack.encode()));
  EXPECT_EQ(r.monc->sub_renew_after(), sent + 150 * 250 - 1);  // floor(301 / 2) s
  EXPECT_EQ(r.monc->sub_renew_sent(), 0u);
  // A second ack with no subscribe outstanding is ignored.
  wire::MMonSubscribeAck other{10, testing::test_fsid()};
  r.con().deliver(testing::make_msg(wire::MSG_MON_SUBSCRIBE_ACK, other.encode()));
  EXPECT_EQ(r.monc->sub_renew_after(), sent + 150 * 250 - 1);
  EXPECT_EQ(r.events("subscribe_ack").back()->num("ignored"), 1);
}

TEST(Subscribe, ATickRenewsOnceRenewAfterHasPassed) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 20;  // renew after ~10 s
  r.monc->open_session();
  r.k.run_until(S(40));
  // Sent at auth (t = 2 ms), acked: renew after 2 ms + 10 s - 1 jiffy; the tick at 12.816
  // renews, is acked again, and the one at 22.816 renews again.
  const auto renewals = r.times("subscribe_renew");
  ASSERT_GE(renewals.size(), 2u);
  EXPECT_EQ(renewals[0], S(12.816));
  EXPECT_EQ(renewals[1], S(22.816));
}

TEST(Subscribe, WithoutAcksEveryHealthyTickResubscribes) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 0;  // "dropped subscribe acks"
  r.monc->open_session();
  r.k.run_until(S(33));
  EXPECT_EQ(r.times("subscribe_renew"), (std::vector<nanos>{S(2.816), S(12.816), S(22.816), S(32.816)}));
}

TEST(Subscribe, RenewSubsSendsEvenBeforeAuthentication) {
  Rig r({Mode::silent, Mode::silent, Mode::silent});
  r.monc->open_session();
  r.monc->renew_subs();
  EXPECT_EQ(r.mons->received[wire::MSG_MON_SUBSCRIBE], 1);
  EXPECT_FALSE(r.monc->auth().is_authenticated());
}

TEST(Subscribe, WantAndGotMapBookkeeping) {
  Rig r({Mode::up});
  EXPECT_TRUE(r.monc->want_map(SUB_MDSMAP, 5, true));
  EXPECT_FALSE(r.monc->want_map(SUB_MDSMAP, 5, true));  // identical: no request needed
  EXPECT_TRUE(r.monc->want_map(SUB_MDSMAP, 5, false));
  r.monc->got_map(SUB_MDSMAP, 7);
  EXPECT_FALSE(r.monc->wants(SUB_MDSMAP));  // one-time: satisfied
  r.monc->want_map(SUB_FSMAP, 0, true);
  r.monc->got_map(SUB_FSMAP, 3);
  EXPECT_TRUE(r.monc->wants(SUB_FSMAP));  // continuous: start moves to 4
  EXPECT_EQ(r.monc->have(SUB_FSMAP), 3u);
}

// ------------------------------------------------------------------ mount and maps

TEST(Mount, WaitsForMonmapAndOsdmap) {
  Rig r({Mode::up, Mode::up, Mode::up});
  EXPECT_EQ(ceph_open_session(r.client, r.k.fake_clock().jiffies(), r.monc->tunables().mount_timeout(250)), 0);
  EXPECT_EQ(r.monc->monmap().epoch, 1u);
  EXPECT_EQ(r.client.osdmap_epoch, 10u);
  EXPECT_EQ(r.monc->have(SUB_OSDMAP), 10u);
  EXPECT_FALSE(r.monc->wants(SUB_OSDMAP));  // the one-time osdmap subscription is done
  EXPECT_TRUE(r.client.have_fsid);
  EXPECT_EQ(r.client.msgr_name.num, 4100u);  // client.<global_id>
  EXPECT_EQ(r.k.now(), 2 * kMs);  // hello reply, then the maps one round trip later
}

TEST(Mount, TimesOutAfterSixtySecondsWhenNoMonitorAnswers) {
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  EXPECT_EQ(ceph_open_session(r.client, r.k.fake_clock().jiffies(), 60 * 250), -kern::ERR_ETIMEDOUT);
  EXPECT_EQ(r.k.now(), S(60));
}

TEST(Mount, AnAuthErrorEndsHuntingAndFailsTheMount) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->extra = [&](const kern::MsgRef& m) {
    if (m->hdr.type != wire::MSG_AUTH) return;
    wire::MAuthReply rep;
    rep.protocol = wire::AUTH_CEPHX;
    rep.result = -kern::ERR_EACCES;
    r.mons->reply(testing::make_msg(wire::MSG_AUTH_REPLY, rep.encode()));
  };
  r.mons->ignore = {wire::MSG_AUTH};
  EXPECT_EQ(ceph_open_session(r.client, r.k.fake_clock().jiffies(), 60 * 250), -kern::ERR_EACCES);
  EXPECT_EQ(r.client.auth_err, -kern::ERR_EACCES);
  EXPECT_FALSE(r.monc->hunting());  // finish_hunting runs before the error check
  EXPECT_EQ(r.k.recording().count("hunting_end"), 1);
  EXPECT_EQ(r.k.now(), 1 * kMs);
}

TEST(Maps, A31MonitorMonmapIsRejected) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  wire::MonMap big = r.mons->monmap();
  big.epoch = 2;
  while (big.mons.size() < 31) big.mons.push_back(big.mons[0]);
  r.con().deliver(testing::make_msg(wire::MSG_MON_MAP, big.encode()));
  EXPECT_EQ(r.monc->monmap().epoch, 1u);
  EXPECT_EQ(r.monc->monmap().mons.size(), 1u);
  EXPECT_EQ(r.k.recording().count("monmap_error"), 1);
}

TEST(Maps, AMonmapWithAForeignFsidIsIgnored) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  ASSERT_TRUE(r.client.have_fsid);
  wire::MonMap other = r.mons->monmap();
  other.fsid = testing::test_fsid(0x11);
  other.epoch = 9;
  r.con().deliver(testing::make_msg(wire::MSG_MON_MAP, other.encode()));
  EXPECT_EQ(r.monc->monmap().epoch, 1u);
  EXPECT_EQ(r.k.recording().count("bad_fsid"), 1);
}

TEST(Maps, AnOlderMonmapStillReplacesANewerOne) {  // no epoch check in the seed
  Rig r({Mode::up});
  r.mons->monmap_epoch = 5;
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  ASSERT_EQ(r.monc->monmap().epoch, 5u);
  wire::MonMap old = r.mons->monmap();
  old.epoch = 3;
  r.con().deliver(testing::make_msg(wire::MSG_MON_MAP, old.encode()));
  EXPECT_EQ(r.monc->monmap().epoch, 3u);
}

TEST(Dispatch, UnknownTypesAreSkippedAndUnhandledMapsReported) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  EXPECT_FALSE(r.con().deliver(testing::make_msg(999, {1, 2, 3})));  // skipped at alloc_msg
  EXPECT_EQ(r.k.recording().count("alloc_msg_unknown"), 1);
  EXPECT_TRUE(r.con().deliver(testing::make_msg(wire::MSG_MDS_MAP, wire::Bytes(20, 0))));
  EXPECT_EQ(r.k.recording().count("unknown_message"), 1);  // no cephfs hook installed
  r.client.extra_mon_dispatch = [&](const kern::MsgRef& m) { return cephfs_extra_mon_dispatch(r.client, m); };
  wire::Bytes mds(16, 0);
  wire::Encoder(mds).u32(12);
  r.con().deliver(testing::make_msg(wire::MSG_MDS_MAP, mds));
  EXPECT_EQ(r.client.mdsmap_epoch, 12u);
  EXPECT_EQ(r.monc->have(SUB_MDSMAP), 12u);
  EXPECT_EQ(r.k.recording().count("unknown_message"), 1);
}

// ------------------------------------------------------------------ generic requests

TEST(Requests, StatfsCompletesWithTheReply) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), 0);
  EXPECT_EQ(st.num_objects, 42u);
  EXPECT_EQ(r.monc->pending_requests(), 0u);
  std::uint64_t newest = 0;
  EXPECT_EQ(r.monc->get_version("osdmap", &newest), 0);
  EXPECT_EQ(newest, 10u);
  EXPECT_EQ(r.monc->blacklist_add({0, 7, 0xC6120001, 0}), 0);
  EXPECT_EQ(r.monc->last_tid(), 3u);  // tids count from 1
}

TEST(Requests, PendingRequestsAreResentOncePerNewSessionWithTheSameTid) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_STATFS};  // the current monitor never answers statfs...
  // ...and at 1 s the session breaks; the next monitor answers.
  r.k.at(S(1), [&] {
    r.mons->ignore.clear();
    r.con().fault();
  });
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), 0);
  EXPECT_EQ(r.k.now(), S(1) + 2 * kMs);  // hello reply, then the resent statfs answered
  const auto resends = r.events("request_resend");
  ASSERT_EQ(resends.size(), 1u);
  EXPECT_EQ(resends[0]->num("tid"), 1);
  EXPECT_EQ(r.k.recording().count("request_done"), 1);
  EXPECT_EQ(r.mons->received[wire::MSG_STATFS], 2);  // the original and one resend
}

TEST(Requests, AnAsyncGetVersionCompletesThroughItsCallbackOnce) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  int calls = 0;
  std::uint64_t got = 0;
  r.monc->get_version_async("osdmap", [&](MonClient::GenericRequest& q) {
    ++calls;
    got = q.newest;
  }, 0);
  r.k.run_until(S(1));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got, 10u);
}

TEST(Requests, AnInterruptedStatfsReturnsErestartsysAndItsLateReplyIsSkipped) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_STATFS};
  r.k.signal_at(S(5));
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), -kern::ERR_ERESTARTSYS);
  EXPECT_EQ(r.k.now(), S(5));
  EXPECT_EQ(r.monc->pending_requests(), 0u);
  r.k.flush_signals();
  wire::MStatfsReply late;
  late.fsid = testing::test_fsid();
  EXPECT_FALSE(r.con().deliver(testing::make_msg(wire::MSG_STATFS_REPLY, late.encode(), 1)));
}

TEST(Requests, AStatfsReplyOfTheWrongLengthIsIgnoredAndTheWaiterKeepsWaiting) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_STATFS};
  wire::MStatfsReply good;
  good.fsid = testing::test_fsid();
  good.st.kb = 77;
  wire::Bytes bad = good.encode();
  bad.push_back(0);  // 57 bytes
  r.k.at(S(1), [&] { r.con().deliver(testing::make_msg(wire::MSG_STATFS_REPLY, bad, 1)); });
  r.k.at(S(2), [&] { r.con().deliver(testing::make_msg(wire::MSG_STATFS_REPLY, good.encode(), 1)); });
  wire::Statfs st;
  EXPECT_EQ(r.monc->do_statfs(&st), 0);
  EXPECT_EQ(r.k.now(), S(2));
  EXPECT_EQ(st.kb, 77u);
  EXPECT_EQ(r.k.recording().count("corrupt_reply"), 1);
}

// 4.10 reads a get_version reply up to the preallocated 32 B, not to what arrived: a reply
// cut after 12 bytes completes the request, its newest read from the 4 bytes that came and
// the (zeroed) buffer past them.
TEST(Requests, ATruncatedGetVersionReplyCompletesWithWhatTheBufferHeld) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_MON_GET_VERSION};
  wire::MMonGetVersionReply full;
  full.handle = 1;
  full.newest = 0x1122334455667788ULL;
  wire::Bytes cut = full.encode();
  cut.resize(12);  // the handle and the low half of newest
  r.k.at(S(1), [&] { r.con().deliver(testing::make_msg(wire::MSG_MON_GET_VERSION_REPLY, cut, 1)); });
  std::uint64_t newest = 0;
  EXPECT_EQ(r.monc->get_version("osdmap", &newest), 0);
  EXPECT_EQ(r.k.now(), S(1));
  EXPECT_EQ(newest, 0x55667788ULL);
  EXPECT_EQ(r.k.recording().count("short_reply_read"), 1);
  EXPECT_EQ(r.k.recording().count("corrupt_reply"), 0);
}

// A command ack cut after its header: the result is read from the zeros past it, so the
// command succeeds (result 0).
TEST(Requests, ATruncatedCommandAckCompletesTheCommandWithResultZero) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_MON_COMMAND};
  wire::MMonCommandAck ack;
  ack.result = -22;
  wire::Bytes cut = ack.encode();
  cut.resize(wire::MonRequestHeader::SIZE);
  r.k.at(S(1), [&] { r.con().deliver(testing::make_msg(wire::MSG_MON_COMMAND_ACK, cut, 1)); });
  EXPECT_EQ(r.monc->blacklist_add({0, 7, 0xC6120001, 0}), 0);
  EXPECT_EQ(r.k.now(), S(1));
  EXPECT_EQ(r.k.recording().count("short_reply_read"), 1);
}

// Shorter still than the preallocated buffer lets through: a get_version reply of 4 bytes is
// read as handle 0x...00000001 padded with zeros, which matches tid 1 — so it too completes.
TEST(Requests, AGetVersionReplyOfFourBytesStillMatchesItsTid) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_MON_GET_VERSION};
  r.k.at(S(1), [&] { r.con().deliver(testing::make_msg(wire::MSG_MON_GET_VERSION_REPLY, {1, 0, 0, 0}, 1)); });
  std::uint64_t newest = 99;
  EXPECT_EQ(r.monc->get_version("osdmap", &newest), 0);
  EXPECT_EQ(newest, 0u);
}

TEST(Requests, WaitOsdmapTimesOut) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  const nanos start = r.k.now();
  EXPECT_EQ(r.monc->wait_osdmap(99, 250), -kern::ERR_ETIMEDOUT);
  // Started at 10 ms, inside jiffy +2 (8-12 ms): 250 jiffies later is the start of jiffy +252,
  // 1.008 s, so the wait lasts 998 ms — jiffies, not nanoseconds.
  EXPECT_EQ(start, 10 * kMs);
  EXPECT_EQ(r.k.now(), S(1.008));
  EXPECT_EQ(r.monc->wait_osdmap(10, 250), 0);  // already there
}

TEST(Stop, ClosesTheSessionCancelsTheTickAndLeavesNoRequest) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  wire::Statfs st;
  ASSERT_EQ(r.monc->do_statfs(&st), 0);
  r.monc->stop();
  EXPECT_EQ(r.monc->cur_mon(), -1);
  EXPECT_FALSE(r.con().is_open());
  EXPECT_EQ(r.monc->pending_requests(), 0u);
  EXPECT_EQ(r.k.recording().count("stop_pending_requests"), 0);
  const int ticks = r.k.recording().count("tick");
  r.k.run_until(S(100));
  EXPECT_EQ(r.k.recording().count("tick"), ticks);
  r.con().fault();  // a late fault after stop does not reopen (cur_mon < 0)
  EXPECT_EQ(r.con().opens(), 1);
}

// ------------------------------------------------------------------ cephx end to end

TEST(Cephx, ThreeExchangesThenTicketRenewalOnAHealthyTick) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->cephx = true;
  r.mons->ticket_ttl = 40;  // renew after 30 s
  r.monc->open_session();
  r.k.run_until(S(1));
  EXPECT_EQ(r.k.recording().count("auth_request"), 3);  // hello, auth ticket, service tickets
  EXPECT_EQ(r.times("session_established"), (std::vector<nanos>{3 * kMs}));
  EXPECT_TRUE(r.monc->auth().is_authenticated());
  r.k.run_until(S(40));
  // Tickets received at 2 ms and 3 ms are due at 30.002 / 30.003 s on the wall clock: the
  // tick at 32.816 validates auth and sends the renewal.
  const auto requests = r.times("auth_request");
  ASSERT_GE(requests.size(), 4u);
  EXPECT_EQ(requests[3], S(32.816));
}

TEST(Cephx, EverySessionSubscribesAndResendsEvenThoughTicketsSurviveTheReset) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->cephx = true;
  r.monc->open_session();
  r.k.run_until(S(1));
  r.con().fault();
  r.k.run_until(S(2));
  EXPECT_EQ(r.k.recording().count("session_established"), 2);
  EXPECT_EQ(r.mons->received[wire::MSG_MON_SUBSCRIBE], 2);
}

}  // namespace
}  // namespace monsim::linux_4_10
