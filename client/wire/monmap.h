// The monmap carried in MMonMap's front: the legacy (v1) encoding the seeds decode, and the
// versioned one (ENCODE_START, v5 with legacy addresses, v6+ with mon_info_t and address
// vectors) that 5.11+ kernels decode and monitors send to clients that can read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/types.h"

namespace monsim::wire {

struct MonInst {
  kern::EntityName name;
  kern::EntityAddr addr;
};

struct MonMap {
  Fsid fsid;
  std::uint32_t epoch = 0;
  std::vector<MonInst> mons;

  // u32 blob length, then u16 version, fsid, u32 epoch, u32 num_mon, 145 B per monitor, then
  // `padding` zero bytes inside the blob (the fields this decoder never reads).
  Bytes encode(std::size_t padding = 0) const;

  // port of ceph_monmap_decode(): the same checks in the same order — the blob length must
  // be present (the end is not narrowed to it), the instances must be present, and
  // num_mon >= CEPH_MAX_MON is refused. Returns 0 or -EINVAL (with the reason in *err).
  static int decode(std::span<const std::uint8_t> front, MonMap* out, std::string* err);

  // Monitors' versioned encoding (MonMap::encode() in Ceph): `version` 9 (Nautilus and later:
  // mon_info_t with an address vector of a v2 address on port 3300 and the v1 one) or 5 (a
  // map of name to legacy address). Monitor i is named mon.<a + i>.
  Bytes encode_versioned(int version) const;

  // port of ceph_monmap_decode() as of 5.11 (and v6.1): ceph_start_decoding(…, 6, "monmap"),
  // the two timestamps and feature sets skipped from v6 on, then num_mon (0 or > CEPH_MAX_MON
  // refused) monitors, each a skipped name and either a legacy address (v < 6) or a
  // mon_info_t whose address vector must hold exactly one address of the wanted kind
  // (msgr2 ? v2 : v1). Returns 0, -EINVAL or -ERANGE (with the reason in *err).
  static int decode_versioned(std::span<const std::uint8_t> front, bool msgr2, MonMap* out,
                              std::string* err);

  // port of ceph_monmap_contains(): is `addr` (type, nonce and address alike) in the map?
  bool contains(const kern::EntityAddr& addr) const;
};

}  // namespace monsim::wire
