// `monsim explore BASE.yaml --runs N`: random fault schedules (fault_draw.h) on the base's
// cluster, clients and workload, each run with the invariant checkers (sim/check); the first
// run to break each property is shrunk — fewer faults, fewer workload items, fewer clients,
// shorter and earlier faults, a shorter run — while that property still breaks, and written
// as a plain scenario whose expectation captures the breach:
//
//   DIR/explore.csv          one row per run: run, seed, swarm kinds, faults, exit, broken properties
//   DIR/<property>-min.yaml  the shrunk scenario (`monsim check` on it exits 1 while the breach stands)
//   DIR/runs/<run>-seed<N>/  a run's directory, kept when it broke something
//   DIR/.monsim-explore      what monsim wrote in DIR
//
// Written beside DIR and put in place in one step at the end (staged_dir.h): an interrupt, a
// crash or a full disk leaves an earlier exploration in DIR byte for byte as it was.
//
// Run i uses seed S + i for both its schedule and its simulation, so a row's seed and
// schedule rerun it: `monsim run BASE --seed N --set 'faults=[...]'`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/runner.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct ExplorePlan {
  std::string file;               // BASE.yaml
  std::vector<std::string> sets;  // --set, applied to every run
  Scenario base;                  // loaded and validated
  std::uint64_t runs = 100;
  std::uint64_t seed = 1;         // run i: seed + i
  std::size_t jobs = 1;
  std::size_t shard = 1, shards = 1;
  std::string out;
  std::string junit;  // --junit FILE: a testcase per invariant property
  int max_faults = 6;
  std::vector<std::string> kinds;  // --kinds: only these fault kinds (empty: all)
  int shrink_budget = 400;        // runs the shrinker may spend on one property
  RunOptions run;                 // quiet, no header, no verdict
};

bool may_write_explore_dir(const std::string& dir, std::string* why);

// 0: nothing broke in the runs; 3: a breach was found, shrunk and written; 2: the base cannot
// run; 128+N: interrupted (what finished is written).
int run_explore(const ExplorePlan& p);

}  // namespace monsim::sim
