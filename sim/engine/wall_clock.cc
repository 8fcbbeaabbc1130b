#include "sim/engine/wall_clock.h"

#include <chrono>

namespace monsim::sim {
namespace {
long long steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

WallTimer::WallTimer() : start_ns_(steady_ns()) {}
double WallTimer::seconds() const { return static_cast<double>(steady_ns() - start_ns_) / 1e9; }

}  // namespace monsim::sim
