// `monsim sweep`: one scenario over many seeds and combinations of varied values, each run
// in a child process forked from this one (which has parsed and validated everything, so a
// run pays no start-up), several at a time; the results as one table (sweep_table.h).
//
//   DIR/sweep.csv    one row per run: run, seed, each varied value, exit, trace_hash, metrics
//   DIR/sweep.json   per combination of varied values: n, min, p50, p90, p99, max, mean
//   DIR/runs/<run>-seed<N>/   a run's directory, kept when it failed (or with --keep-runs)
//   DIR/.monsim-sweep  what monsim wrote in DIR (the rule of staged_dir.h: nothing else is touched)
//
// The whole directory is written beside DIR (DIR.tmp-PID) and put in place in one step when
// the sweep ends, so that an interrupt, a crash or a full disk leaves an earlier sweep in DIR
// byte for byte as it was. An interrupted sweep is put in place only where it replaces nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/runner.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct SweepPlan {
  std::string file;
  std::vector<std::string> sets;                    // --set, for the rerun lines
  std::uint64_t first_seed = 1, last_seed = 1;      // --seeds A..B
  std::vector<std::string> keys;                    // --vary KEY=...
  std::vector<std::vector<std::string>> combos;     // every combination of the values, in order
  std::vector<Scenario> scenarios;                  // one per combination, loaded and validated
  std::size_t jobs = 1;
  std::size_t shard = 1, shards = 1;                // --shard K/N: runs whose index % N == K - 1
  std::string out;
  bool keep_runs = false;
  std::string junit;                                // --junit FILE: the report, once the sweep is in place
  RunOptions run;                                   // quiet, no header, no verdict
};

// May the sweep write into `dir` (new, empty, or an earlier sweep's)? `why` names it if not.
bool may_write_sweep_dir(const std::string& dir, std::string* why);

// Runs the plan (this shard's runs), writes DIR, prints progress to stderr and a line per
// failing run that reproduces it. Returns the worst exit class: 0 all passed, 1 some missed,
// 2 a run found its scenario too big, 3 a run crashed; 128+N if interrupted (what finished
// is written, unless it would replace an earlier sweep).
int run_sweep(const SweepPlan& p);

}  // namespace monsim::sim
