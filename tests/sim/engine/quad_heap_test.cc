#include "sim/engine/quad_heap.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

struct Key {
  std::int64_t when;
  std::uint64_t id;
};
struct Earlier {
  bool operator()(const Key& a, const Key& b) const { return a.when != b.when ? a.when < b.when : a.id < b.id; }
};

// Pops everything left, in order.
std::vector<std::uint64_t> drain(QuadHeap<Key, Earlier>& heap) {
  std::vector<std::uint64_t> ids;
  while (!heap.empty()) ids.push_back(heap.pop().id);
  return ids;
}

TEST(QuadHeap, PopsInKeyOrderWhateverThePushesAndRemovals) {
  std::mt19937_64 rng(42);  // a fixed seed: the same sequence on every run
  QuadHeap<Key, Earlier> heap;
  std::vector<Key> all;
  std::uint64_t next_id = 1;
  // Pushes with many equal instants (ties broken by id), interleaved with pops.
  std::vector<std::uint64_t> popped;
  for (int round = 0; round < 2000; ++round) {
    const int pushes = static_cast<int>(rng() % 5);
    for (int i = 0; i < pushes; ++i) {
      const Key k{static_cast<std::int64_t>(rng() % 50), next_id++};
      heap.push(k);
      all.push_back(k);
    }
    if (rng() % 3 == 0 && !heap.empty()) {
      const Key top = heap.top();
      const Key k = heap.pop();
      EXPECT_EQ(top.id, k.id);
      // Nothing left in the heap comes before what was popped.
      auto it = std::find_if(all.begin(), all.end(), [&](const Key& x) { return x.id == k.id; });
      ASSERT_NE(it, all.end());
      all.erase(it);
      for (const Key& x : all) EXPECT_FALSE(Earlier{}(x, k));
    }
  }
  // Remove every third id, then the rest come out sorted.
  heap.erase_if([](const Key& k) { return k.id % 3 == 0; });
  std::erase_if(all, [](const Key& k) { return k.id % 3 == 0; });
  std::sort(all.begin(), all.end(), Earlier{});
  std::vector<std::uint64_t> expected;
  for (const Key& k : all) expected.push_back(k.id);
  EXPECT_EQ(drain(heap), expected);
}

}  // namespace
}  // namespace monsim::sim
