// The legacy (v1) monmap the seeds decode, carried in MMonMap's front.
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

  // port of ceph_monmap_contains(): is `addr` (type, nonce and address alike) in the map?
  bool contains(const kern::EntityAddr& addr) const;
};

}  // namespace monsim::wire
