// The one wall clock in monsim: how long a run took, for the speed-up in its last line.
// Never used for anything simulated (scripts/tidy allows it in sim/wall_clock.cc only).
#pragma once

namespace monsim::sim {

class WallTimer {
 public:
  WallTimer();
  double seconds() const;

 private:
  long long start_ns_;
};

}  // namespace monsim::sim
