// utime_t's arithmetic decides the MonClient's boundaries (`now > last_keepalive + 10`,
// `interval > 30`): Ceph's rules, exactly.
#include "client/userspace/utime.h"

#include <gtest/gtest.h>

namespace monsim::userspace {
namespace {

TEST(Utime, AddingWholeSecondsKeepsTheNanoseconds) {
  const Utime t = Utime{100, 999999999} + 10.0;
  EXPECT_EQ(t.sec, 110);
  EXPECT_EQ(t.nsec, 999999999);
}

TEST(Utime, AddingAFractionCarriesIntoTheSeconds) {
  const Utime t = Utime{100, 900000000} + 0.2;
  EXPECT_EQ(t.sec, 101);
  EXPECT_NEAR(static_cast<double>(t.nsec), 100000000.0, 1.0);
}

// tick(): a keepalive is due only when strictly more than ping_interval has passed.
TEST(Utime, KeepaliveDueOnlyStrictlyAfterTheInterval) {
  const Utime last{1700000000, 13027000};
  EXPECT_FALSE((Utime{1700000010, 13027000} > last + 10.0));
  EXPECT_TRUE((Utime{1700000010, 13027001} > last + 10.0));
}

// tick(): the timeout compares the span as a double with mon_client_ping_timeout.
TEST(Utime, SpanComparedAsDouble) {
  const Utime lk{1700000053, 13287000};
  EXPECT_FALSE((Utime{1700000083, 13287000} - lk) > 30.0);
  EXPECT_TRUE((Utime{1700000083, 16977000} - lk) > 30.0);
  EXPECT_NEAR((Utime{1700000083, 16977000} - lk).to_double(), 30.00369, 1e-9);
}

TEST(Utime, DifferenceBorrows) {
  const Utime d = Utime{10, 100} - Utime{9, 200};
  EXPECT_EQ(d.sec, 0);
  EXPECT_EQ(d.nsec, 999999900);
}

// 16.2's tv_sec is a __u32: a later instant subtracted from an earlier wraps, and prints as
// the date 2^32 - 1 seconds makes (as a real client's log had it).
TEST(Utime, EarlierMinusLaterWrapsLike16_2) {
  const Utime now{1765069054, 764293000};
  const Utime lk{1765069054, 764525000};
  const Utime d = now - lk;
  EXPECT_EQ(d.sec, 4294967295LL);
  EXPECT_EQ(d.nsec, 999768000);
  EXPECT_TRUE(d > 30.0);
  EXPECT_EQ(d.text(), "2106-02-07T06:28:15.999768+0000");
  EXPECT_EQ(lk.text(), "2025-12-07T00:57:34.764525+0000");
  EXPECT_EQ((Utime{1700000083, 16977000} - Utime{1700000053, 13287000}).text(), "30.003690");
}

}  // namespace
}  // namespace monsim::userspace
