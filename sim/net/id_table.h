// A table of objects keyed by ids that a counter hands out (sockets): found by indexing, not
// by a search, and walked in id order as a std::map would be.
//
// Why: a socket is looked up several times per segment, and a storm's tree of tens of
// thousands of sockets made those look-ups a twentieth of the run (issue 15).
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace monsim::sim {

template <class T>
class IdTable {
 public:
  T* find(std::uint64_t id) { return id < slots_.size() ? slots_[id].get() : nullptr; }
  const T* find(std::uint64_t id) const { return id < slots_.size() ? slots_[id].get() : nullptr; }
  bool contains(std::uint64_t id) const { return find(id) != nullptr; }

  // Like std::map::emplace: an existing entry stays as it is.
  T& emplace(std::uint64_t id, T value) {
    if (id >= slots_.size()) slots_.resize(id + 1);
    if (!slots_[id]) {
      slots_[id] = std::make_unique<T>(std::move(value));
      ++size_;
    }
    return *slots_[id];
  }
  // Sets (or replaces) the entry.
  T& set(std::uint64_t id, T value) {
    if (T* t = find(id)) return *t = std::move(value);
    return emplace(id, std::move(value));
  }
  bool erase(std::uint64_t id) {
    if (!find(id)) return false;
    slots_[id].reset();
    --size_;
    return true;
  }
  std::size_t size() const { return size_; }

  // fn(id, T&) for every entry, by id.
  template <class Fn>
  void for_each(Fn&& fn) {
    for (std::uint64_t id = 0; id < slots_.size(); ++id)
      if (slots_[id]) fn(id, *slots_[id]);
  }

 private:
  std::vector<std::unique_ptr<T>> slots_;
  std::size_t size_ = 0;
};

}  // namespace monsim::sim
