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

}  // namespace
}  // namespace monsim::userspace
