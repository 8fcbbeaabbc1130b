#include "sim/engine/closure.h"

#include <array>
#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

// Counts its live copies, so that a test sees every construction matched by a destruction.
struct Tracked {
  int* live;
  explicit Tracked(int* l) : live(l) { ++*live; }
  Tracked(const Tracked& o) : live(o.live) { ++*live; }
  Tracked(Tracked&& o) noexcept : live(o.live) { ++*live; }
  ~Tracked() { --*live; }
};

TEST(Closure, SmallCapturesStayInPlaceLargeOnesGoToTheHeapAndBothRunTheirCode) {
  auto small = [p = static_cast<void*>(nullptr), n = 1L] { (void)p, (void)n; };
  auto large = [a = std::array<char, Closure::kInlineBytes + 1>{}] { (void)a; };
  EXPECT_TRUE(Closure::fits_inline<decltype(small)>);
  EXPECT_FALSE(Closure::fits_inline<decltype(large)>);

  std::string log;
  Closure in_place([&log, pad = std::array<char, 48>{}] { log += "in place;"; (void)pad; });
  Closure on_heap([&log, pad = std::array<char, 200>{}] { log += "on heap;"; (void)pad; });
  in_place();
  on_heap();
  EXPECT_EQ(log, "in place;on heap;");
}

TEST(Closure, MovingHandsOverTheCaptureAndEveryCaptureIsDestroyedOnce) {
  int live = 0;
  int runs = 0;
  {
    Closure a([t = Tracked(&live), &runs] { ++runs; (void)t; });
    EXPECT_EQ(live, 1);
    Closure b(std::move(a));
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): a moved-from closure is empty
    EXPECT_TRUE(b);
    EXPECT_EQ(live, 1);
    Closure c;
    c = std::move(b);
    c();
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(live, 1);
    // Replacing a closure destroys what it held; a heap one as well.
    c = Closure([t = Tracked(&live), pad = std::array<char, 200>{}] { (void)t, (void)pad; });
    EXPECT_EQ(live, 1);
  }
  EXPECT_EQ(live, 0);
}

TEST(Closure, HoldsMoveOnlyCaptures) {
  auto owned = std::make_unique<int>(7);
  int seen = 0;
  Closure fn([p = std::move(owned), &seen] { seen = *p; });
  Closure moved(std::move(fn));
  moved();
  EXPECT_EQ(seen, 7);
}

}  // namespace
}  // namespace monsim::sim
