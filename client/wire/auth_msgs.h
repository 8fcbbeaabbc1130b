// MAuth and MAuthReply fronts.
#pragma once

#include <cstdint>
#include <string>

#include "client/wire/types.h"

namespace monsim::wire {

// MAuth: mon request header, u32 protocol, u32-length payload.
struct MAuth {
  MonRequestHeader monhdr;
  std::uint32_t protocol = AUTH_UNKNOWN;
  Bytes payload;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MAuth* out, std::string* err);
};

// MAuthReply: u32 protocol, s32 result, u64 global_id, payload, result message.
struct MAuthReply {
  std::uint32_t protocol = AUTH_UNKNOWN;
  std::int32_t result = 0;
  std::uint64_t global_id = 0;
  Bytes payload;
  std::string result_msg;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MAuthReply* out, std::string* err);
};

}  // namespace monsim::wire
