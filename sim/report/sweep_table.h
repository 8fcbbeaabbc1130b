// A sweep's results: one record per run (seed, varied values, exit status, trace hash, the
// run's scalar metrics), written as sweep.csv, and their distribution per combination of
// varied values, written as sweep.json. Pure: records in, text out.
//
// Metric values are kept as the text summary.json spells them, so that a table read back
// from sweep.csv (a shard's, for `monsim merge`) gives the same bytes and the same statistics.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/expect.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct SweepRun {
  std::size_t index = 0;            // position in the sweep's order (combination-major, then seed)
  std::uint64_t seed = 0;
  std::vector<std::string> values;  // one per varied key, as given on the command line
  int exit_code = 0;                // the run's: 0 pass, 1 missed, 2, 3, or 128+N
  std::string trace_hash;           // "" when the run wrote nothing
  std::vector<std::pair<std::string, std::string>> metrics;  // dotted name, value as JSON text
};

// The scalar metrics of a summary.json by dotted name (numbers, booleans, null), in the
// summary's order: all but `run.*`, and but `clients.*` when the run had more than one client
// (a storm's would be 10^5 columns; the totals are there).
std::vector<std::pair<std::string, std::string>> scalar_metrics(const nlohmann::ordered_json& summary);

// Which sweep a table is of, written first in sweep.json ("sweep"), so that `monsim merge`
// joins only the shards of one sweep, all of them, each one whole.
struct SweepIdentity {
  std::string scenario;       // its name
  std::string scenario_hash;  // FNV-1a 64 (hex) of the resolved scenario of every combination
  std::string seeds;          // "A..B"
  std::size_t shard = 1, shards = 1;
  std::size_t planned = 0;    // the runs of this shard
  bool complete = true;       // every one of them finished (the sweep was not interrupted)
};

struct SweepTable {
  std::vector<std::string> keys;  // the varied keys, in the order of --vary
  std::vector<SweepRun> runs;     // by index
  SweepIdentity identity;         // written when identity.scenario is set

  // CSV: run, seed, each varied key, exit, trace_hash, then every metric seen, in the order
  // first seen going through the runs by index. RFC 4180 quoting where needed.
  std::string csv() const;
  // Per combination of varied values (in the order of first appearance): how many runs, how
  // many failed, and for each metric its n, min, p50, p90, p99, max and mean (nearest rank;
  // booleans count as 0/1; null values are left out).
  nlohmann::ordered_json stats() const;
};

// "mount.at fraction of runs at most 0.006s (clients.logic=linux-4.10)": an `over: runs`
// expectation of one combination, as its miss and its JUnit testcase name it.
std::string sweep_expectation_label(const Expectation& x, const std::vector<std::string>& keys,
                                    const std::vector<std::string>& combo);

// The scenario's `over: runs` expectations, for each combination of varied values over its
// runs (`combo` in a miss's metric says which). A combination with no value of the metric
// misses.
std::vector<Miss> check_sweep_expectations(const Scenario& s, const SweepTable& table);

// Reads back what csv() wrote. False (and `why`, with the line and column) if it is not such a
// table: a metric is a finite JSON number of at most 40 characters, true, false or null.
bool parse_sweep_csv(const std::string& text, SweepTable* table, std::string* why);

// Reads the identity stats() wrote into sweep.json. False (and `why`) if there is none.
bool parse_sweep_identity(const nlohmann::ordered_json& stats, SweepIdentity* id, std::string* why);

// A CSV cell (RFC 4180): as it is, or quoted when it holds a comma, quote or line break.
std::string csv_cell(const std::string& s);
// The cells of one CSV line (RFC 4180: quotes undone); false if a quote is left open.
bool split_csv_line(const std::string& line, std::vector<std::string>* cells);

}  // namespace monsim::sim
