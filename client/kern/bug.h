// MONSIM_BUG_ON: the kernel's BUG_ON, on in every build type.
//
// A broken invariant stops the run at once with exit status 3 (DESIGN.md §7), printing the
// source location, the condition, and — when a simulation is running — the simulated time
// and the node, so a failing seed can be replayed and inspected.
#pragma once

#include <string>

namespace monsim::kern {

// Who is running: filled in by the environment (the simulator says "t=12.345678 node=client.0").
// Any context; must not block. Default: an empty string.
using BugContextFn = std::string (*)();
void set_bug_context(BugContextFn fn);

[[noreturn]] void bug(const char* file, int line, const char* condition);

}  // namespace monsim::kern

#define MONSIM_BUG_ON(cond)                                  \
  do {                                                       \
    if (__builtin_expect(static_cast<bool>(cond), 0))        \
      ::monsim::kern::bug(__FILE__, __LINE__, #cond);        \
  } while (0)

#define MONSIM_BUG() ::monsim::kern::bug(__FILE__, __LINE__, "BUG()")
