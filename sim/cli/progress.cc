#include "sim/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace monsim::sim {

Progress::Progress(std::string what, std::size_t total, std::string failed)
    : what_(std::move(what)), failed_(std::move(failed)), total_(total), tty_(::isatty(2) == 1) {}

void Progress::update(std::size_t done, std::size_t failed, bool last) {
  const double t = wall_.seconds();
  if (!tty_ && !last && t - printed_at_ < 5.0) return;
  printed_at_ = t;
  const double rate = t > 0 ? static_cast<double>(done) / t : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
  std::fprintf(stderr, "%s%s: %zu/%zu runs, %.1f runs/s, ETA %.0f s, %zu %s%s", tty_ ? "\r" : "", what_.c_str(), done,
               total_, rate, eta, failed, failed_.c_str(), tty_ && !last ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace monsim::sim
