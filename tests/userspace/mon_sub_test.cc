// MonSub (16.2): what is wanted, sent, and renewed.
#include "client/userspace_16_2/mon_sub.h"

#include <gtest/gtest.h>

namespace monsim::userspace_16_2 {
namespace {

TEST(MonSub, WantThenRenewedMovesToSent) {
  MonSub s;
  EXPECT_TRUE(s.want("monmap", 0, 0));
  EXPECT_TRUE(s.want("config", 0, 0));
  ASSERT_TRUE(s.have_new());
  const auto subs = s.get_subs();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].what, "config");  // std::map order, as Ceph sends them
  s.renewed(1);
  EXPECT_FALSE(s.have_new());
  EXPECT_FALSE(s.want("monmap", 0, 0));  // already sent with the same start
}

// _reopen_session(): reload() puts everything sent back to be sent on the new session.
TEST(MonSub, ReloadResendsWhatWasSent) {
  MonSub s;
  s.want("osdmap", 5, 0);
  s.renewed(1);
  EXPECT_TRUE(s.reload());
  EXPECT_EQ(s.get_subs().at(0).start, 5u);
}

TEST(MonSub, GotAdvancesAContinuousOneAndDropsAOnetime) {
  MonSub s;
  s.want("monmap", 0, 0);
  s.want("osdmap", 3, wire::SUBSCRIBE_ONETIME);
  s.got("monmap", 1);
  s.got("osdmap", 3);
  const auto subs = s.get_subs();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].what, "monmap");
  EXPECT_EQ(subs[0].start, 2u);
}

// acked(): legacy monitors' ack sets the renewal at half the interval after it was sent.
TEST(MonSub, AckSetsRenewalHalfTheIntervalAfterSending) {
  MonSub s;
  s.want("osdmap", 0, 0);
  s.renewed(1000);
  s.acked(300);
  EXPECT_FALSE(s.need_renew(1000 + 150000000000LL));
  EXPECT_TRUE(s.need_renew(1000 + 150000000001LL));
}

}  // namespace
}  // namespace monsim::userspace_16_2
