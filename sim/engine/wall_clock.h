// The one wall clock in monsim: how long a run took, for the speed-up in its last line.
// Never used for anything simulated (scripts/tidy allows it in sim/wall_clock.cc only).
#pragma once

#include <string>

namespace monsim::sim {

// Now, UTC, ISO 8601 to the second ("2026-11-29T22:31:02"): when a report was made (JUnit).
std::string utc_timestamp();

// Now, UTC, to the millisecond, as a file name that sorts in time ("20261129T223102.123Z"):
// the name of a run in a scenario's history (Jepsen's store names its runs the same way).
std::string utc_run_stamp();

class WallTimer {
 public:
  WallTimer();
  double seconds() const;

 private:
  long long start_ns_;
};

}  // namespace monsim::sim
