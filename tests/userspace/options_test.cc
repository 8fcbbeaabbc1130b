// The table behind clients.ceph_conf: every option of Options once, its 16.2.15 default inside
// the bounds a scenario may give it, in Ceph's (alphabetical) order.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "client/userspace_16_2/options.h"

namespace monsim::userspace_16_2 {
namespace {

TEST(Options, EveryDefaultWithinItsBounds) {
  const Options defaults;
  for (const auto& spec : option_specs()) {
    const double v = option_value(defaults, spec);
    EXPECT_GE(v, spec.min) << spec.name;
    EXPECT_LE(v, spec.max) << spec.name;
    EXPECT_TRUE((spec.real != nullptr) != (spec.count != nullptr)) << spec.name;
  }
}

TEST(Options, NamesUniqueAndSorted) {
  std::string last;
  std::set<std::string> seen;
  for (const auto& spec : option_specs()) {
    EXPECT_LT(last, spec.name);
    EXPECT_TRUE(seen.insert(spec.name).second) << spec.name;
    last = spec.name;
  }
  EXPECT_EQ(seen.size(), 13u);
}

TEST(Options, SetReadsBack) {
  Options o;
  for (const auto& spec : option_specs()) {
    set_option(&o, spec, spec.max);
    EXPECT_EQ(option_value(o, spec), spec.max) << spec.name;
  }
  EXPECT_EQ(o.mon_client_hunt_parallel, 30u);
  EXPECT_EQ(o.client_mount_timeout, 86400.0);
}

// The 16.2.15 defaults, as `ceph-conf -c /dev/null -D` prints them.
TEST(Options, Pacific16_2_15Defaults) {
  const Options o;
  EXPECT_EQ(o.mon_client_hunt_interval, 3.0);
  EXPECT_EQ(o.mon_client_hunt_interval_backoff, 1.5);
  EXPECT_EQ(o.mon_client_hunt_interval_max_multiple, 10.0);
  EXPECT_EQ(o.mon_client_hunt_interval_min_multiple, 1.0);
  EXPECT_EQ(o.mon_client_hunt_parallel, 3u);
  EXPECT_EQ(o.mon_client_log_interval, 1.0);
  EXPECT_EQ(o.mon_client_ping_interval, 10.0);
  EXPECT_EQ(o.mon_client_ping_timeout, 30.0);
  EXPECT_EQ(o.client_mount_timeout, 300.0);
  EXPECT_EQ(o.ms_initial_backoff, 0.2);
  EXPECT_EQ(o.ms_max_backoff, 15.0);
  EXPECT_EQ(o.ms_connection_ready_timeout, 10.0);
  EXPECT_EQ(o.ms_connection_idle_timeout, 900.0);
}

}  // namespace
}  // namespace monsim::userspace_16_2
