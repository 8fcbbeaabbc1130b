#include "client/wire/types.h"

#include "client/kern/errno.h"

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

namespace {
// The family (skipped), the big-endian port and the IPv4 address at the start of a sockaddr.
void decode_sockaddr_in(Decoder& d, kern::EntityAddr* a) {
  d.u16("addr.family");
  a->port = swap16(d.u16("addr.port"));
  auto ip = d.bytes(4, "addr.ip");
  if (ip.size() == 4)
    a->ipv4 = (std::uint32_t{ip[0]} << 24) | (std::uint32_t{ip[1]} << 16) |
              (std::uint32_t{ip[2]} << 8) | ip[3];
}
}  // namespace

kern::EntityAddr decode_addr(Decoder& d) {
  kern::EntityAddr a;
  a.type = d.u32("addr.type");
  a.nonce = d.u32("addr.nonce");
  decode_sockaddr_in(d, &a);
  d.skip(128 - 8, "addr.pad");
  return a;
}

std::string addr_str(const kern::EntityAddr& a) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", a.ipv4 >> 24, (a.ipv4 >> 16) & 255,
                (a.ipv4 >> 8) & 255, a.ipv4 & 255, a.port);
  return buf;
}

std::string addr_str_typed(const kern::EntityAddr& a) {
  return "(" + std::to_string(a.type) + ")" + addr_str(a);
}

namespace {
constexpr std::uint32_t kSockaddrInLen = 16;  // sizeof(struct sockaddr_in)
}  // namespace

void encode_addr_versioned(Encoder& e, const kern::EntityAddr& a) {
  e.u8(1);  // marker
  e.u8(1);  // struct_v
  e.u8(1);  // struct_compat
  e.u32(4 + 4 + 4 + kSockaddrInLen);
  e.u32(a.type);
  e.u32(a.nonce);
  e.u32(kSockaddrInLen);
  e.u16(AF_INET_);  // ss_family, little-endian here
  e.u16(swap16(a.port));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 24));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 16));
  e.u8(static_cast<std::uint8_t>(a.ipv4 >> 8));
  e.u8(static_cast<std::uint8_t>(a.ipv4));
  e.zeros(8);
}

// port of ceph_decode_entity_addr_versioned() and ceph_decode_entity_addr_legacy(), behind
// ceph_decode_entity_addr()'s marker byte.
int decode_entity_addr(Decoder& d, kern::EntityAddr* out) {
  const std::uint8_t marker = d.u8("addr marker");
  if (!d.ok()) return -kern::ERR_EINVAL;
  kern::EntityAddr a;
  if (marker == 0) {  // legacy: the rest of a zero le32 type
    d.skip(3, "legacy addr type");
    a.nonce = d.u32("addr.nonce");
    decode_sockaddr_in(d, &a);
    d.skip(128 - 8, "addr.pad");
    a.type = ADDR_TYPE_LEGACY;
  } else if (marker == 1) {
    d.u8("addr struct_v");
    const std::uint8_t compat = d.u8("addr struct_compat");
    const std::uint32_t len = d.u32("addr struct_len");
    if (!d.ok() || compat > 1 || !d.need(len, "addr")) return -kern::ERR_EINVAL;
    const std::size_t end = d.offset() + len;
    a.type = d.u32("addr.type");
    a.nonce = d.u32("addr.nonce");
    const std::uint32_t addr_len = d.u32("addr.len");
    if (!d.ok() || addr_len > 128) return -kern::ERR_EINVAL;  // > sizeof(in_addr)
    if (addr_len >= 8) {
      decode_sockaddr_in(d, &a);
      d.skip(addr_len - 8, "addr.rest");
    } else {
      d.skip(addr_len, "addr.rest");
    }
    if (!d.ok() || d.offset() > end) return -kern::ERR_EINVAL;
    d.skip(end - d.offset(), "addr tail");  // *p = struct_end
  } else {
    return -kern::ERR_EINVAL;
  }
  if (!d.ok()) return -kern::ERR_EINVAL;
  *out = a;
  return 0;
}

int decode_entity_addrvec(Decoder& d, bool msgr2, kern::EntityAddr* out) {
  const std::uint32_t my_type = msgr2 ? ADDR_TYPE_MSGR2 : ADDR_TYPE_LEGACY;
  const std::uint8_t marker = d.u8("addrvec marker");
  if (!d.ok() || marker != 2) return -kern::ERR_EINVAL;
  const std::uint32_t addr_cnt = d.u32("addrvec count");
  if (!d.ok()) return -kern::ERR_EINVAL;
  bool found = false;
  kern::EntityAddr tmp;
  for (std::uint32_t i = 0; i < addr_cnt; ++i) {
    const int ret = decode_entity_addr(d, &tmp);
    if (ret) return ret;
    if (tmp.type == my_type) {
      if (found) return -kern::ERR_EINVAL;  // another match of the type
      *out = tmp;
      found = true;
    }
  }
  if (found || addr_cnt == 0) return 0;
  if (addr_cnt == 1 && tmp == kern::EntityAddr{}) return 0;  // a single blank address
  return -kern::ERR_ENOENT;
}

}  // namespace monsim::wire
