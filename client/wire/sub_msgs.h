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

// The pre-SUBSCRIBE2 format (header version < 2), as linux-2.6.34 sends it: u32 count, then
// (string name, struct ceph_mon_subscribe_item_old {le64 unused, le64 have, u8 onetime}).
// "have" is the epoch the client has; the monitor starts from have + 1 (0: the latest).
struct OldSubscribeItem {
  std::string what;
  std::uint64_t have = 0;
  bool onetime = false;
  friend bool operator==(const OldSubscribeItem&, const OldSubscribeItem&) = default;
};

struct MMonSubscribeV1 {
  std::vector<OldSubscribeItem> items;
  static constexpr std::size_t ITEM_SIZE = 17;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonSubscribeV1* out, std::string* err);
  // What a monitor makes of it (MMonSubscribe::decode_payload): start = have ? have + 1 : 0.
  MMonSubscribe upgrade() const;
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
