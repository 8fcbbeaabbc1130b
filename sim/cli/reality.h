// `monsim reality SCENARIO.yaml`: the scenario played on a real lab -- real ceph-mon processes
// and a real client, a kernel in a qemu guest or librados in a namespace of its own
// (scripts/reality/driver.py builds and drives it; sim/scenario/reality_plan.h says what it
// can apply) -- and the client's log imported as a run directory (import_run.h), to compare
// with the simulated run:
// `monsim check SCENARIO.yaml --against DIR`.
//
// The driver runs as a child; its logs are written into WORK/logs-PID (monsim's own) and
// imported into the run directory only when it finished: an interrupted run leaves the earlier
// results as they were (SIGINT or SIGTERM reaches the driver, which takes its lab down first).
#pragma once

#include <string>

#include "sim/scenario/reality_plan.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct RealityRun {
  Scenario scenario;
  RealityPlan plan;
  std::string out;                    // the run directory
  std::string work = "/var/tmp/monsim-reality";  // the kernel cache; each run's lab and logs
  std::string kernel, modules;        // the user's own kernel (both or neither)
  std::string accel = "auto";         // auto (KVM when it boots the guest), kvm, tcg
  bool no_install = false;            // do not apt-get what is missing
};

// The driver: beside an installed monsim (PREFIX/share/monsim/reality/driver.py), else in
// the source tree this binary was built from.
std::string reality_driver();

// May root keep its cache and labs in `dir`? A root process that trusts a directory someone
// else can write lets them decide what it boots and where it writes keyrings: `dir` and every
// directory on the way to it must be real directories (no symbolic links) owned by root, and
// none writable by others than root — except an ancestor that is world-writable and sticky
// (/var/tmp), where no one can replace what root made; `dir` itself and what is under it, never.
// The missing parts are created with mode 0700. False and `why` (naming the path) otherwise.
bool secure_root_dir(const std::string& dir, std::string* why);

// Runs the driver and imports what it leaves. Exit status: 0 imported; 2 the import or the
// run directory refused; 3 the lab failed (its logs are kept and named); 128+N interrupted.
int run_reality(const RealityRun& r);

}  // namespace monsim::sim
