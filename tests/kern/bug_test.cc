// MONSIM_BUG_ON stops the run with exit status 3, naming the place and the context.
#include "client/kern/bug.h"

#include <gtest/gtest.h>

namespace monsim::kern {
namespace {

std::string fake_context() { return "(t=12.000000 actor=client.0.kworker)"; }

TEST(BugOn, FalseConditionDoesNothing) {
  int x = 1;
  MONSIM_BUG_ON(x != 1);
  SUCCEED();
}

TEST(BugOnDeathTest, TrueConditionExitsWith3AndSaysWhereAndWhen) {
  set_bug_context(&fake_context);
  int x = 2;
  EXPECT_EXIT(MONSIM_BUG_ON(x != 1), ::testing::ExitedWithCode(3),
              "BUG at .*bug_test\\.cc:[0-9]+: x != 1 \\(t=12\\.000000 actor=client\\.0\\.kworker\\)");
  set_bug_context(nullptr);
}

}  // namespace
}  // namespace monsim::kern
