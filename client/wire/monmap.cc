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

namespace {

// ENCODE_START(v, compat, bl) … ENCODE_FINISH(bl): the body with its header in front.
void encode_versioned_struct(Encoder& e, std::uint8_t v, std::uint8_t compat, const Bytes& body) {
  e.u8(v);
  e.u8(compat);
  e.blob(body);  // u32 length, then the body
}

std::string mon_name(std::size_t i) { return std::string(1, static_cast<char>('a' + i % 26)); }

// port of ceph_start_decoding(): 0, -EINVAL (struct_compat > v) or -ERANGE (short).
int start_decoding(Decoder& d, std::uint8_t v, const char* name, std::uint8_t* struct_v,
                   std::uint32_t* struct_len, std::string* err) {
  if (!d.need(6, name)) {
    if (err) *err = d.error();
    return -kern::ERR_ERANGE;
  }
  *struct_v = d.u8();
  const std::uint8_t compat = d.u8();
  if (v < compat) {
    if (err) *err = std::string("struct_compat ") + std::to_string(compat) + " > " + std::to_string(v) + " of " + name;
    return -kern::ERR_EINVAL;
  }
  *struct_len = d.u32();
  if (!d.need(*struct_len, name)) {
    if (err) *err = d.error();
    return -kern::ERR_ERANGE;
  }
  return 0;
}

// port of decode_mon_info(): a skipped name, the address vector, then whatever follows the
// vector inside the struct.
int decode_mon_info(Decoder& d, bool msgr2, kern::EntityAddr* addr, std::string* err) {
  std::uint8_t v;
  std::uint32_t len;
  int ret = start_decoding(d, 1, "mon_info_t", &v, &len, err);
  if (ret) return ret;
  const std::size_t end = d.offset() + len;
  d.string("mon name");
  if (!d.ok()) {
    if (err) *err = d.error();
    return -kern::ERR_EINVAL;
  }
  ret = decode_entity_addrvec(d, msgr2, addr);
  if (ret) {
    if (err) *err = "bad address vector";
    return ret;
  }
  // port: decode_mon_info() sets the cursor to the struct's end even when the address vector
  // ran past it (moving backwards); monsim's decoder only moves forwards, so it refuses that.
  if (d.offset() > end) {
    if (err) *err = "address vector longer than mon_info_t";
    return -kern::ERR_EINVAL;
  }
  d.skip(end - d.offset(), "mon_info_t tail");
  return 0;
}

}  // namespace

Bytes MonMap::encode_versioned(int version) const {
  Bytes body;
  Encoder b(body);
  fsid.encode(b);
  b.u32(epoch);
  auto feature_set = [&b] {
    Bytes f;
    Encoder fe(f);
    fe.u64(0);  // mon_feature_t: no features
    encode_versioned_struct(b, 1, 1, f);
  };
  if (version >= 6) {
    b.zeros(8);  // last_changed
    b.zeros(8);  // created
    feature_set();  // persistent_features
    feature_set();  // optional_features
    b.u32(static_cast<std::uint32_t>(mons.size()));  // mon_info: map<string, mon_info_t>
    for (std::size_t i = 0; i < mons.size(); ++i) {
      b.string(mon_name(i));
      Bytes info;
      Encoder ie(info);
      ie.string(mon_name(i));
      kern::EntityAddr v2 = mons[i].addr, v1 = mons[i].addr;
      v2.type = ADDR_TYPE_MSGR2;
      v2.port = 3300;
      v1.type = ADDR_TYPE_LEGACY;
      ie.u8(2);  // entity_addrvec_t marker
      ie.u32(2);
      encode_addr_versioned(ie, v2);
      encode_addr_versioned(ie, v1);
      ie.u16(0);  // priority
      encode_versioned_struct(b, 2, 1, info);
    }
    b.u32(static_cast<std::uint32_t>(mons.size()));  // ranks
    for (std::size_t i = 0; i < mons.size(); ++i) b.string(mon_name(i));
  } else {
    b.u32(static_cast<std::uint32_t>(mons.size()));  // mon_addr: map<string, entity_addr_t>
    for (std::size_t i = 0; i < mons.size(); ++i) {
      b.string(mon_name(i));
      kern::EntityAddr a = mons[i].addr;
      a.type = 0;  // the legacy encoding's le32 type
      encode_addr(b, a);
    }
    b.zeros(16);  // last_changed, created
    feature_set();
    feature_set();
  }
  Bytes blob;
  Encoder e(blob);
  encode_versioned_struct(e, static_cast<std::uint8_t>(version), version >= 6 ? 6 : 3, body);
  Bytes out;
  Encoder o(out);
  o.blob(blob);
  return out;
}

int MonMap::decode_versioned(std::span<const std::uint8_t> front, bool msgr2, MonMap* out,
                             std::string* err) {
  Decoder d(front);
  const std::uint32_t blob_len = d.u32("monmap length");
  if (!d.ok() || !d.need(blob_len, "monmap blob")) {
    if (err) *err = d.error();
    return -kern::ERR_EINVAL;
  }
  std::uint8_t struct_v;
  std::uint32_t struct_len;
  int ret = start_decoding(d, 6, "monmap", &struct_v, &struct_len, err);
  if (ret) return ret;
  MonMap map;
  map.fsid = Fsid::decode(d);
  map.epoch = d.u32("epoch");
  if (!d.ok()) {
    if (err) *err = d.error();
    return -kern::ERR_EINVAL;
  }
  if (struct_v >= 6) {
    // The kernel steps over the two timestamps without a bounds check; running past the end
    // here is caught by the start_decoding() that follows, as there.
    if (d.remaining() < 16) {
      if (err) *err = "monmap timestamps";
      return -kern::ERR_ERANGE;
    }
    d.skip(16, "last_changed, created");
    for (int i = 0; i < 2; ++i) {  // persistent_features, optional_features
      std::uint8_t fv;
      std::uint32_t flen;
      ret = start_decoding(d, 1, "mon_feature_t", &fv, &flen, err);
      if (ret) return ret;
      d.skip(flen, "mon_feature_t");
    }
  }
  const std::uint32_t num_mon = d.u32("num_mon");
  if (!d.ok() || num_mon == 0 || num_mon > static_cast<std::uint32_t>(MAX_MON)) {
    if (err) *err = d.ok() ? "num_mon " + std::to_string(num_mon) + " not in 1..CEPH_MAX_MON" : d.error();
    return -kern::ERR_EINVAL;
  }
  for (std::uint32_t i = 0; i < num_mon; ++i) {
    MonInst m;
    d.string("mon name");  // the map's key
    if (!d.ok()) {
      if (err) *err = d.error();
      return -kern::ERR_EINVAL;
    }
    m.name = {kern::ENTITY_TYPE_MON, i};
    ret = struct_v >= 6 ? decode_mon_info(d, msgr2, &m.addr, err) : decode_entity_addr(d, &m.addr);
    if (ret) {
      if (err && err->empty()) *err = "monitor " + std::to_string(i) + " address";
      return ret;
    }
    map.mons.push_back(m);
  }
  *out = std::move(map);
  return 0;
}

bool MonMap::contains(const kern::EntityAddr& addr) const {
  for (const auto& m : mons)
    if (m.addr == addr) return true;
  return false;
}

}  // namespace monsim::wire
