// MMonSubscribe (SUBSCRIBE2, header version 2) and MMonSubscribeAck.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/types.h"

namespace monsim::wire {

inline constexpr std::uint8_t SUBSCRIBE_ONETIME = 1;  // CEPH_SUBSCRIBE_ONETIME

// struct ceph_mon_subscribe_item: le64 start, u8 flags (9 bytes).
struct SubscribeItem {
  std::string what;
  std::uint64_t start = 0;
  std::uint8_t flags = 0;
  friend bool operator==(const SubscribeItem&, const SubscribeItem&) = default;
};

struct MMonSubscribe {
  std::vector<SubscribeItem> items;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonSubscribe* out, std::string* err);
};

// struct ceph_mon_subscribe_ack: le32 duration (seconds), fsid: 20 bytes.
struct MMonSubscribeAck {
  std::uint32_t duration = 0;
  Fsid fsid;
  static constexpr std::size_t SIZE = 20;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonSubscribeAck* out, std::string* err);
};

}  // namespace monsim::wire
