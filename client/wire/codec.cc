#include "client/wire/codec.h"

#include <cstdio>

namespace monsim::wire {

bool Decoder::need(std::size_t n, const char* what) {
  if (!ok()) return false;
  if (in_.size() - pos_ >= n) return true;
  char buf[160];
  std::snprintf(buf, sizeof buf, "truncated: %s needs %zu bytes at offset %zu, %zu left", what, n,
                pos_, in_.size() - pos_);
  error_ = buf;
  return false;
}

std::uint64_t Decoder::get(int n, const char* what) {
  if (!need(static_cast<std::size_t>(n), what)) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(in_[pos_ + i]) << (8 * i);
  pos_ += static_cast<std::size_t>(n);
  return v;
}

std::uint8_t Decoder::u8(const char* what) { return static_cast<std::uint8_t>(get(1, what)); }
std::uint16_t Decoder::u16(const char* what) { return static_cast<std::uint16_t>(get(2, what)); }
std::uint32_t Decoder::u32(const char* what) { return static_cast<std::uint32_t>(get(4, what)); }
std::uint64_t Decoder::u64(const char* what) { return get(8, what); }

std::span<const std::uint8_t> Decoder::bytes(std::size_t n, const char* what) {
  if (!need(n, what)) return {};
  auto s = in_.subspan(pos_, n);
  pos_ += n;
  return s;
}

std::string Decoder::string(const char* what) {
  const std::uint32_t n = u32(what);
  auto b = bytes(n, what);
  return std::string(b.begin(), b.end());
}

std::span<const std::uint8_t> Decoder::blob(const char* what) { return bytes(u32(what), what); }

bool Decoder::expect_end(const char* what) {
  if (!ok()) return false;
  if (pos_ == in_.size()) return true;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s has %zu trailing bytes at offset %zu", what,
                in_.size() - pos_, pos_);
  error_ = buf;
  return false;
}

}  // namespace monsim::wire
