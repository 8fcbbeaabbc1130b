// sim/net/id_table: found by id, walked in id order, map-like emplace/set/erase.
#include "sim/net/id_table.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace monsim::sim::testing {
namespace {

TEST(IdTable, BehavesAsAnOrderedMapOfIds) {
  IdTable<std::string> t;
  EXPECT_EQ(t.find(0), nullptr);
  EXPECT_EQ(t.find(12345), nullptr);
  t.emplace(7, "seven");
  t.emplace(3, "three");
  EXPECT_EQ(t.emplace(7, "again"), "seven");  // emplace keeps what is there
  t.set(3, "THREE");                           // set replaces
  t.emplace(10, "ten");
  EXPECT_EQ(t.size(), 3u);
  EXPECT_TRUE(t.contains(3));
  EXPECT_FALSE(t.contains(4));
  EXPECT_TRUE(t.erase(7));
  EXPECT_FALSE(t.erase(7));
  EXPECT_FALSE(t.erase(99));
  EXPECT_EQ(t.size(), 2u);
  std::vector<std::string> walk;
  t.for_each([&](std::uint64_t id, std::string& v) { walk.push_back(std::to_string(id) + "=" + v); });
  EXPECT_EQ(walk, (std::vector<std::string>{"3=THREE", "10=ten"}));
  // Entries stay where they are as the table grows.
  std::string* three = t.find(3);
  for (std::uint64_t id = 11; id < 2000; ++id) t.emplace(id, "x");
  EXPECT_EQ(t.find(3), three);
  EXPECT_EQ(*three, "THREE");
}

}  // namespace
}  // namespace monsim::sim::testing
