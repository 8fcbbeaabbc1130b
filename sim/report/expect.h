// Checking a run: the scenario's expectations, the committed baseline, and JUnit XML.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct Miss {
  std::string metric;
  std::string expected;
  std::string actual;
  std::string where;  // file:line:col of the expectation, or the baseline file
};

// The value of a dotted metric path in a summary (nullptr if the run has no such value).
// Object keys and list indexes: "clients.0.requests.pending", "hunts.1.pick_intervals.0".
const nlohmann::ordered_json* lookup_metric(const nlohmann::ordered_json& summary, const std::string& path);

// The run's expectations (those without `over: runs`); none when they are for another seed.
std::vector<Miss> check_expectations(const Scenario& s, const nlohmann::ordered_json& summary);
// One comparison of a simulated metric with a real run's: both values as shown ("" where a
// run has none), their difference (numbers: simulated − real; lists: the largest difference
// of the elements compared), the tolerance, and the verdict — `neither` when neither run has
// the value (a one-pick hunt has no pick interval on either side): nothing to hold, no miss.
struct Comparison {
  enum class Verdict { agree, differ, missing, neither };
  std::string metric;     // the simulated run's
  std::string real_path;  // the real run's
  std::string real, simulated, difference;
  double tolerance = 0;
  Verdict verdict = Verdict::agree;
  std::string where;  // file:line:col of the expectation
};
// The scenario's comparisons with a real run (`real:`), against that run's summary: its
// metric `real: PATH`, or the same metric when the real run is a `monsim reality` run of this
// scenario (summary.json run.source and run.scenario say so).
std::vector<Comparison> compare_with_real(const Scenario& s, const nlohmann::ordered_json& summary,
                                          const nlohmann::ordered_json& real);
// The misses among them: a value that differs beyond its tolerance, or that one run lacks.
std::vector<Miss> check_against(const Scenario& s, const nlohmann::ordered_json& summary,
                                const nlohmann::ordered_json& real, const std::string& real_dir);
// The comparisons as a table (metric, real, simulated, difference, tolerance, verdict), a
// header line and a line each, as `monsim check --against` prints them, passing or not.
std::string format_comparisons(const std::vector<Comparison>& rows);
// Is `real` (a run directory's summary) a `monsim reality` run of this very scenario: its
// name, its duration, and its faults applied as this scenario's plan has them?
// When it is a reality run of a scenario of this name but of another schedule (another
// --set, an edited file), `why` says what differs.
bool reality_run_of(const Scenario& s, const nlohmann::ordered_json& real, std::string* why = nullptr);
// Such a run's jiffies phase as --set overrides: its kernel's uptime at t = 0 and its first
// session's instant (clients.uptime, clients.start), which put the simulated ticks on the
// real ones' whole-second and timer-wheel grids, and half its TCP's smoothed RTT as the
// network's latency (network.latency), which gives the simulated TCP the real one's RTO;
// for a librados run (run.client) and a userspace-16.2 scenario, its SafeTimer's latency and
// its first hunt's instant (clients.timer_latency, clients.start); none for another run.
std::vector<std::string> real_phase_sets(const Scenario& s, const nlohmann::ordered_json& real);
// False when the scenario's expectations are for one seed (expect_for_seed) and the run had another.
bool expectations_judged(const Scenario& s, const nlohmann::ordered_json& summary);
// A value as a miss shows it: numbers to 6 significant digits, anything else as JSON.
std::string show_value(const nlohmann::ordered_json& v);
// Is the metric at `path` a count (compared exactly), not a time (within a millisecond)?
bool is_count(const std::string& path);
// "<= 200s", "[1, 2] ± 0.001": what an expectation asks, as a miss says it.
std::string show_expected(const Expectation& x);
// actual against want by `cmp`, within `tol` (and a nanosecond's rounding).
bool compare(double actual, double want, Expectation::Cmp cmp, double tol);

}  // namespace monsim::sim
