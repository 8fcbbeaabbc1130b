// client/auth: negotiation, the cephx-like three exchanges, renewal at 75 % on the wall
// clock, tickets kept across a reset, and the return convention.
#include "client/auth/auth_client.h"

#include <gtest/gtest.h>

#include "client/auth/auth_x.h"
#include "client/kern/errno.h"
#include "client/testing/fake_kernel.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"

namespace monsim::auth {
namespace {

using testing::FakeKernel;
using testing::NS_PER_S;

constexpr std::uint32_t kWant = kern::ENTITY_TYPE_AUTH | kern::ENTITY_TYPE_MON |
                                kern::ENTITY_TYPE_OSD | kern::ENTITY_TYPE_MDS;

wire::Bytes reply(std::uint32_t protocol, std::int32_t result, std::uint64_t gid,
                  wire::Bytes payload) {
  wire::MAuthReply r;
  r.protocol = protocol;
  r.result = result;
  r.global_id = gid;
  r.payload = std::move(payload);
  return r.encode();
}

wire::Bytes tickets(std::uint16_t op, std::vector<std::uint32_t> services, std::uint32_t ttl) {
  wire::CephxTicketReply t;
  t.op = op;
  for (auto s : services) t.tickets.push_back({s, ttl, 96});
  return t.encode();
}

wire::MAuth parse(const wire::Bytes& front) {
  wire::MAuth m;
  EXPECT_TRUE(wire::MAuth::decode(front, &m, nullptr));
  return m;
}

struct Cephx {
  FakeKernel k;
  AuthClient ac{"admin", kWant, k.clock(), k.random(), k.trace()};
  wire::Bytes out;

  // The three exchanges of this kernel; returns the last handle_reply() result.
  int authenticate(std::uint64_t gid = 4100, std::uint32_t ttl = 3600) {
    EXPECT_GT(ac.handle_reply(reply(wire::AUTH_CEPHX, 0, gid, wire::CephxChallenge{77}.encode()),
                              out, 4096),
              0);
    EXPECT_EQ(wire::CephxRequest{}.op, wire::CEPHX_GET_AUTH_SESSION_KEY);
    EXPECT_GT(ac.handle_reply(reply(wire::AUTH_CEPHX, 0, gid,
                                    tickets(wire::CEPHX_GET_AUTH_SESSION_KEY,
                                            {kern::ENTITY_TYPE_AUTH}, ttl)),
                              out, 4096),
              0);
    return ac.handle_reply(
        reply(wire::AUTH_CEPHX, 0, gid,
              tickets(wire::CEPHX_GET_PRINCIPAL_SESSION_KEY,
                      {kern::ENTITY_TYPE_MON, kern::ENTITY_TYPE_OSD, kern::ENTITY_TYPE_MDS}, ttl)),
        out, 4096);
  }
};

TEST(AuthClient, HelloOffersNoneAndCephxWithThePreviousGlobalId) {
  Cephx c;
  ASSERT_GT(c.ac.build_hello(c.out, 4096), 0);
  wire::MAuth m = parse(c.out);
  EXPECT_EQ(m.protocol, wire::AUTH_UNKNOWN);
  wire::AuthHello h;
  ASSERT_TRUE(wire::AuthHello::decode(m.payload, &h, nullptr));
  EXPECT_EQ(h.supported, (std::vector<std::uint32_t>{wire::AUTH_NONE, wire::AUTH_CEPHX}));
  EXPECT_EQ(h.name, "admin");
  EXPECT_EQ(h.global_id, 0u);
  EXPECT_EQ(c.authenticate(4100), 0);
  c.ac.build_hello(c.out, 4096);
  ASSERT_TRUE(wire::AuthHello::decode(parse(c.out).payload, &h, nullptr));
  EXPECT_EQ(h.global_id, 4100u);  // reclaim on the next session
  EXPECT_EQ(c.ac.build_hello(c.out, 10), -kern::ERR_ERANGE);
}

TEST(AuthClient, CephxTakesThreeExchangesAndAdoptsTheGlobalId) {
  Cephx c;
  c.ac.build_hello(c.out, 4096);
  EXPECT_FALSE(c.ac.is_authenticated());
  EXPECT_GT(c.ac.handle_reply(reply(wire::AUTH_CEPHX, 0, 4100, wire::CephxChallenge{77}.encode()),
                              c.out, 4096),
            0);
  wire::CephxRequest q;
  ASSERT_TRUE(wire::CephxRequest::decode(parse(c.out).payload, &q, nullptr));
  EXPECT_EQ(q.op, wire::CEPHX_GET_AUTH_SESSION_KEY);
  EXPECT_EQ(c.ac.global_id(), 4100u);
  EXPECT_GT(c.ac.handle_reply(reply(wire::AUTH_CEPHX, 0, 0,
                                    tickets(wire::CEPHX_GET_AUTH_SESSION_KEY,
                                            {kern::ENTITY_TYPE_AUTH}, 3600)),
                              c.out, 4096),
            0);
  ASSERT_TRUE(wire::CephxRequest::decode(parse(c.out).payload, &q, nullptr));
  EXPECT_EQ(q.op, wire::CEPHX_GET_PRINCIPAL_SESSION_KEY);
  EXPECT_EQ(q.keys, kern::ENTITY_TYPE_MON | kern::ENTITY_TYPE_OSD | kern::ENTITY_TYPE_MDS);
  EXPECT_FALSE(c.ac.is_authenticated());
  EXPECT_EQ(c.ac.handle_reply(reply(wire::AUTH_CEPHX, 0, 0,
                                    tickets(wire::CEPHX_GET_PRINCIPAL_SESSION_KEY,
                                            {kern::ENTITY_TYPE_MON, kern::ENTITY_TYPE_OSD,
                                             kern::ENTITY_TYPE_MDS},
                                            3600)),
                              c.out, 4096),
            0);
  EXPECT_TRUE(c.ac.is_authenticated());
  EXPECT_EQ(c.ac.global_id(), 4100u);  // a reply's global_id 0 does not clear it
}

TEST(AuthClient, RenewalIsDueAtThreeQuartersOfValidityOnTheWallClock) {
  Cephx c;
  ASSERT_EQ(c.authenticate(4100, 3600), 0);
  EXPECT_EQ(c.ac.build_auth(c.out, 4096), 0);
  c.k.run_until(2699 * NS_PER_S);
  EXPECT_EQ(c.ac.build_auth(c.out, 4096), 0);
  c.k.run_until(2700 * NS_PER_S);  // 3600 - 3600/4
  ASSERT_GT(c.ac.build_auth(c.out, 4096), 0);
  EXPECT_TRUE(c.ac.is_authenticated());  // still valid while renewing
  c.k.run_until(3600 * NS_PER_S);
  EXPECT_FALSE(c.ac.is_authenticated());  // expired: the keys are gone
}

TEST(AuthClient, AForwardWallClockStepMakesTicketsDue) {
  Cephx c;
  ASSERT_EQ(c.authenticate(4100, 3600), 0);
  c.k.fake_clock().step_realtime(3000 * NS_PER_S);
  EXPECT_GT(c.ac.build_auth(c.out, 4096), 0);
}

TEST(AuthClient, ResetKeepsTicketsUntilTheNextChallenge) {
  Cephx c;
  ASSERT_EQ(c.authenticate(), 0);
  c.ac.reset();
  EXPECT_TRUE(c.ac.is_authenticated());  // tickets kept across ceph_auth_reset
  c.ac.build_hello(c.out, 4096);
  EXPECT_GT(c.ac.handle_reply(reply(wire::AUTH_CEPHX, 0, 4100, wire::CephxChallenge{5}.encode()),
                              c.out, 4096),
            0);
  EXPECT_FALSE(c.ac.is_authenticated());  // the challenge clears the AUTH key
  wire::CephxRequest q;
  ASSERT_TRUE(wire::CephxRequest::decode(parse(c.out).payload, &q, nullptr));
  EXPECT_EQ(q.op, wire::CEPHX_GET_AUTH_SESSION_KEY);
  EXPECT_EQ(q.old_ticket_bytes, 96u);  // presents the old ticket
}

TEST(AuthClient, ErrorsAreReturnedNegative) {
  Cephx c;
  c.ac.build_hello(c.out, 4096);
  EXPECT_EQ(c.ac.handle_reply(reply(wire::AUTH_CEPHX, -kern::ERR_EACCES, 0, {}), c.out, 4096),
            -kern::ERR_EACCES);
  Cephx d;
  EXPECT_EQ(d.ac.handle_reply(reply(0, -kern::ERR_EPERM, 0, {}), d.out, 4096), -kern::ERR_EPERM);
  EXPECT_EQ(d.ac.build_auth(d.out, 4096), 0);  // nothing negotiated: nothing to send (4.x)
  d.ac.set_hello_when_unnegotiated(true);         // 2.6.3x: a hello instead
  ASSERT_GT(d.ac.build_auth(d.out, 4096), 0);
  EXPECT_EQ(parse(d.out).protocol, wire::AUTH_UNKNOWN);
  Cephx e;
  EXPECT_EQ(e.ac.handle_reply(reply(99, 0, 0, {}), e.out, 4096), -kern::ERR_ENOENT);
  Cephx f;
  wire::Bytes junk = reply(wire::AUTH_CEPHX, 0, 0, {});
  junk.push_back(1);
  EXPECT_EQ(f.ac.handle_reply(junk, f.out, 4096), -kern::ERR_EINVAL);
  EXPECT_EQ(f.k.recording().count("auth_decode_error"), 1);
}

TEST(AuthClient, NoneTakesOneRoundTrip) {
  Cephx c;
  c.ac.build_hello(c.out, 4096);
  EXPECT_EQ(c.ac.handle_reply(reply(wire::AUTH_NONE, 0, 4242, {}), c.out, 4096), 0);
  EXPECT_TRUE(c.ac.is_authenticated());
  EXPECT_EQ(c.ac.global_id(), 4242u);
  EXPECT_EQ(c.ac.build_auth(c.out, 4096), 0);
  c.ac.reset();
  c.ac.handle_reply(reply(wire::AUTH_NONE, 0, 4242, {}), c.out, 4096);
  EXPECT_TRUE(c.ac.is_authenticated());
}

}  // namespace
}  // namespace monsim::auth
