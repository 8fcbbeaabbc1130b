#include "client/wire/types.h"

#include <cstdio>

namespace monsim::wire {

const char* msg_type_name(std::uint16_t type) {
  switch (type) {
    case MSG_MON_MAP: return "mon_map";
    case MSG_STATFS: return "statfs";
    case MSG_STATFS_REPLY: return "statfs_reply";
    case MSG_MON_SUBSCRIBE: return "mon_subscribe";
    case MSG_MON_SUBSCRIBE_ACK: return "mon_subscribe_ack";
    case MSG_AUTH: return "auth";
    case MSG_AUTH_REPLY: return "auth_reply";
    case MSG_MON_GET_VERSION: return "mon_get_version";
    case MSG_MON_GET_VERSION_REPLY: return "mon_get_version_reply";
    case MSG_MDS_MAP: return "mds_map";
    case MSG_OSD_MAP: return "osd_map";
    case MSG_MON_COMMAND: return "mon_command";
    case MSG_MON_COMMAND_ACK: return "mon_command_ack";
    case MSG_FS_MAP_USER: return "fs_map_user";
    default: return "unknown";
  }
}

Fsid Fsid::decode(Decoder& d) {
  Fsid f;
  auto b = d.bytes(16, "fsid");
  if (b.size() == 16) std::copy(b.begin(), b.end(), f.bytes.begin());
  return f;
}

std::string Fsid::str() const {
  std::string s;
  char buf[4];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    s += buf;
  }
  return s;
}

void MonRequestHeader::encode(Encoder& e) const {
  e.u64(have_version);
  e.u16(session_mon);
  e.u64(session_mon_tid);
}

MonRequestHeader MonRequestHeader::decode(Decoder& d) {
  MonRequestHeader h;
  h.have_version = d.u64("monhdr.have_version");
  h.session_mon = d.u16("monhdr.session_mon");
  h.session_mon_tid = d.u64("monhdr.session_mon_tid");
  return h;
}

namespace {
constexpr std::uint16_t AF_INET_ = 2;
std::uint16_t swap16(std::uint16_t v) { return static_cast<std::uint16_t>((v >> 8) | (v << 8)); }
}  // namespace

void encode_addr(Encoder& e, const kern::EntityAddr& a) {
  e.u32(a.type);
  e.u32(a.nonce);
  // sockaddr_in inside a 128-byte sockaddr_storage, family and port in network order.
  e.u16(swap16(AF_INET_));
  e.u16(swap16(a.port));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 24));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 16));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 8));
  e.u8(static_cast<std::uint8_t>(a.ipv4));
  e.zeros(128 - 8);
}

kern::EntityAddr decode_addr(Decoder& d) {
  kern::EntityAddr a;
  a.type = d.u32("addr.type");
  a.nonce = d.u32("addr.nonce");
  d.u16("addr.family");
  a.port = swap16(d.u16("addr.port"));
  auto ip = d.bytes(4, "addr.ip");
  if (ip.size() == 4)
    a.ipv4 = (std::uint32_t{ip[0]} << 24) | (std::uint32_t{ip[1]} << 16) |
             (std::uint32_t{ip[2]} << 8) | ip[3];
  d.skip(128 - 8, "addr.pad");
  return a;
}

std::string addr_str(const kern::EntityAddr& a) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", a.ipv4 >> 24, (a.ipv4 >> 16) & 255,
                (a.ipv4 >> 8) & 255, a.ipv4 & 255, a.port);
  return buf;
}

}  // namespace monsim::wire
