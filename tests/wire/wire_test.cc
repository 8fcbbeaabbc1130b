// client/wire: every decoder survives truncated and oversized input and says why.
#include <gtest/gtest.h>

#include "client/kern/errno.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"
#include "client/wire/monmap.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace monsim::wire {
namespace {

Fsid fsid(std::uint8_t seed) {
  Fsid f;
  for (int i = 0; i < 16; ++i) f.bytes[i] = static_cast<std::uint8_t>(seed + i);
  return f;
}

MonMap monmap(int n) {
  MonMap m;
  m.fsid = fsid(1);
  m.epoch = 3;
  for (int i = 0; i < n; ++i)
    m.mons.push_back({{kern::ENTITY_TYPE_MON, static_cast<std::uint64_t>(i)},
                      {0, 0, 0xC0000201u + static_cast<std::uint32_t>(i), 6789}});
  return m;
}

// Every strict prefix of a valid encoding must be refused by `decode`, never read past.
template <typename F>
void every_prefix_fails(const Bytes& full, F decode) {
  for (std::size_t n = 0; n < full.size(); ++n) {
    std::span<const std::uint8_t> cut(full.data(), n);
    EXPECT_FALSE(decode(cut)) << "prefix of " << n << " of " << full.size() << " bytes accepted";
  }
}

TEST(Codec, DecoderStopsAtTheEndAndSaysWhere) {
  Bytes b = {1, 2, 3};
  Decoder d(b);
  EXPECT_EQ(d.u16(), 0x0201);
  EXPECT_EQ(d.u32("epoch"), 0u);
  EXPECT_FALSE(d.ok());
  EXPECT_NE(d.error().find("epoch needs 4 bytes at offset 2, 1 left"), std::string::npos);
  EXPECT_EQ(d.u64(), 0u);  // later reads yield zeros
}

TEST(Codec, BlobWithHugeLengthFails) {
  Bytes b;
  Encoder e(b);
  e.u32(0xFFFFFFFF);
  e.u8(1);
  Decoder d(b);
  EXPECT_TRUE(d.blob().empty());
  EXPECT_FALSE(d.ok());
}

TEST(MonMap, RoundTripsAndMatchesTheLegacySize) {
  const Bytes b = monmap(3).encode();
  EXPECT_EQ(b.size(), 4 + 2 + 16 + 4 + 4 + 3 * ENTITY_INST_SIZE);
  MonMap out;
  std::string err;
  ASSERT_EQ(MonMap::decode(b, &out, &err), 0) << err;
  EXPECT_EQ(out.epoch, 3u);
  EXPECT_EQ(out.fsid, fsid(1));
  ASSERT_EQ(out.mons.size(), 3u);
  EXPECT_EQ(out.mons[2].addr.ipv4, 0xC0000203u);
  EXPECT_EQ(out.mons[2].addr.port, 6789);
  EXPECT_EQ(out.mons[1].name.num, 1u);
  EXPECT_TRUE(out.contains({0, 0, 0xC0000202, 6789}));
  EXPECT_FALSE(out.contains({0, 1, 0xC0000202, 6789}));  // the nonce counts, as in memcmp
  EXPECT_FALSE(out.contains({0, 0, 0xC0000209, 6789}));
}

TEST(MonMap, TruncatedInputIsEinval) {
  every_prefix_fails(monmap(3).encode(), [](auto s) {
    MonMap m;
    return MonMap::decode(s, &m, nullptr) == 0;
  });
}

TEST(MonMap, ThirtyOneMonitorsAreRefusedThirtyAccepted) {
  MonMap m;
  std::string err;
  EXPECT_EQ(MonMap::decode(monmap(31).encode(), &m, &err), -kern::ERR_EINVAL);
  EXPECT_NE(err.find("CEPH_MAX_MON"), std::string::npos);
  EXPECT_EQ(MonMap::decode(monmap(30).encode(), &m, &err), 0);
}

TEST(MonMap, AHugeMonitorCountIsATruncationNotAnOverflow) {
  Bytes b = monmap(1).encode();
  // num_mon sits after the u32 length, u16 version, fsid and epoch.
  const std::size_t at = 4 + 2 + 16 + 4;
  b[at] = b[at + 1] = b[at + 2] = b[at + 3] = 0xFF;
  MonMap m;
  std::string err;
  EXPECT_EQ(MonMap::decode(b, &m, &err), -kern::ERR_EINVAL);
  EXPECT_NE(err.find("monitor instances"), std::string::npos);
}

TEST(AuthReply, RoundTripsAndRefusesTrailingBytes) {
  MAuthReply r;
  r.protocol = AUTH_CEPHX;
  r.result = -13;
  r.global_id = 4242;
  r.payload = {1, 2, 3};
  r.result_msg = "denied";
  Bytes b = r.encode();
  MAuthReply out;
  ASSERT_TRUE(MAuthReply::decode(b, &out, nullptr));
  EXPECT_EQ(out.result, -13);
  EXPECT_EQ(out.global_id, 4242u);
  EXPECT_EQ(out.result_msg, "denied");
  every_prefix_fails(b, [](auto s) {
    MAuthReply x;
    return MAuthReply::decode(s, &x, nullptr);
  });
  b.push_back(0);
  std::string err;
  EXPECT_FALSE(MAuthReply::decode(b, &out, &err));
  EXPECT_NE(err.find("trailing"), std::string::npos);
}

TEST(Subscribe, RoundTripsAndRefusesAbsurdCounts) {
  MMonSubscribe s;
  s.items = {{"monmap", 4, 0}, {"osdmap", 0, SUBSCRIBE_ONETIME}};
  Bytes b = s.encode();
  MMonSubscribe out;
  ASSERT_TRUE(MMonSubscribe::decode(b, &out, nullptr));
  EXPECT_EQ(out.items, s.items);
  every_prefix_fails(b, [](auto x) {
    MMonSubscribe o;
    return MMonSubscribe::decode(x, &o, nullptr);
  });
  Bytes huge = {0xFF, 0xFF, 0xFF, 0x7F};
  std::string err;
  EXPECT_FALSE(MMonSubscribe::decode(huge, &out, &err));
}

TEST(Subscribe, TheOldFormatHas17ByteItemsAndUpgradesHaveToStart) {
  MMonSubscribeV1 s;
  s.items = {{"osdmap", 0, true}, {"mdsmap", 4, false}, {"monmap", 0, false}};
  Bytes b = s.encode();
  EXPECT_EQ(b.size(), 4u + 3 * (4 + 6 + 17));  // fits the 96 bytes linux-2.6.34 allocates
  MMonSubscribeV1 out;
  ASSERT_TRUE(MMonSubscribeV1::decode(b, &out, nullptr));
  EXPECT_EQ(out.items, s.items);
  const MMonSubscribe up = out.upgrade();
  EXPECT_EQ(up.items[0], (SubscribeItem{"osdmap", 0, SUBSCRIBE_ONETIME}));
  EXPECT_EQ(up.items[1], (SubscribeItem{"mdsmap", 5, 0}));
  every_prefix_fails(b, [](auto x) {
    MMonSubscribeV1 o;
    return MMonSubscribeV1::decode(x, &o, nullptr);
  });
}

TEST(SubscribeAck, NeedsTwentyBytesAndToleratesMore) {
  MMonSubscribeAck a;
  a.duration = 300;
  a.fsid = fsid(9);
  Bytes b = a.encode();
  ASSERT_EQ(b.size(), 20u);
  MMonSubscribeAck out;
  ASSERT_TRUE(MMonSubscribeAck::decode(b, &out, nullptr));
  EXPECT_EQ(out.duration, 300u);
  b.push_back(7);
  EXPECT_TRUE(MMonSubscribeAck::decode(b, &out, nullptr));
  every_prefix_fails(a.encode(), [](auto x) {
    MMonSubscribeAck o;
    return MMonSubscribeAck::decode(x, &o, nullptr);
  });
}

TEST(StatfsReply, MustBeExactly56Bytes) {
  MStatfsReply r;
  r.fsid = fsid(2);
  r.version = 7;
  r.st = {100, 40, 60, 5};
  Bytes b = r.encode();
  ASSERT_EQ(b.size(), 56u);
  MStatfsReply out;
  ASSERT_TRUE(MStatfsReply::decode(b, &out, nullptr));
  EXPECT_EQ(out.st, r.st);
  std::string err;
  b.push_back(0);
  EXPECT_FALSE(MStatfsReply::decode(b, &out, &err));
  EXPECT_NE(err.find("57 bytes"), std::string::npos);
  b.resize(55);
  EXPECT_FALSE(MStatfsReply::decode(b, &out, &err));
}

TEST(Statfs, RequestIs34Bytes) {
  MStatfs s;
  s.fsid = fsid(3);
  EXPECT_EQ(s.encode().size(), 34u);
  MStatfs out;
  EXPECT_TRUE(MStatfs::decode(s.encode(), &out, nullptr));
  every_prefix_fails(s.encode(), [](auto x) {
    MStatfs o;
    return MStatfs::decode(x, &o, nullptr);
  });
}

TEST(GetVersion, RequestAndReply) {
  MMonGetVersion g{5, "osdmap"};
  MMonGetVersion og;
  ASSERT_TRUE(MMonGetVersion::decode(g.encode(), &og, nullptr));
  EXPECT_EQ(og.what, "osdmap");
  MMonGetVersionReply r{5, 42, 1};
  EXPECT_EQ(r.encode().size(), 24u);
  MMonGetVersionReply o;
  ASSERT_TRUE(MMonGetVersionReply::decode(r.encode(), &o, nullptr));
  EXPECT_EQ(o.newest, 42u);
  const Bytes full = r.encode();
  Bytes sixteen(full.begin(), full.begin() + 16);
  EXPECT_TRUE(MMonGetVersionReply::decode(sixteen, &o, nullptr));  // the kernel reads two
  every_prefix_fails(sixteen, [](auto x) {
    MMonGetVersionReply p;
    return MMonGetVersionReply::decode(x, &p, nullptr);
  });
}

TEST(Command, RequestAndAck) {
  MMonCommand c;
  c.fsid = fsid(4);
  c.cmd = {"{\"prefix\": \"osd blacklist\"}"};
  MMonCommand oc;
  ASSERT_TRUE(MMonCommand::decode(c.encode(), &oc, nullptr));
  EXPECT_EQ(oc.cmd, c.cmd);
  every_prefix_fails(c.encode(), [](auto x) {
    MMonCommand o;
    return MMonCommand::decode(x, &o, nullptr);
  });
  MMonCommandAck a;
  a.result = -22;
  a.rs = "bad";
  MMonCommandAck oa;
  ASSERT_TRUE(MMonCommandAck::decode(a.encode(), &oa, nullptr));
  EXPECT_EQ(oa.result, -22);
  const Bytes ack = a.encode();
  Bytes short_ack(ack.begin(), ack.begin() + 21);  // header + 3 of the result's 4 bytes
  EXPECT_FALSE(MMonCommandAck::decode(short_ack, &oa, nullptr));
}

TEST(OsdMap, EpochsAndTruncation) {
  MOSDMap m;
  m.fsid = fsid(5);
  m.incrementals = {{7, 300}, {8, 300}};
  m.fulls = {{9, 2450}};
  Bytes b = m.encode();
  MOSDMap out;
  ASSERT_TRUE(MOSDMap::decode(b, &out, nullptr));
  EXPECT_EQ(out.newest(), 9u);
  EXPECT_EQ(out.epoch_after(6), 9u);    // 7 and 8 apply, then the full 9
  EXPECT_EQ(out.epoch_after(0), 9u);    // nothing to apply incrementals to: the full map
  MOSDMap incs;
  incs.incrementals = {{7, 300}, {8, 300}};
  EXPECT_EQ(incs.epoch_after(6), 8u);
  EXPECT_EQ(incs.epoch_after(3), 3u);   // a gap: nothing applies
  EXPECT_EQ(out.incrementals.size(), 2u);
  std::string err;
  b.resize(b.size() - 1);
  EXPECT_FALSE(MOSDMap::decode(b, &out, &err));
  EXPECT_NE(err.find("map body"), std::string::npos);
}

TEST(Cephx, PayloadsRoundTrip) {
  AuthHello h{{AUTH_NONE, AUTH_CEPHX}, kern::ENTITY_TYPE_CLIENT, "admin", 77};
  AuthHello oh;
  ASSERT_TRUE(AuthHello::decode(h.encode(), &oh, nullptr));
  EXPECT_EQ(oh.global_id, 77u);
  EXPECT_EQ(oh.supported, h.supported);
  EXPECT_EQ(CephxChallenge{}.encode().size(), 9u);
  CephxTicketReply r;
  r.op = CEPHX_GET_PRINCIPAL_SESSION_KEY;
  r.tickets = {{kern::ENTITY_TYPE_MON, 3600, 96}, {kern::ENTITY_TYPE_OSD, 3600, 96}};
  CephxTicketReply o;
  ASSERT_TRUE(CephxTicketReply::decode(r.encode(), &o, nullptr));
  EXPECT_EQ(o.tickets.size(), 2u);
  EXPECT_EQ(o.tickets[1].validity_s, 3600u);
  every_prefix_fails(r.encode(), [](auto x) {
    CephxTicketReply t;
    return CephxTicketReply::decode(x, &t, nullptr);
  });
  CephxRequest q;
  q.op = CEPHX_GET_PRINCIPAL_SESSION_KEY;
  q.keys = 0x0d;
  CephxRequest oq;
  ASSERT_TRUE(CephxRequest::decode(q.encode(), &oq, nullptr));
  EXPECT_EQ(oq.keys, 0x0du);
}

// ------------------------------------------------------------------ the versioned monmap

TEST(MonMapVersioned, V9AndV5RoundTripToTheLegacyAddresses) {
  for (int v : {9, 5}) {
    const MonMap in = monmap(3);
    MonMap out;
    std::string err;
    ASSERT_EQ(MonMap::decode_versioned(in.encode_versioned(v), false, &out, &err), 0) << v << err;
    EXPECT_EQ(out.epoch, in.epoch);
    EXPECT_TRUE(out.fsid == in.fsid);
    ASSERT_EQ(out.mons.size(), 3u);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(out.mons[i].addr.ipv4, in.mons[i].addr.ipv4);
      EXPECT_EQ(out.mons[i].addr.port, in.mons[i].addr.port);
      EXPECT_EQ(out.mons[i].addr.type, ADDR_TYPE_LEGACY);
      EXPECT_EQ(out.mons[i].name.num, static_cast<std::uint64_t>(i));
    }
  }
}

TEST(MonMapVersioned, Msgr2PicksTheV2AddressOfTheVector) {
  MonMap out;
  ASSERT_EQ(MonMap::decode_versioned(monmap(2).encode_versioned(9), true, &out, nullptr), 0);
  EXPECT_EQ(out.mons[0].addr.type, ADDR_TYPE_MSGR2);
  EXPECT_EQ(out.mons[0].addr.port, 3300);
}

TEST(MonMapVersioned, UpTo31MonitorsAndNotZero) {  // 4.17: "> CEPH_MAX_MON" refused, 31 kept
  MonMap out;
  EXPECT_EQ(MonMap::decode_versioned(monmap(31).encode_versioned(9), false, &out, nullptr), 0);
  EXPECT_EQ(out.mons.size(), 31u);
  std::string err;
  EXPECT_EQ(MonMap::decode_versioned(monmap(32).encode_versioned(9), false, &out, &err), -kern::ERR_EINVAL);
  EXPECT_NE(err.find("num_mon"), std::string::npos);
  EXPECT_EQ(MonMap::decode_versioned(monmap(0).encode_versioned(9), false, &out, nullptr), -kern::ERR_EINVAL);
}

TEST(MonMapVersioned, TheLegacyEncodingIsRefusedAndShortOnesAreERange) {
  MonMap out;
  std::string err;
  // The legacy blob starts u16 1: struct_v 1, struct_compat 0, then a bogus length.
  const int legacy = MonMap::decode_versioned(monmap(3).encode(), false, &out, &err);
  EXPECT_TRUE(legacy == -kern::ERR_ERANGE || legacy == -kern::ERR_EINVAL) << legacy;
  Bytes b = monmap(3).encode_versioned(9);
  b[5] = 7;  // struct_compat 7 > 6
  EXPECT_EQ(MonMap::decode_versioned(b, false, &out, &err), -kern::ERR_EINVAL);
  EXPECT_NE(err.find("struct_compat"), std::string::npos);
  Bytes cut = monmap(3).encode_versioned(9);
  cut.resize(cut.size() / 2);
  EXPECT_NE(MonMap::decode_versioned(cut, false, &out, nullptr), 0);
}

TEST(AddrVec, NoAddressOfTheWantedKindIsENOENTAndABadMarkerEINVAL) {
  Bytes b;
  Encoder e(b);
  e.u8(2);
  e.u32(1);
  kern::EntityAddr v2{ADDR_TYPE_MSGR2, 0, 0xC0000201u, 3300};
  encode_addr_versioned(e, v2);
  kern::EntityAddr out;
  Decoder d(b);
  EXPECT_EQ(decode_entity_addrvec(d, false, &out), -kern::ERR_ENOENT);
  b[0] = 3;
  Decoder d2(b);
  EXPECT_EQ(decode_entity_addrvec(d2, false, &out), -kern::ERR_EINVAL);
  Bytes empty{2, 0, 0, 0, 0};  // no addresses: fine, nothing chosen
  Decoder d3(empty);
  EXPECT_EQ(decode_entity_addrvec(d3, false, &out), 0);
}

TEST(Statfs, VersionTwoCarriesTheDataPool) {
  MStatfs in;
  in.v2 = true;
  in.contains_data_pool = true;
  in.data_pool = 7;
  const Bytes b = in.encode();
  EXPECT_EQ(b.size(), MStatfs::SIZE_V2);
  MStatfs out;
  ASSERT_TRUE(MStatfs::decode(b, &out, nullptr));
  EXPECT_TRUE(out.v2 && out.contains_data_pool);
  EXPECT_EQ(out.data_pool, 7u);
}

}  // namespace
}  // namespace monsim::wire
