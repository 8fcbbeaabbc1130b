// Seeded random streams: one root seed, one independent stream per name.
//
// Every source of randomness (a client's prandom_u32, a link's jitter, a monitor's drop
// decisions) draws from its own stream derived from (root seed, stream name), so adding a
// client or a fault does not shift the numbers another component sees. The generator
// (xoshiro256**) and the distributions are our own, identical on every platform.
#pragma once

#include <cstdint>
#include <string_view>

namespace monsim::sim {

class RandomStream {
 public:
  RandomStream(std::uint64_t root_seed, std::string_view name);

  std::uint64_t next_u64();
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }

  // Uniform in [0, n) without modulo bias; n > 0.
  std::uint64_t below(std::uint64_t n);

  // Uniform in [0, 1).
  double unit();

  // True with probability p (p <= 0: never; p >= 1: always, without drawing).
  bool chance(double p);

 private:
  std::uint64_t s_[4];
};

// FNV-1a 64 of `s`: the streams' names, and a fingerprint of a text (a sweep's scenario).
std::uint64_t fnv1a(std::string_view s);

}  // namespace monsim::sim
