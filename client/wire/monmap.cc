#include "client/wire/monmap.h"

#include "client/kern/errno.h"

namespace monsim::wire {

Bytes MonMap::encode(std::size_t padding) const {
  Bytes blob;
  Encoder b(blob);
  b.u16(1);  // version
  fsid.encode(b);
  b.u32(epoch);
  b.u32(static_cast<std::uint32_t>(mons.size()));
  for (const auto& m : mons) {
    b.u8(m.name.type);
    b.u64(m.name.num);
    encode_addr(b, m.addr);
  }
  b.zeros(padding);
  Bytes out;
  Encoder e(out);
  e.blob(blob);
  return out;
}

int MonMap::decode(std::span<const std::uint8_t> front, MonMap* out, std::string* err) {
  Decoder d(front);
  const std::uint32_t len = d.u32("monmap length");
  d.need(len, "monmap blob");
  d.u16("monmap version");
  d.need(16 + 2 * 4, "monmap header");
  out->fsid = Fsid::decode(d);
  out->epoch = d.u32("epoch");
  const std::uint32_t num_mon = d.u32("num_mon");
  d.need(static_cast<std::uint64_t>(num_mon) * ENTITY_INST_SIZE, "monitor instances");
  if (!d.ok()) {
    if (err) *err = d.error();
    return -kern::ERR_EINVAL;
  }
  if (num_mon >= MAX_MON) {
    if (err) *err = "num_mon " + std::to_string(num_mon) + " >= CEPH_MAX_MON";
    return -kern::ERR_EINVAL;
  }
  out->mons.clear();
  for (std::uint32_t i = 0; i < num_mon; ++i) {
    MonInst m;
    m.name.type = d.u8();
    m.name.num = d.u64();
    m.addr = decode_addr(d);
    out->mons.push_back(m);
  }
  return 0;
}

bool MonMap::contains(const kern::EntityAddr& addr) const {
  for (const auto& m : mons)
    if (m.addr == addr) return true;
  return false;
}

}  // namespace monsim::wire
