// The linux-6.1 MonClient on the step-by-step fake kernel: the rules that differ from 4.10,
// each at the exact instant the 6.1 source gives (reference/kernel-monc.md §5, and the
// evidence in reference/real-kernel-6.1).
//
// Time base (HZ 250, as in linux_4_10_test.cc): jiffies start at INITIAL_JIFFIES, 46 past a
// multiple of 250, so round_jiffies_relative() lands whole-second delays on uptimes 0.816 + k.
// The scripted monitors answer after 1 ms; the fake writes a keepalive 50 µs after it is asked.
#include "client/linux_6_1/mon_client.h"

#include <cmath>
#include <memory>

#include <gtest/gtest.h>

#include "tests/client/scripted_mons.h"

namespace monsim::linux_6_1 {
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

  explicit Rig(std::vector<Mode> modes, std::uint64_t seed = 1) : k(250, seed) {
    std::vector<kern::EntityAddr> addrs;
    for (std::size_t i = 0; i < modes.size(); ++i) addrs.push_back(testing::mon_addr(static_cast<int>(i)));
    monc = std::make_unique<MonClient>(client, k, addrs, "admin", Tunables{});
    mons = std::make_unique<ScriptedMons>(k, *k.connection(), std::move(modes));
    mons->monmap_version = 9;  // what a Pacific monitor sends a 6.1 client
  }
  testing::FakeConnection& con() { return *k.connection(); }
  std::vector<nanos> times(const std::string& event) const {
    std::vector<nanos> out;
    for (const auto* e : k.recording().named(event)) out.push_back(e->t);
    return out;
  }
  void set_all(Mode m) {
    for (auto& x : mons->mode) x = m;
  }
};

// ------------------------------------------------------------------ pick_new_mon

// prandom_u32_max(3) of 0xAAAAAAAB is (0xAAAAAAAB * 3) >> 32 = 2, where 4.10's
// prandom_u32() % 3 of the same draw is 0.
TEST(PickNewMon61, MultiplyShiftNotModulo) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.k.fake_random().script = {0xAAAAAAABu};
  r.monc->open_session();
  const auto picks = r.k.recording().named("hunt_pick");
  ASSERT_EQ(picks.size(), 1u);
  EXPECT_EQ(picks[0]->num("mon"), 2);
  EXPECT_EQ(0xAAAAAAABu % 3u, 0u);
}

// A re-pick maps [0, num_mon - 1) over the others: with the current monitor 0, a draw whose
// product lands on 0 gives monitor 1 (n >= o, so n + 1).
TEST(PickNewMon61, ARePickSkipsTheCurrentMonitor) {
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  r.k.fake_random().script = {0x00000001u, 0x7FFFFFFFu, 0x80000000u};
  r.monc->open_session();  // (1 * 3) >> 32 = 0
  EXPECT_EQ(r.monc->cur_mon(), 0);
  r.k.run_until(S(2.816) + kMs);  // (0x7FFFFFFF * 2) >> 32 = 0 → skips 0 → 1
  EXPECT_EQ(r.monc->cur_mon(), 1);
  r.k.run_until(S(5.816) + kMs);  // (0x80000000 * 2) >> 32 = 1 → o = 1, so 2
  EXPECT_EQ(r.monc->cur_mon(), 2);
}

// ------------------------------------------------------------------ finish_hunting / un_backoff

// 4.10 leaves the 3 s hunting tick armed (first healthy tick at 2.816 s); 6.1's
// finish_hunting() re-arms R(10 s) at auth completion (1 ms: jiffies still J0, phase 46 <
// HZ/4, rounded down to 2454 jiffies): 9.816 s, then every 10 s.
TEST(FinishHunting61, RearmsTheTickTenSecondsFromAuthCompletion) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(S(30));
  ASSERT_FALSE(r.monc->hunting());
  const auto ticks = r.times("tick");
  ASSERT_GE(ticks.size(), 3u);
  EXPECT_EQ(ticks[0], S(9.816));
  EXPECT_EQ(ticks[1], S(19.816));
  EXPECT_EQ(ticks[2], S(29.816));
  const auto ends = r.times("hunting_end");
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0], S(0.001));
}

// A hunt that reached mult 10, then success: finish_hunting() halves to 5 and re-arms the
// tick (R(10 s) from 152.817 s: 162.816); each healthy tick halves again: 2 at 162.816, 1 at
// 172.816. (4.10: 5 for ever, first tick up to 30 s later.)
TEST(FinishHunting61, EveryHealthyTickHalvesTheMultiplier) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.k.run_until(S(20.816));
  r.set_all(Mode::refuse);
  r.con().fault();  // the session resets: hunting with mult 2, 4, 8, 10, 10
  r.k.run_until(S(125));
  ASSERT_TRUE(r.monc->hunting());
  EXPECT_EQ(r.monc->hunt_mult(), 10u);
  r.set_all(Mode::up);
  r.k.run_until(S(152.816) + 10 * kMs);  // the pick at 152.816 succeeds
  ASSERT_FALSE(r.monc->hunting());
  EXPECT_EQ(r.monc->hunt_mult(), 5u);
  r.k.run_until(S(162.816));
  EXPECT_EQ(r.monc->hunt_mult(), 2u);
  r.k.run_until(S(172.816));
  EXPECT_EQ(r.monc->hunt_mult(), 1u);
  const auto ticks = r.times("tick");
  EXPECT_EQ(ticks[ticks.size() - 2], S(162.816));
  EXPECT_EQ(ticks.back(), S(172.816));
}

// ------------------------------------------------------------------ keepalive

// Ticks at 9.816 + 10k; the keepalive written at 9.81605 was the last acked. 19.816, 29.816
// and 39.816 see less than 30 s; 49.816 times out, 39.99995 s after it.
TEST(Keepalive61, AHungMonitorIsDetectedAtTheFourthTickAfterTheLastAck) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.monc->open_session();
  r.k.run_until(S(15));
  r.mons->mode[r.monc->cur_mon()] = Mode::hung;
  r.k.run_until(S(60));
  const auto timeouts = r.times("keepalive_timeout");
  ASSERT_EQ(timeouts.size(), 1u);
  EXPECT_EQ(timeouts[0], S(49.816));
}

// ------------------------------------------------------------------ subscriptions

// A monitor with MON_STATEFUL_SUB never acks, and 6.1 never renews on it: one subscribe, at
// authentication. 4.10 against the same silent monitor resubscribes at every healthy tick.
TEST(Subscribe61, NoRenewalsOnAStatefulSubMonitor) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 0;
  r.con().set_peer_features(kern::FEATURE_MSGR_KEEPALIVE2 | kern::FEATURE_MON_STATEFUL_SUB);
  r.monc->open_session();
  r.k.run_until(S(100));
  EXPECT_EQ(r.k.recording().count("subscribe_sent"), 1);
  EXPECT_EQ(r.k.recording().count("subscribe_renew"), 0);
}

TEST(Subscribe61, ALegacyMonitorWithoutAcksIsResubscribedEveryHealthyTick) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->subscribe_ack = 0;  // peer features: KEEPALIVE2 only
  r.monc->open_session();
  r.k.run_until(S(50));  // ticks at 9.816 … 49.816: five renewals
  EXPECT_EQ(r.k.recording().count("subscribe_renew"), 5);
}

// ------------------------------------------------------------------ monmap

TEST(Maps61, TheVersionedMonmapWithAddressVectorsGivesTheLegacyAddresses) {
  Rig r({Mode::up, Mode::up, Mode::up});
  r.mons->monmap_epoch = 3;
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  ASSERT_EQ(r.monc->monmap().epoch, 3u);
  ASSERT_EQ(r.monc->monmap().mons.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto& a = r.monc->monmap().mons[i].addr;
    EXPECT_EQ(a.type, wire::ADDR_TYPE_LEGACY) << i;  // not the v2 one on port 3300
    EXPECT_EQ(a.port, 6789) << i;
    EXPECT_EQ(a.ipv4, testing::mon_addr(i).ipv4) << i;
  }
  EXPECT_EQ(r.k.recording().count("monmap_error"), 0);
}

TEST(Maps61, AV5MonmapIsReadToo) {
  Rig r({Mode::up, Mode::up});
  r.mons->monmap_version = 5;
  r.mons->monmap_epoch = 2;
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  EXPECT_EQ(r.monc->monmap().epoch, 2u);
  EXPECT_EQ(r.monc->monmap().mons[1].addr.type, wire::ADDR_TYPE_LEGACY);
}

// The legacy encoding 4.10 reads is not a versioned struct: 6.1 refuses it.
TEST(Maps61, TheLegacyMonmapIsAnError) {
  Rig r({Mode::up, Mode::up});
  r.mons->monmap_version = 0;
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  EXPECT_EQ(r.k.recording().count("monmap_error"), 1);
  EXPECT_EQ(r.monc->monmap().epoch, 0u);
}

// ------------------------------------------------------------------ requests

TEST(Requests61, StatfsIsVersionTwoWithNoDataPool) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  kern::MsgRef sent;
  r.mons->extra = [&](const kern::MsgRef& m) {
    if (m->hdr.type == wire::MSG_STATFS) sent = m;
  };
  wire::Statfs st;
  ASSERT_EQ(r.monc->do_statfs(NOPOOL, &st), 0);
  EXPECT_EQ(st.num_objects, 42u);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->hdr.version, 2);
  wire::MStatfs h;
  ASSERT_TRUE(wire::MStatfs::decode(sent->front, &h, nullptr));
  EXPECT_TRUE(h.v2);
  EXPECT_FALSE(h.contains_data_pool);
  EXPECT_EQ(h.data_pool, NOPOOL);
}

// 6.1.y bounds the reply by what arrived: 12 bytes are corrupt, and the request waits on for
// the whole reply (4.10 completed it from the zeroed buffer).
TEST(Requests61, ATruncatedGetVersionReplyIsCorruptAndTheWaiterKeepsWaiting) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->ignore = {wire::MSG_MON_GET_VERSION};
  wire::MMonGetVersionReply full;
  full.handle = 1;
  full.newest = 0x1122334455667788ULL;
  wire::Bytes cut = full.encode();
  cut.resize(12);
  r.k.at(S(1), [&] { r.con().deliver(testing::make_msg(wire::MSG_MON_GET_VERSION_REPLY, cut, 1)); });
  r.k.at(S(2), [&] { r.con().deliver(testing::make_msg(wire::MSG_MON_GET_VERSION_REPLY, full.encode(), 1)); });
  std::uint64_t newest = 0;
  EXPECT_EQ(r.monc->get_version("osdmap", &newest), 0);
  EXPECT_EQ(r.k.now(), S(2));
  EXPECT_EQ(newest, 0x1122334455667788ULL);
  EXPECT_EQ(r.k.recording().count("corrupt_reply"), 1);
}

// "osd blocklist" refused with -EINVAL (a monitor older than Pacific): the same command as
// "osd blacklist", then get_version("osdmap"); the client has epoch 10 already.
TEST(Requests61, BlocklistFallsBackToBlacklistThenChecksTheOsdmap) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  ASSERT_EQ(r.client.osdmap_epoch, 10u);
  std::vector<std::string> commands;
  r.mons->command_result = [&](const std::string& cmd) {
    commands.push_back(cmd);
    return cmd.find("osd blocklist") != std::string::npos ? -kern::ERR_EINVAL : 0;
  };
  EXPECT_EQ(r.monc->blocklist_add({0, 7, 0xC6120001, 0}), 0);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_NE(commands[1].find("osd blacklist"), std::string::npos);
  EXPECT_EQ(r.mons->received[wire::MSG_MON_GET_VERSION], 1);
  EXPECT_EQ(r.monc->last_tid(), 3u);
}

// The blocklist entry is a new osdmap (11): the client asks for it (one-time, from 11) and
// returns once it has it.
TEST(Requests61, BlocklistWaitsForTheOsdmapThatCarriesTheEntry) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  r.mons->command_result = [&](const std::string&) {
    r.mons->osdmap_epoch = 11;
    return 0;
  };
  const int subs_before = r.k.recording().count("subscribe_sent");
  EXPECT_EQ(r.monc->blocklist_add({0, 7, 0xC6120001, 0}), 0);
  EXPECT_EQ(r.client.osdmap_epoch, 11u);
  EXPECT_EQ(r.monc->have(SUB_OSDMAP), 11u);
  EXPECT_EQ(r.k.recording().count("subscribe_sent"), subs_before + 1);
}

// ------------------------------------------------------------------ stop

// The 6.10 fix (in 6.1.y): stop() ends the hunt and forgets the monitor before cancelling
// the tick; nothing re-arms it afterwards, and a late fault does not reopen.
TEST(Stop61, StopWhileHuntingEndsTheHuntAndNothingRunsAfter) {
  Rig r({Mode::refuse, Mode::refuse, Mode::refuse});
  r.monc->open_session();
  r.k.run_until(S(4));
  ASSERT_TRUE(r.monc->hunting());
  r.monc->stop();
  EXPECT_FALSE(r.monc->hunting());
  EXPECT_EQ(r.monc->cur_mon(), -1);
  const int ticks = r.k.recording().count("tick");
  const int opens = r.con().opens();
  r.k.run_until(S(60));
  EXPECT_EQ(r.k.recording().count("tick"), ticks);
  r.con().fault();
  EXPECT_EQ(r.con().opens(), opens);
}

TEST(Auth61, SessionEstablishedNamesTheTypedAddress) {
  Rig r({Mode::up});
  r.monc->open_session();
  r.k.run_until(10 * kMs);
  const auto est = r.k.recording().named("session_established");
  ASSERT_EQ(est.size(), 1u);
  EXPECT_NE(est[0]->text.find("mon0 (1)192.0.2.1:6789 session established"), std::string::npos);
}

}  // namespace
}  // namespace monsim::linux_6_1
