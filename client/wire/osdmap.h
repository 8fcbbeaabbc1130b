// MOSDMap's front as the osd client reads it: fsid, then incremental and full maps, each
// an epoch and a length-prefixed body (whose content monsim does not model).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/types.h"

namespace monsim::wire {

struct MOSDMap {
  struct Map {
    std::uint32_t epoch = 0;
    std::uint32_t size = 0;  // body bytes (zeros on the wire)
  };
  Fsid fsid;
  std::vector<Map> incrementals, fulls;

  Bytes encode() const;
  static bool decode(std::span<const std::uint8_t> front, MOSDMap* out, std::string* err);
  // The newest epoch in the message (0 if none).
  std::uint32_t newest() const;
  // The epoch an osd client holding `current` ends with: incrementals that follow it are
  // applied in order, then the last full map if it is newer.
  std::uint32_t epoch_after(std::uint32_t current) const;
};

}  // namespace monsim::wire
