#include "sim/engine/wall_clock.h"

#include <chrono>
#include <ctime>

namespace monsim::sim {
namespace {
long long steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

WallTimer::WallTimer() : start_ns_(steady_ns()) {}
double WallTimer::seconds() const { return static_cast<double>(steady_ns() - start_ns_) / 1e9; }

}  // namespace monsim::sim
