#include "sim/cli/run_place.h"

#include <cstdio>
#include <vector>

#include "sim/cli/exit_codes.h"
#include "sim/cli/supervise.h"
#include "sim/engine/wall_clock.h"
#include "sim/report/staged_dir.h"

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {

// Prepares `dir` for a run, saying what was cleaned up on the way.
bool prepare(RunDir& rd, const fs::path& dir, std::string* why) {
  std::vector<std::string> notes;
  const bool ok = rd.prepare(dir, why, &notes);
  for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
  return ok;
}

}  // namespace

bool open_place(Place& p, const Scenario& s, const std::string& out, const fs::path& parent, std::string* why) {
  fs::path dir;
  if (!out.empty()) {
    dir = normalise_out_path(out);
  } else {
    p.history = true;
    std::vector<std::string> notes;
    const bool ok = p.folder.open(parent / s.name, s.name, s.file, utc_run_stamp(), s.seed, why, &notes);
    for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
    if (!ok) return false;
    dir = p.folder.run();
  }
  if (prepare(p.rd, dir, why)) return true;
  if (p.history) p.folder.release();
  return false;
}

// After the run: `latest` to a finished run (pass or miss), the reservation given back otherwise.
int close_place(Place& p, int rc) {
  if (!p.history) return rc;
  if (!run_finished(rc)) {
    p.folder.release();
    return rc;
  }
  std::string why;
  if (p.folder.point_latest(&why)) return rc;
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return kInternal;
}

// Runs `s` in a child process into the prepared `rd`; whatever happens, nothing half-written
// stays. Returns the run's exit status, or 3 for a crash, or 128+N for an interrupt.
int run_one(const Scenario& s, RunDir& rd, const RunOptions& ro) {
  const ChildOutcome o = run_supervised([&] { return run_scenario(s, rd, ro).exit_code; });
  rd.discard();
  if (o.interrupted_by) {
    const bool finished = run_finished(o.exit_code);
    std::fprintf(stderr, "monsim: interrupted by %s: %s\n", signal_name(o.interrupted_by).c_str(),
                 finished ? ("the run had finished; its results are in " + rd.dir().string()).c_str()
                          : ("nothing written; " + rd.dir().string() + " is as it was").c_str());
    return 128 + o.interrupted_by;
  }
  if (o.signal) {
    std::fprintf(stderr, "monsim: the run of %s crashed (%s); nothing written\n", s.name.c_str(),
                 signal_name(o.signal).c_str());
    return kInternal;
  }
  if (o.exit_code == kRunWriteFailed) {  // the run said why (the errno); nothing was put in place
    std::fprintf(stderr, "monsim: nothing written; %s is as it was\n", rd.dir().c_str());
    return kInternal;
  }
  return o.exit_code;
}

}  // namespace monsim::sim
