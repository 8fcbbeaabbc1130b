// Where one run of `run` or `check` goes, and running it there in a child process: exactly
// `--out DIR`, or a new run directory in the scenario's folder (PARENT/<name>/<time>-seed<N>/,
// its `latest` switched to it once the run is in place).
#pragma once

#include <filesystem>
#include <string>

#include "sim/cli/runner.h"
#include "sim/report/run_dir.h"
#include "sim/report/scenario_folder.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct Place {
  bool history = false;
  ScenarioFolder folder;
  RunDir rd;
};

// Reserves the run's directory (`out` if given, else a new one under `parent`/<name>/).
bool open_place(Place& p, const Scenario& s, const std::string& out, const std::filesystem::path& parent,
                std::string* why);

// After the run: `latest` to a finished run (pass, miss, breach), the reservation given back
// otherwise. Returns `rc`, or 3 when `latest` could not be switched.
int close_place(Place& p, int rc);

// Runs `s` in a child process into the prepared `rd`; whatever happens, nothing half-written
// stays. Returns the run's exit status, or 3 for a crash, or 128+N for an interrupt.
int run_one(const Scenario& s, RunDir& rd, const RunOptions& ro);

}  // namespace monsim::sim
