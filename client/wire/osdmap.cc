#include "client/wire/osdmap.h"

#include <algorithm>

namespace monsim::wire {

Bytes MOSDMap::encode() const {
  Bytes out;
  Encoder e(out);
  fsid.encode(e);
  for (const auto* list : {&incrementals, &fulls}) {
    e.u32(static_cast<std::uint32_t>(list->size()));
    for (const auto& m : *list) {
      e.u32(m.epoch);
      e.u32(m.size);
      e.zeros(m.size);
    }
  }
  return out;
}

bool MOSDMap::decode(std::span<const std::uint8_t> front, MOSDMap* out, std::string* err) {
  Decoder d(front);
  out->fsid = Fsid::decode(d);
  for (auto* list : {&out->incrementals, &out->fulls}) {
    list->clear();
    const std::uint32_t n = d.u32("nr_maps");
    for (std::uint32_t i = 0; i < n && d.ok(); ++i) {
      d.need(2 * 4, "map epoch and length");
      Map m;
      m.epoch = d.u32();
      m.size = d.u32();
      d.skip(m.size, "map body");
      list->push_back(m);
    }
  }
  if (d.ok()) return true;
  if (err) *err = d.error();
  return false;
}

std::uint32_t MOSDMap::newest() const {
  std::uint32_t e = 0;
  for (const auto& m : incrementals) e = std::max(e, m.epoch);
  for (const auto& m : fulls) e = std::max(e, m.epoch);
  return e;
}

std::uint32_t MOSDMap::epoch_after(std::uint32_t current) const {
  std::uint32_t epoch = current;
  for (const auto& inc : incrementals)
    if (epoch && inc.epoch == epoch + 1) epoch = inc.epoch;
  if (!fulls.empty() && fulls.back().epoch > epoch) epoch = fulls.back().epoch;
  return epoch;
}

}  // namespace monsim::wire
