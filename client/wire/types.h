// Ceph protocol constants and the small structs several messages share.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "client/kern/message.h"
#include "client/wire/codec.h"

namespace monsim::wire {

// Message types (include/linux/ceph/ceph_fs.h, rados.h).
inline constexpr std::uint16_t MSG_MON_MAP = 4;
inline constexpr std::uint16_t MSG_STATFS = 13;
inline constexpr std::uint16_t MSG_STATFS_REPLY = 14;
inline constexpr std::uint16_t MSG_MON_SUBSCRIBE = 15;
inline constexpr std::uint16_t MSG_MON_SUBSCRIBE_ACK = 16;
inline constexpr std::uint16_t MSG_AUTH = 17;
inline constexpr std::uint16_t MSG_AUTH_REPLY = 18;
inline constexpr std::uint16_t MSG_MON_GET_VERSION = 19;
inline constexpr std::uint16_t MSG_MON_GET_VERSION_REPLY = 20;
inline constexpr std::uint16_t MSG_MDS_MAP = 21;
inline constexpr std::uint16_t MSG_OSD_MAP = 41;
inline constexpr std::uint16_t MSG_MON_COMMAND = 50;
inline constexpr std::uint16_t MSG_MON_COMMAND_ACK = 51;
inline constexpr std::uint16_t MSG_CONFIG = 62;  // MConfig: a map of option names to values
inline constexpr std::uint16_t MSG_FS_MAP_USER = 103;

// ceph_msg_type_name()
const char* msg_type_name(std::uint16_t type);

// Auth protocols.
inline constexpr std::uint32_t AUTH_UNKNOWN = 0;
inline constexpr std::uint32_t AUTH_NONE = 1;
inline constexpr std::uint32_t AUTH_CEPHX = 2;

inline constexpr int MAX_MON = 31;  // CEPH_MAX_MON

struct Fsid {
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const Fsid&, const Fsid&) = default;
  void encode(Encoder& e) const { e.bytes(bytes); }
  static Fsid decode(Decoder& d);
  std::string str() const;  // 8-4-4-4-12 hex
};

// struct ceph_mon_request_header: 18 bytes.
struct MonRequestHeader {
  std::uint64_t have_version = 0;
  std::uint16_t session_mon = 0xFFFF;  // -1
  std::uint64_t session_mon_tid = 0;
  static constexpr std::size_t SIZE = 18;
  void encode(Encoder& e) const;
  static MonRequestHeader decode(Decoder& d);
};

// struct ceph_statfs: four le64.
struct Statfs {
  std::uint64_t kb = 0, kb_used = 0, kb_avail = 0, num_objects = 0;
  friend bool operator==(const Statfs&, const Statfs&) = default;
};

// Legacy entity_addr_t on the wire: le32 type, le32 nonce, 128 B sockaddr_storage whose
// family and port are big-endian (ceph_decode_addr() converts them).
inline constexpr std::size_t ENTITY_ADDR_SIZE = 136;
inline constexpr std::size_t ENTITY_INST_SIZE = 145;  // + u8 type, le64 num
void encode_addr(Encoder& e, const kern::EntityAddr& a);
kern::EntityAddr decode_addr(Decoder& d);
std::string addr_str(const kern::EntityAddr& a);  // "192.0.2.1:6789"
// ceph_pr_addr() since 5.x: "(1)192.0.2.1:6789", the address type first.
std::string addr_str_typed(const kern::EntityAddr& a);

// entity_addr_t's address types (CEPH_ENTITY_ADDR_TYPE_*).
inline constexpr std::uint32_t ADDR_TYPE_NONE = 0, ADDR_TYPE_LEGACY = 1, ADDR_TYPE_MSGR2 = 2;

// The versioned entity_addr_t (marker 1, ENCODE_START(1, 1), type, nonce, sockaddr length,
// then a sockaddr_in: family little-endian, port and address big-endian).
void encode_addr_versioned(Encoder& e, const kern::EntityAddr& a);
// port of ceph_decode_entity_addr(): marker 1 is the versioned form, marker 0 the first byte
// of a legacy one (then its type is LEGACY). Returns 0 or -EINVAL.
int decode_entity_addr(Decoder& d, kern::EntityAddr* out);
// port of ceph_decode_entity_addrvec(): the one address of type msgr2 ? MSGR2 : LEGACY;
// an empty vector, or a single blank address, leaves *out alone. 0, -EINVAL or -ENOENT.
int decode_entity_addrvec(Decoder& d, bool msgr2, kern::EntityAddr* out);

}  // namespace monsim::wire
