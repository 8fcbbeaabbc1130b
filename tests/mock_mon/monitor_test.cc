// One mock monitor as a pure state machine: auth (none and cephx), waiting for quorum,
// trimming, subscriptions and map delivery, behaviours, and corruption the client refuses.
#include "mock_mon/monitor.h"

#include <gtest/gtest.h>

#include "client/kern/errno.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"
#include "client/wire/monmap.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace monsim::mock_mon {
namespace {

kern::MsgRef msg(std::uint16_t type, wire::Bytes front, std::uint64_t tid = 0) {
  auto m = kern::Message::make(type, static_cast<std::uint32_t>(front.size()));
  m->front = std::move(front);
  m->hdr.tid = tid;
  return m;
}

kern::MsgRef hello(std::uint64_t gid = 0) {
  wire::AuthHello h{{wire::AUTH_NONE, wire::AUTH_CEPHX}, kern::ENTITY_TYPE_CLIENT, "admin", gid};
  wire::MAuth a;
  a.payload = h.encode();
  return msg(wire::MSG_AUTH, a.encode());
}

kern::MsgRef cephx(std::uint16_t op, std::uint32_t keys = 0) {
  wire::CephxRequest q;
  q.op = op;
  q.keys = keys;
  wire::MAuth a;
  a.protocol = wire::AUTH_CEPHX;
  a.payload = q.encode();
  return msg(wire::MSG_AUTH, a.encode());
}

kern::MsgRef subscribe(std::vector<wire::SubscribeItem> items) {
  wire::MMonSubscribe s;
  s.items = std::move(items);
  auto m = msg(wire::MSG_MON_SUBSCRIBE, s.encode());
  m->hdr.version = 2;  // SUBSCRIBE2
  return m;
}

struct Rig {
  ClusterConfig cfg;
  std::unique_ptr<Cluster> cluster;
  std::unique_ptr<Monitor> mon;
  std::uint64_t seed = 1;

  explicit Rig(ClusterConfig::Auth auth = ClusterConfig::Auth::none) {
    cfg.auth = auth;
    for (int i = 0; i < 3; ++i) cfg.addrs.push_back({0, 0, 0xC0000201u + static_cast<std::uint32_t>(i), 6789});
    for (int i = 0; i < 16; ++i) cfg.fsid.bytes[i] = static_cast<std::uint8_t>(i + 1);
    cluster = std::make_unique<Cluster>(cfg);
    cluster->quorum().start(0);
    mon = std::make_unique<Monitor>(0, *cluster, [this] { return seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; });
  }
  // Messages sent by `actions` (dropped replies carry none).
  static std::vector<kern::MsgRef> sent(const Actions& a) {
    std::vector<kern::MsgRef> out;
    for (const auto& x : a)
      if (x.kind == Action::Kind::send && x.msg) out.push_back(x.msg);
    return out;
  }
  static int closes(const Actions& a) {
    int n = 0;
    for (const auto& x : a) n += x.kind == Action::Kind::close;
    return n;
  }
};

wire::MAuthReply auth_reply(const kern::MsgRef& m) {
  wire::MAuthReply r;
  EXPECT_EQ(m->hdr.type, wire::MSG_AUTH_REPLY);
  EXPECT_TRUE(wire::MAuthReply::decode(m->front, &r, nullptr));
  return r;
}

TEST(Monitor, AuthNoneIsOneRoundTripThenTheMonmap) {
  Rig r;
  r.mon->on_connect(1, 0);
  auto out = Rig::sent(r.mon->on_message(1, hello(), 0));
  ASSERT_EQ(out.size(), 2u);
  const auto rep = auth_reply(out[0]);
  EXPECT_EQ(rep.protocol, wire::AUTH_NONE);
  EXPECT_EQ(rep.global_id, 14100u);  // rank 0's stripe
  EXPECT_EQ(out[1]->hdr.type, wire::MSG_MON_MAP);
  wire::MonMap m;
  EXPECT_EQ(wire::MonMap::decode(out[1]->front, &m, nullptr), 0);
  EXPECT_EQ(m.mons.size(), 3u);
  EXPECT_EQ(out[1]->front.size(), 46u + 3 * 145);  // ≈ 480 B as the reference computes
  EXPECT_TRUE(r.mon->authenticated(1));
  // The next client gets the next id of the stripe; a reclaiming one keeps its own.
  r.mon->on_connect(2, 0);
  EXPECT_EQ(auth_reply(Rig::sent(r.mon->on_message(2, hello(), 0))[0]).global_id, 14103u);
  r.mon->on_connect(3, 0);
  EXPECT_EQ(auth_reply(Rig::sent(r.mon->on_message(3, hello(777), 0))[0]).global_id, 777u);
}

TEST(Monitor, CephxTakesThreeExchangesWithRealisticSizes) {
  Rig r(ClusterConfig::Auth::cephx);
  r.mon->on_connect(1, 0);
  auto a = Rig::sent(r.mon->on_message(1, hello(), 0));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]->front.size(), 33u);  // the challenge
  EXPECT_FALSE(r.mon->authenticated(1));
  auto b = Rig::sent(r.mon->on_message(1, cephx(wire::CEPHX_GET_AUTH_SESSION_KEY), 0));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]->front.size(), 214u);  // the AUTH ticket
  auto c = Rig::sent(r.mon->on_message(
      1, cephx(wire::CEPHX_GET_PRINCIPAL_SESSION_KEY, kern::ENTITY_TYPE_MON | kern::ENTITY_TYPE_OSD | kern::ENTITY_TYPE_MDS), 0));
  ASSERT_EQ(c.size(), 2u);  // service tickets, then the monmap
  EXPECT_NEAR(static_cast<double>(c[0]->front.size()), 512.0, 40.0);
  wire::CephxTicketReply t;
  ASSERT_TRUE(wire::CephxTicketReply::decode(auth_reply(c[0]).payload, &t, nullptr));
  EXPECT_EQ(t.tickets.size(), 3u);
  EXPECT_EQ(t.tickets[0].validity_s, 3600u);
  EXPECT_TRUE(r.mon->authenticated(1));
}

TEST(Monitor, AuthWaitsWhileNotReadableAndIsServedWhenQuorumReturns) {
  Rig r;
  auto& q = r.cluster->quorum();
  q.advance(30'500 * MS);
  q.down(1, 30'500 * MS, QuorumModel::Cause::kill);
  q.down(2, 30'500 * MS, QuorumModel::Cause::kill);
  q.advance(46 * SEC);  // the leader lost its quorum at 40 s
  ASSERT_FALSE(q.readable(0, 46 * SEC));
  r.mon->on_connect(1, 46 * SEC);
  EXPECT_TRUE(r.mon->on_message(1, hello(), 46 * SEC).empty());  // parked
  EXPECT_EQ(r.mon->waiting(1), 1u);
  q.up(1, 47 * SEC);
  q.advance(60 * SEC);  // rejoined at 47.25, quorum {0,1} at 52.25
  ASSERT_TRUE(q.readable(0, 53 * SEC));
  const auto out = Rig::sent(r.mon->on_quorum_change(53 * SEC));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]->hdr.type, wire::MSG_AUTH_REPLY);
  EXPECT_EQ(r.mon->waiting(1), 0u);
}

TEST(Monitor, AnUnauthenticatedWaiterIsSentElsewhereAfterFiveSeconds) {
  Rig r;
  auto& q = r.cluster->quorum();
  q.down(1, 0, QuorumModel::Cause::kill);
  q.down(2, 0, QuorumModel::Cause::kill);
  q.advance(20 * SEC);  // no acks since 0: election at 10 s, no majority at 15 s
  r.mon->on_connect(1, 20 * SEC);
  r.mon->on_message(1, hello(), 20 * SEC);
  // Out of quorum since 10 s: at a tick after 20 s every session is trimmed anyway.
  const Actions t = r.mon->tick(21 * SEC);
  EXPECT_EQ(Rig::closes(t), 1);
  EXPECT_EQ(r.mon->sessions(), 0u);
}

TEST(Monitor, WaitlistTimeoutClosesOnlyStaleUnauthenticatedSessions) {
  Rig r;
  auto& q = r.cluster->quorum();
  q.advance(30'500 * MS);
  q.down(0, 30'500 * MS, QuorumModel::Cause::kill);  // mon 1 is a peon left without leader
  Monitor peon(1, *r.cluster, [] { return 7ULL; });
  q.advance(36 * SEC);  // lease expired at 35 s; out of quorum from the election at 40 s
  peon.on_connect(1, 36 * SEC);
  peon.on_message(1, hello(), 36 * SEC);
  EXPECT_EQ(Rig::closes(peon.tick(40 * SEC)), 0);  // 4 s old
  EXPECT_EQ(Rig::closes(peon.tick(42 * SEC)), 1);  // 6 s old: "sending client elsewhere"
}

TEST(Monitor, IdleSessionsAreTrimmedAfterTheSessionTimeoutUnlessKeptAlive) {
  Rig r;
  r.mon->on_connect(1, 0);
  r.mon->on_connect(2, 0);
  r.mon->on_keepalive(2, 290 * SEC);
  const Actions t = r.mon->tick(300 * SEC);
  EXPECT_EQ(Rig::closes(t), 1);
  EXPECT_EQ(r.mon->sessions(), 1u);
}

TEST(Monitor, SubscribeSemantics) {
  Rig r;
  r.mon->on_connect(1, 0);
  r.mon->on_message(1, hello(), 0);
  // The kernel at open: monmap from 0 continuous, osdmap from 0 onetime.
  auto out = Rig::sent(r.mon->on_message(
      1, subscribe({{"monmap", 0, 0}, {"osdmap", 0, wire::SUBSCRIBE_ONETIME}}), 0));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]->hdr.type, wire::MSG_MON_MAP);
  EXPECT_EQ(out[1]->hdr.type, wire::MSG_OSD_MAP);
  wire::MOSDMap om;
  ASSERT_TRUE(wire::MOSDMap::decode(out[1]->front, &om, nullptr));
  ASSERT_EQ(om.fulls.size(), 1u);  // start 0: one full map of the current epoch
  EXPECT_EQ(om.fulls[0].epoch, 1u);
  EXPECT_EQ(out[2]->hdr.type, wire::MSG_MON_SUBSCRIBE_ACK);  // continuous monmap: ack
  // New epochs: the onetime osdmap item is gone, the continuous monmap one stays.
  r.cluster->advance_maps(60 * SEC);
  EXPECT_EQ(r.cluster->osdmap_epoch(), 3u);
  EXPECT_TRUE(Rig::sent(r.mon->on_new_maps(60 * SEC)).empty());
  r.cluster->add_monitor("d", {0, 0, 0xC0000204, 6789});
  out = Rig::sent(r.mon->on_new_maps(61 * SEC));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->hdr.type, wire::MSG_MON_MAP);
}

TEST(Monitor, OsdmapsFromAnEpochAreIncrementalsBatchedByForty) {
  Rig r;
  r.cfg.osdmap_every = 1 * SEC;
  r.cluster = std::make_unique<Cluster>(r.cfg);
  r.cluster->quorum().start(0);
  r.mon = std::make_unique<Monitor>(0, *r.cluster, [] { return 1ULL; });
  r.cluster->advance_maps(100 * SEC);
  ASSERT_EQ(r.cluster->osdmap_epoch(), 101u);
  r.mon->on_connect(1, 100 * SEC);
  r.mon->on_message(1, hello(), 100 * SEC);
  // Continuous from epoch 2: 100 incrementals in batches of 40, 40 and 20, and an ack.
  auto out = Rig::sent(r.mon->on_message(1, subscribe({{"osdmap", 2, 0}}), 100 * SEC));
  ASSERT_EQ(out.size(), 4u);
  std::vector<std::size_t> batch;
  for (int i = 0; i < 3; ++i) {
    wire::MOSDMap m;
    ASSERT_TRUE(wire::MOSDMap::decode(out[i]->front, &m, nullptr));
    batch.push_back(m.incrementals.size());
  }
  EXPECT_EQ(batch, (std::vector<std::size_t>{40, 40, 20}));
  // Onetime from epoch 2: the first batch only.
  r.mon->on_connect(2, 100 * SEC);
  r.mon->on_message(2, hello(), 100 * SEC);
  out = Rig::sent(r.mon->on_message(2, subscribe({{"osdmap", 2, wire::SUBSCRIBE_ONETIME}}), 100 * SEC));
  EXPECT_EQ(out.size(), 1u);  // no ack either: nothing continuous
}

TEST(Monitor, AnOldClientsSubscriptionsAreReadAsHaveNotStart) {
  Rig r;
  r.cluster->advance_maps(100 * SEC);  // osdmap epoch 4
  r.mon->on_connect(1, 100 * SEC);
  r.mon->on_message(1, hello(), 100 * SEC);
  wire::MMonSubscribeV1 old;
  old.items = {{"osdmap", 2, true}, {"monmap", 0, false}};  // "I have osdmap 2"
  auto m = msg(wire::MSG_MON_SUBSCRIBE, old.encode());  // header version 0
  int osdmaps = 0, monmaps = 0;
  for (const auto& o : Rig::sent(r.mon->on_message(1, m, 100 * SEC))) {
    if (o->hdr.type == wire::MSG_MON_MAP) ++monmaps;  // have 0: the current monmap
    if (o->hdr.type != wire::MSG_OSD_MAP) continue;
    ++osdmaps;
    wire::MOSDMap om;
    ASSERT_TRUE(wire::MOSDMap::decode(o->front, &om, nullptr));
    ASSERT_EQ(om.incrementals.size(), 2u);  // epochs 3 and 4: start = have + 1
    EXPECT_EQ(om.incrementals[0].epoch, 3u);
  }
  EXPECT_EQ(osdmaps, 1);
  EXPECT_EQ(monmaps, 1);
}

TEST(Monitor, GenericRequestsAreAnswered) {
  Rig r;
  r.mon->on_connect(1, 0);
  r.mon->on_message(1, hello(), 0);
  wire::MStatfs s;
  auto out = Rig::sent(r.mon->on_message(1, msg(wire::MSG_STATFS, s.encode(), 5), 0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->front.size(), 56u);
  EXPECT_EQ(out[0]->hdr.tid, 5u);
  out = Rig::sent(r.mon->on_message(1, msg(wire::MSG_MON_GET_VERSION, wire::MMonGetVersion{6, "osdmap"}.encode(), 6), 0));
  wire::MMonGetVersionReply g;
  ASSERT_TRUE(wire::MMonGetVersionReply::decode(out[0]->front, &g, nullptr));
  EXPECT_EQ(g.handle, 6u);
  EXPECT_EQ(out[0]->front.size(), 24u);
  wire::MMonCommand c;
  c.cmd = {"{\"prefix\": \"osd blacklist\"}"};
  out = Rig::sent(r.mon->on_message(1, msg(wire::MSG_MON_COMMAND, c.encode(), 7), 0));
  EXPECT_EQ(out[0]->hdr.type, wire::MSG_MON_COMMAND_ACK);
  EXPECT_EQ(r.cluster->osdmap_epoch(), 2u);  // a blacklist entry is a new osdmap epoch
}

TEST(Behaviour, DelayDropStallAndRejectAuth) {
  Rig r;
  r.mon->behaviours().add({Rule::Kind::delay, "auth_reply", 0, 10 * SEC, nullptr, 5 * SEC, 5 * SEC});
  r.mon->behaviours().add({Rule::Kind::drop, "mon_map", 0, 10 * SEC, nullptr});
  r.mon->on_connect(1, 0);
  Actions a = r.mon->on_message(1, hello(), 0);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].delay, 5 * SEC);
  EXPECT_EQ(a[1].msg, nullptr);  // dropped
  EXPECT_EQ(a[1].note, "drop");
  // After the window: untouched.
  r.mon->on_connect(2, 0);
  a = r.mon->on_message(2, hello(), 11 * SEC);
  EXPECT_EQ(a[0].delay, 0);
  ASSERT_NE(a[1].msg, nullptr);
  // Stall: nothing is answered, but the messenger's keepalive acks go on.
  r.mon->behaviours().add({Rule::Kind::stall, "*", 20 * SEC, 30 * SEC, nullptr});
  r.mon->on_connect(3, 20 * SEC);
  EXPECT_TRUE(Rig::sent(r.mon->on_message(3, hello(), 20 * SEC)).empty());
  EXPECT_FALSE(r.mon->fate_of("keepalive2_ack", 20 * SEC).drop);
  // reject_auth: the reply carries the error.
  Rule reject;
  reject.kind = Rule::Kind::reject_auth;
  reject.from = 40 * SEC;
  r.mon->behaviours().add(reject);
  r.mon->on_connect(4, 40 * SEC);
  EXPECT_EQ(auth_reply(Rig::sent(r.mon->on_message(4, hello(), 40 * SEC))[0]).result, -kern::ERR_EACCES);
}

TEST(Behaviour, DropProbabilityUsesTheSeededStream) {
  Rig r;
  Rule half;
  half.kind = Rule::Kind::drop;
  half.reply = "statfs_reply";
  half.probability = 0.5;
  r.mon->behaviours().add(half);
  r.mon->on_connect(1, 0);
  r.mon->on_message(1, hello(), 0);
  int dropped = 0;
  for (int i = 0; i < 1000; ++i)
    dropped += Rig::sent(r.mon->on_message(1, msg(wire::MSG_STATFS, wire::MStatfs{}.encode(), i + 1), 0)).empty();
  EXPECT_NEAR(dropped, 500, 60);
}

TEST(Behaviour, CountLimitsApplications) {
  Rig r;
  Rule once;
  once.kind = Rule::Kind::corrupt;
  once.reply = "statfs_reply";
  once.how = CorruptHow::bad_length;
  once.count = std::make_shared<int>(1);
  r.mon->behaviours().add(once);
  r.mon->on_connect(1, 0);
  r.mon->on_message(1, hello(), 0);
  auto a = Rig::sent(r.mon->on_message(1, msg(wire::MSG_STATFS, wire::MStatfs{}.encode(), 1), 0));
  auto b = Rig::sent(r.mon->on_message(1, msg(wire::MSG_STATFS, wire::MStatfs{}.encode(), 2), 0));
  EXPECT_EQ(a[0]->front.size(), 57u);
  EXPECT_EQ(b[0]->front.size(), 56u);
}

// A count is shared by every copy of a rule: put on two monitors, count 1 corrupts one reply
// in all, whichever monitor sends it first.
TEST(Behaviour, ACountIsTheTotalOverEveryMonitorTheRuleIsOn) {
  Rig a, b;
  Rule once;
  once.kind = Rule::Kind::corrupt;
  once.reply = "statfs_reply";
  once.how = CorruptHow::bad_length;
  once.count = std::make_shared<int>(1);
  a.mon->behaviours().add(once);
  b.mon->behaviours().add(once);
  for (Rig* r : {&a, &b}) {
    r->mon->on_connect(1, 0);
    r->mon->on_message(1, hello(), 0);
  }
  auto from_a = Rig::sent(a.mon->on_message(1, msg(wire::MSG_STATFS, wire::MStatfs{}.encode(), 1), 0));
  auto from_b = Rig::sent(b.mon->on_message(1, msg(wire::MSG_STATFS, wire::MStatfs{}.encode(), 1), 0));
  EXPECT_EQ(from_a[0]->front.size(), 57u);  // corrupted
  EXPECT_EQ(from_b[0]->front.size(), 56u);  // the one count is spent
  EXPECT_EQ(*once.count, 0);
}

// Every corruption is refused by the client's decoders, for the reason it was made.
TEST(Corrupt, EveryKindIsRefusedByTheDecoders) {
  Rng rng = [] { return 0x0123456789ABCDEFULL; };
  wire::Fsid fsid;
  fsid.bytes[0] = 1;
  wire::MStatfsReply sr;
  sr.fsid = fsid;
  auto statfs = msg(wire::MSG_STATFS_REPLY, sr.encode());
  wire::MStatfsReply out;
  std::string err;
  EXPECT_FALSE(wire::MStatfsReply::decode(corrupt(statfs, CorruptHow::truncate, rng)->front, &out, &err));
  EXPECT_NE(err.find("28 bytes"), std::string::npos);
  EXPECT_FALSE(wire::MStatfsReply::decode(corrupt(statfs, CorruptHow::bad_length, rng)->front, &out, &err));
  EXPECT_NE(err.find("57 bytes"), std::string::npos);
  ASSERT_TRUE(wire::MStatfsReply::decode(corrupt(statfs, CorruptHow::wrong_fsid, rng)->front, &out, &err));
  EXPECT_FALSE(out.fsid == fsid);  // decodes, but the fsid check refuses it
  EXPECT_EQ(corrupt(statfs, CorruptHow::unknown_type, rng)->hdr.type, 0x7777);

  wire::MonMap mm;
  mm.fsid = fsid;
  mm.epoch = 2;
  mm.mons.push_back({{kern::ENTITY_TYPE_MON, 0}, {0, 0, 0xC0000201, 6789}});
  auto monmap = msg(wire::MSG_MON_MAP, mm.encode());
  wire::MonMap mout;
  EXPECT_EQ(wire::MonMap::decode(corrupt(monmap, CorruptHow::truncate, rng)->front, &mout, &err), -kern::ERR_EINVAL);
  EXPECT_EQ(wire::MonMap::decode(corrupt(monmap, CorruptHow::garbage, rng)->front, &mout, &err), -kern::ERR_EINVAL);
  ASSERT_EQ(wire::MonMap::decode(corrupt(monmap, CorruptHow::wrong_fsid, rng)->front, &mout, &err), 0);
  EXPECT_FALSE(mout.fsid == fsid);

  wire::MAuthReply ar;
  ar.protocol = wire::AUTH_NONE;
  auto auth = msg(wire::MSG_AUTH_REPLY, ar.encode());
  wire::MAuthReply aout;
  EXPECT_FALSE(wire::MAuthReply::decode(corrupt(auth, CorruptHow::truncate, rng)->front, &aout, &err));
  EXPECT_FALSE(wire::MAuthReply::decode(corrupt(auth, CorruptHow::bad_length, rng)->front, &aout, &err));
  EXPECT_NE(err.find("trailing"), std::string::npos);

  wire::MMonSubscribeAck sa{300, fsid};
  auto ack = msg(wire::MSG_MON_SUBSCRIBE_ACK, sa.encode());
  wire::MMonSubscribeAck sout;
  EXPECT_FALSE(wire::MMonSubscribeAck::decode(corrupt(ack, CorruptHow::truncate, rng)->front, &sout, &err));
}

}  // namespace
}  // namespace monsim::mock_mon
