// The kernel's random sources, seeded per node by the environment.
#pragma once

#include <cstdint>
#include <span>

namespace monsim::kern {

class Random {
 public:
  virtual ~Random() = default;

  // prandom_u32(). Any context; never blocks. Callers keep the kernel's arithmetic
  // (`prandom_u32() % max`, with its bias) rather than asking for a bounded value.
  virtual std::uint32_t prandom_u32() = 0;

  // get_random_bytes(). Any context; never blocks.
  virtual void get_random_bytes(std::span<std::uint8_t> out) = 0;
};

}  // namespace monsim::kern
