// The generic requests and their replies: statfs, get_version, command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/types.h"

namespace monsim::wire {

// MStatfs: mon request header + fsid (34 bytes); header version 2 (4.17+) adds a u8
// contains_data_pool and a le64 data_pool (43 bytes).
struct MStatfs {
  MonRequestHeader monhdr;
  Fsid fsid;
  bool v2 = false;
  bool contains_data_pool = false;
  std::uint64_t data_pool = 0;
  static constexpr std::size_t SIZE = MonRequestHeader::SIZE + 16;
  static constexpr std::size_t SIZE_V2 = SIZE + 1 + 8;
  Bytes encode() const;
  // Either size: the version is in the header, the length tells it here.
  static bool decode(std::span<const std::uint8_t> front, MStatfs* out, std::string* err);
};

// struct ceph_mon_statfs_reply: fsid, le64 version, ceph_statfs — exactly 56 bytes.
struct MStatfsReply {
  Fsid fsid;
  std::uint64_t version = 0;
  Statfs st;
  static constexpr std::size_t SIZE = 56;
  Bytes encode() const;
  // handle_statfs_reply(): anything but exactly 56 bytes is corrupt.
  static bool decode(std::span<const std::uint8_t> front, MStatfsReply* out, std::string* err);
};

// MMonGetVersion: le64 handle (= tid), string what.
struct MMonGetVersion {
  std::uint64_t handle = 0;
  std::string what;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonGetVersion* out, std::string* err);
};

// MMonGetVersionReply: le64 handle, le64 newest, le64 oldest (the kernel reads two).
struct MMonGetVersionReply {
  std::uint64_t handle = 0, newest = 0, oldest = 0;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonGetVersionReply* out,
                     std::string* err);
};

// struct ceph_mon_command: header, fsid, le32 num_strs, then (le32 len + bytes) each.
struct MMonCommand {
  MonRequestHeader monhdr;
  Fsid fsid;
  std::vector<std::string> cmd;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonCommand* out, std::string* err);
};

// MMonCommandAck: header, s32 result, string rs (the kernel reads header + result).
struct MMonCommandAck {
  MonRequestHeader monhdr;
  std::int32_t result = 0;
  std::string rs;
  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MMonCommandAck* out, std::string* err);
};

}  // namespace monsim::wire
