// A 4-ary min-heap: the agenda's order of closures.
//
// Why not std::push_heap/pop_heap (binary): with tens of thousands of timers pending (a
// storm's clients), every pop walks down log2(n) levels and each level below the cache's
// reach is a miss; four children per node halve the levels, and the four lie side by side.
// The order is the same: `Less` is a total order on the agenda's keys (instant, id), so any
// correct heap pops the same sequence.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace monsim::sim {

template <class T, class Less>
class QuadHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const T& top() const { return items_.front(); }

  void push(T item) {
    std::size_t i = items_.size();
    items_.push_back(std::move(item));
    sift_up(i);
  }

  T pop() {
    T first = std::move(items_.front());
    T last = std::move(items_.back());
    items_.pop_back();
    if (!items_.empty()) {
      items_.front() = std::move(last);
      sift_down(0);
    }
    return first;
  }

  // Removes every item `drop` says, then restores the order.
  template <class Drop>
  void erase_if(Drop&& drop) {
    std::erase_if(items_, std::forward<Drop>(drop));
    for (std::size_t i = items_.size() / kArity + 1; i-- > 0;) sift_down(i);
  }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t i) {
    T item = std::move(items_[i]);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!less_(item, items_[parent])) break;
      items_[i] = std::move(items_[parent]);
      i = parent;
    }
    items_[i] = std::move(item);
  }

  void sift_down(std::size_t i) {
    const std::size_t n = items_.size();
    if (i >= n) return;
    T item = std::move(items_[i]);
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (less_(items_[c], items_[best])) best = c;
      if (!less_(items_[best], item)) break;
      items_[i] = std::move(items_[best]);
      i = best;
    }
    items_[i] = std::move(item);
  }

  std::vector<T> items_;
  [[no_unique_address]] Less less_{};
};

}  // namespace monsim::sim
