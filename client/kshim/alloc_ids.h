// The allocations C code made (kmalloc), each numbered in the order it was made: how %p
// prints a pointer (linux/kshim.h). A real kernel prints a hashed address, different on every
// boot; monsim's runs must be byte-identical, so the address shown is the allocation's number
// and the offset into it — the same on every run of a scenario and seed, and as good as the
// kernel's for telling two objects apart in a log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

namespace monsim::kshim {

class AllocIds {
 public:
  void add(const void* p, std::size_t size);
  // Forgets `p`; returns its size (0 if it was not an allocation of C's).
  std::size_t remove(const void* p);
  // The value %p prints for `p`: the allocation's number and the offset into it, or 0 for a
  // pointer into no allocation (static data, the stack).
  std::uint64_t shown(const void* p) const;

 private:
  struct Block {
    std::size_t size;
    std::uint64_t id;
  };
  std::map<std::uintptr_t, Block> blocks_;
  std::uint64_t next_ = 1;
};

AllocIds& alloc_ids();

}  // namespace monsim::kshim
