// struct ceph_msg as the MonClient sees it: a header and a front buffer.
//
// The message bodies (what the front bytes mean) live in client/wire; this is only the
// envelope the messenger carries. Messages are shared (the kernel refcounts them with
// ceph_msg_get/put): the MonClient keeps preallocated ones and hands the same object to
// the connection again and again, so identity matters (revoke finds a message by identity).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace monsim::kern {

// Entity types (CEPH_ENTITY_TYPE_*).
inline constexpr std::uint8_t ENTITY_TYPE_MON = 0x01;
inline constexpr std::uint8_t ENTITY_TYPE_MDS = 0x02;
inline constexpr std::uint8_t ENTITY_TYPE_OSD = 0x04;
inline constexpr std::uint8_t ENTITY_TYPE_CLIENT = 0x08;
inline constexpr std::uint8_t ENTITY_TYPE_AUTH = 0x20;

struct EntityName {
  std::uint8_t type = 0;
  std::uint64_t num = 0;
  friend bool operator==(const EntityName&, const EntityName&) = default;
};

// entity_addr_t with an IPv4 sockaddr (what the legacy monmap carries).
struct EntityAddr {
  std::uint32_t type = 0;
  std::uint32_t nonce = 0;
  std::uint32_t ipv4 = 0;  // host byte order: 192.0.2.1 is 0xC0000201
  std::uint16_t port = 0;
  friend bool operator==(const EntityAddr&, const EntityAddr&) = default;
};

// struct ceph_msg_header (msgr1, 53 bytes on the wire).
struct MsgHeader {
  std::uint64_t seq = 0;
  std::uint64_t tid = 0;
  std::uint16_t type = 0;
  std::uint16_t priority = 0;
  std::uint16_t version = 0;
  std::uint32_t front_len = 0;
  std::uint32_t middle_len = 0;
  std::uint32_t data_len = 0;
  EntityName src;
  std::uint16_t compat_version = 0;
};

inline constexpr std::uint32_t MSG_HEADER_BYTES = 53;
inline constexpr std::uint32_t MSG_FOOTER_BYTES = 21;
inline constexpr std::uint32_t MSG_MAX_FRONT_LEN = 16 * 1024 * 1024;  // CEPH_MSG_MAX_FRONT_LEN

struct Message {
  MsgHeader hdr;
  std::vector<std::uint8_t> front;   // front.iov_len == front.size()
  std::uint32_t front_alloc_len = 0; // capacity the message was allocated with

  // ceph_msg_new(type, front_len): an empty front with that capacity.
  // port: the capacity is the bound front_alloc_len enforces, not host memory reserved up
  // front (a client's four preallocated messages would hold 8 KiB it rarely fills: a quarter
  // of a storm client's memory).
  static std::shared_ptr<Message> make(std::uint16_t type, std::uint32_t front_alloc_len) {
    auto m = std::make_shared<Message>();
    m->hdr.type = type;
    m->front_alloc_len = front_alloc_len;
    return m;
  }

  // The front as a handler bounded by front_alloc_len (not by front.iov_len) reads it: a
  // shorter read into a preallocated reply leaves the rest of the buffer as it was.
  // port: the kernel's buffer is kmalloc'ed (its tail is whatever the heap or an earlier read
  // left there); monsim's reads as zeros, the one defined value it can give it.
  std::vector<std::uint8_t> front_as_allocated() const {
    std::vector<std::uint8_t> view = front;
    if (view.size() < front_alloc_len) view.resize(front_alloc_len, 0);
    return view;
  }
};

using MsgRef = std::shared_ptr<Message>;

}  // namespace monsim::kern
