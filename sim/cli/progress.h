// Progress of many runs on stderr (a sweep's, an exploration's): one line rewritten in place
// on a terminal, a plain line every 5 s otherwise (and always at the end).
#pragma once

#include <cstddef>
#include <string>

#include "sim/engine/wall_clock.h"

namespace monsim::sim {

class Progress {
 public:
  // `what`: "sweep", "explore"; `failed`: what the last count is called ("failed", "broke").
  Progress(std::string what, std::size_t total, std::string failed = "failed");
  void update(std::size_t done, std::size_t failed, bool last);
  double seconds() const { return wall_.seconds(); }

 private:
  std::string what_, failed_;
  std::size_t total_;
  bool tty_;
  WallTimer wall_;
  double printed_at_ = -1e9;
};

}  // namespace monsim::sim
