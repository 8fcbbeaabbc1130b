// One run in a child process writing its own run directory: how a sweep and an exploration
// start each of their runs.
#pragma once

#include <filesystem>
#include <sys/types.h>

#include "sim/cli/runner.h"
#include "sim/cli/supervise.h"

namespace monsim::sim {

enum class ChildStart {
  started,     // the child runs; it writes and commits `rd`
  dir_failed,  // the run directory could not be made (said on stderr): inside the command's own
               // directory, so the file system failed and the command stops
  not_started  // no child (an interrupt, fork failing); `rd` is discarded
};

// Prepares `rd` at `dir` and starts `s` in a child of `pool` writing into it; `*pid` is the
// child's when started.
ChildStart start_run_child(ChildPool& pool, const std::filesystem::path& dir, const Scenario& s,
                           const RunOptions& ro, RunDir& rd, pid_t* pid);

}  // namespace monsim::sim
