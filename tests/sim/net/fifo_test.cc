#include "sim/net/fifo.h"

#include <string>

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

TEST(Fifo, GivesItemsBackInTheOrderTheyCameAcrossEmptyingsAndCompactions) {
  Fifo<std::string> q;
  EXPECT_TRUE(q.empty());
  int next_in = 0, next_out = 0;
  // Bursts of every size up to 300, each only partly drained before the next: the queue
  // empties, compacts and grows again.
  for (int burst = 1; burst <= 300; burst += 7) {
    for (int i = 0; i < burst; ++i) q.emplace_back(std::to_string(next_in++));
    for (int i = 0; i < burst / 2 + 1 && !q.empty(); ++i) {
      EXPECT_EQ(q.front(), std::to_string(next_out));
      ++next_out;
      q.pop_front();
    }
    EXPECT_EQ(q.size(), static_cast<std::size_t>(next_in - next_out));
  }
  while (!q.empty()) {
    EXPECT_EQ(q.front(), std::to_string(next_out++));
    q.pop_front();
  }
  EXPECT_EQ(next_out, next_in);
  q.emplace_back("again");
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.front(), "again");
}

}  // namespace
}  // namespace monsim::sim
