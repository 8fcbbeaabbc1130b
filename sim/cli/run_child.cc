#include "sim/cli/run_child.h"

#include <cstdio>
#include <string>
#include <vector>

namespace monsim::sim {

ChildStart start_run_child(ChildPool& pool, const std::filesystem::path& dir, const Scenario& s,
                           const RunOptions& ro, RunDir& rd, pid_t* pid) {
  std::string why;
  std::vector<std::string> notes;
  if (!rd.prepare(dir, &why, &notes)) {
    std::fprintf(stderr, "monsim: %s\n", why.c_str());
    return ChildStart::dir_failed;
  }
  // The child runs the lambda right after fork(): `rd`, `s` and `ro` are as they are now.
  *pid = pool.start([&rd, s, ro] { return run_scenario(s, rd, ro).exit_code; });
  if (*pid < 0) {
    rd.discard();
    return ChildStart::not_started;
  }
  return ChildStart::started;
}

}  // namespace monsim::sim
