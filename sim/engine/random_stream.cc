#include "sim/engine/random_stream.h"

namespace monsim::sim {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t root_seed, std::string_view name) {
  std::uint64_t x = root_seed ^ rotl(fnv1a(name), 17);
  for (auto& w : s_) w = splitmix64(x);
}

std::uint64_t RandomStream::next_u64() {  // xoshiro256**
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  // Rejection sampling on the top of the range keeps the distribution exact.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  std::uint64_t r;
  do r = next_u64();
  while (r >= limit);
  return r % n;
}

double RandomStream::unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

bool RandomStream::chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return unit() < p;
}

}  // namespace monsim::sim
