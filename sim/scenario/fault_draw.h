// Random fault schedules for `monsim explore`: each run draws which fault kinds are enabled
// (a "swarm" choice, as FoundationDB's BUGGIFY and TigerBeetle's VOPR make it: a run with
// few kinds goes deeper into their interplay), then how many faults, and for each its kind
// (by weight, among those enabled), target, instant and duration. The options are data with
// documented defaults (kDrawKinds, DrawOptions); the draw is a pure function of the seed.
//
// A drawn fault is scenario text (`{at: 63.250s, pause: mon.b, for: 45s}`), so a schedule is
// what a user would write, `--set faults=[...]` reruns it, and the shrinker edits it as data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/sim_time.h"

namespace monsim::sim {

struct DrawnFault {
  std::string kind;   // the YAML key: kill, pause, partition, …
  nanos at = 0;
  nanos for_ = 0;     // 0: no undo
  std::string value;  // the kind's value, as YAML flow text
  std::string extra;  // further keys (", count: 2"), as YAML flow text
  std::string text() const;  // {at: …, KIND: VALUE, for: …EXTRA}
};

// "[{…}, {…}]": a schedule as the value of `faults`.
std::string schedule_text(const std::vector<DrawnFault>& faults);
// "63.25s", "1m", "500ms": an instant or duration as the scenario language writes it (whole ms).
std::string duration_text(nanos t);

struct DrawKind {
  const char* kind;    // the YAML key
  unsigned weight;     // relative frequency among the enabled kinds
  const char* what;    // what it draws (scenarios/README.md "Exploring" lists these)
};
// Every kind explore draws, with its default weight.
const std::vector<DrawKind>& draw_kinds();

struct DrawOptions {
  nanos duration = 0;                 // the base scenario's
  std::vector<std::string> monitors;  // "mon.a", …
  int clients = 1;
  int max_faults = 6;                 // 1..max_faults faults per run
  double enable = 0.5;                // each kind enabled with this probability (at least one is)
  std::vector<std::string> kinds;     // only these kinds (empty: every kind of draw_kinds())
};

struct DrawnSchedule {
  std::vector<std::string> enabled;  // the swarm's kinds
  std::vector<DrawnFault> faults;    // in time order
};

DrawnSchedule draw_schedule(std::uint64_t seed, const DrawOptions& o);

}  // namespace monsim::sim
