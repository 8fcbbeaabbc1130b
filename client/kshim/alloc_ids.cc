#include "client/kshim/alloc_ids.h"

namespace monsim::kshim {

void AllocIds::add(const void* p, std::size_t size) {
  blocks_[reinterpret_cast<std::uintptr_t>(p)] = {size, next_++};
}

std::size_t AllocIds::remove(const void* p) {
  auto it = blocks_.find(reinterpret_cast<std::uintptr_t>(p));
  if (it == blocks_.end()) return 0;
  const std::size_t size = it->second.size;
  blocks_.erase(it);
  return size;
}

std::uint64_t AllocIds::shown(const void* p) const {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  auto it = blocks_.upper_bound(a);
  if (it == blocks_.begin()) return 0;
  --it;
  if (a >= it->first + it->second.size + (it->second.size == 0)) return 0;
  return (it->second.id << 16) | ((a - it->first) & 0xffff);
}

AllocIds& alloc_ids() {
  static AllocIds ids;
  return ids;
}

}  // namespace monsim::kshim
