#include "client/kern/bug.h"

#include <cstdio>
#include <cstdlib>

namespace monsim::kern {
namespace {
BugContextFn g_context = nullptr;
}

void set_bug_context(BugContextFn fn) { g_context = fn; }

void bug(const char* file, int line, const char* condition) {
  const std::string where = g_context ? g_context() : std::string();
  std::fprintf(stderr, "BUG at %s:%d: %s%s%s\n", file, line, condition, where.empty() ? "" : " ",
               where.c_str());
  std::fflush(stderr);
  std::fflush(stdout);
  std::_Exit(3);  // DESIGN.md §7: exit 3 = an internal invariant broke
}

}  // namespace monsim::kern
