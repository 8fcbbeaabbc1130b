#include "sim/engine/trace.h"

#include <sstream>

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

TEST(Trace, LineFormatIsStable) {
  std::ostringstream out;
  TraceWriter w(&out);
  std::vector<kern::Field> fields = {{"mon", 1}, {"hunt_mult", 2u}, {"ok", true},
                                     {"name", "a\"b\n"}, {"ratio", 0.25}};
  w.write({12'345'678'901, "client.0", "hunt_pick", 4294892296ULL, fields, kern::LogLevel::info,
           "mon1 session lost"});
  EXPECT_EQ(out.str(),
            "{\"t\":12.345678,\"node\":\"client.0\",\"event\":\"hunt_pick\",\"jiffies\":4294892296,"
            "\"mon\":1,\"hunt_mult\":2,\"ok\":true,\"name\":\"a\\\"b\\n\",\"ratio\":0.25,"
            "\"level\":\"info\",\"msg\":\"mon1 session lost\"}\n");
  EXPECT_EQ(w.lines(), 1u);
}

TEST(Trace, HashIsOverTheBytesAndOrderSensitive) {
  std::vector<kern::Field> none;
  TraceWriter a, b, c;
  a.write({1, "n", "x", std::nullopt, none, kern::LogLevel::none, {}});
  a.write({2, "n", "y", std::nullopt, none, kern::LogLevel::none, {}});
  b.write({1, "n", "x", std::nullopt, none, kern::LogLevel::none, {}});
  b.write({2, "n", "y", std::nullopt, none, kern::LogLevel::none, {}});
  c.write({2, "n", "y", std::nullopt, none, kern::LogLevel::none, {}});
  c.write({1, "n", "x", std::nullopt, none, kern::LogLevel::none, {}});
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a.hash(), c.hash());
  EXPECT_EQ(a.hash_hex().size(), 16u);
}

TEST(Trace, SecondsAreTruncatedToMicroseconds) {
  EXPECT_EQ(format_seconds(0), "0.000000");
  EXPECT_EQ(format_seconds(1'999'999), "0.001999");
  EXPECT_EQ(format_seconds(60'001'234'567), "60.001234");
  EXPECT_EQ(format_seconds(-1'500'000), "-0.001500");
}

}  // namespace
}  // namespace monsim::sim
