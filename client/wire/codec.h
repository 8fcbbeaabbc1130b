// Little-endian encoding and bounds-checked decoding of Ceph wire data (include/linux/ceph/
// decode.h). A Decoder never reads past its end: the first failed read records what was
// wanted and where, and every later read returns zeros, so a decoder checks ok() once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace monsim::wire {

using Bytes = std::vector<std::uint8_t>;

class Encoder {
 public:
  explicit Encoder(Bytes& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void s32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void bytes(std::span<const std::uint8_t> b) {
    // resize + copy rather than insert(): GCC 12 warns falsely about insert() here.
    const std::size_t old = out_.size();
    out_.resize(old + b.size());
    std::copy(b.begin(), b.end(), out_.begin() + static_cast<std::ptrdiff_t>(old));
  }
  void zeros(std::size_t n) { out_.resize(out_.size() + n, 0); }
  // ceph_encode_string(): u32 length + bytes.
  void string(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.insert(out_.end(), s.begin(), s.end());
  }
  // A u32 length followed by `b`.
  void blob(std::span<const std::uint8_t> b) {
    u32(static_cast<std::uint32_t>(b.size()));
    bytes(b);
  }
  std::size_t size() const { return out_.size(); }

 private:
  void put(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  Bytes& out_;
};

class Decoder {
 public:
  explicit Decoder(std::span<const std::uint8_t> in) : in_(in) {}

  // ceph_decode_need(): are n more bytes there? (records the failure if not)
  bool need(std::size_t n, const char* what = "data");
  std::uint8_t u8(const char* what = "u8");
  std::uint16_t u16(const char* what = "u16");
  std::uint32_t u32(const char* what = "u32");
  std::uint64_t u64(const char* what = "u64");
  std::int32_t s32(const char* what = "s32") { return static_cast<std::int32_t>(u32(what)); }
  std::span<const std::uint8_t> bytes(std::size_t n, const char* what = "bytes");
  std::string string(const char* what = "string");
  std::span<const std::uint8_t> blob(const char* what = "blob");
  void skip(std::size_t n, const char* what = "bytes") { bytes(n, what); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return ok() ? in_.size() - pos_ : 0; }
  bool at_end() const { return ok() && pos_ == in_.size(); }
  // Fails unless every byte was consumed (the auth reply's "p != end" check).
  bool expect_end(const char* what = "message");

 private:
  std::uint64_t get(int n, const char* what);
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace monsim::wire
