// The one wall clock in monsim: how long a run took, for the speed-up in its last line.
// Never used for anything simulated (scripts/tidy allows it in sim/wall_clock.cc only).
#pragma once

#include <string>

namespace monsim::sim {

// Now, UTC, ISO 8601 to the second ("2026-11-29T22:31:02"): when a report was made (JUnit).
std::string utc_timestamp();

class WallTimer {
 public:
  WallTimer();
  double seconds() const;

 private:
  long long start_ns_;
};

}  // namespace monsim::sim
