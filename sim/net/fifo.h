// A first-in first-out queue on one vector: the front advances by an index, and the vector
// is emptied in place (keeping its capacity) once everything has been taken.
//
// Why not std::deque: a deque allocates a map and a 512-byte block as it is made, and a
// connection's queues (the segments waiting for its link, the sequence numbers awaiting an
// ack) hold one or two items at a time: those allocations were most of a storm's mallocs
// (issue 15). An empty Fifo allocates nothing.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace monsim::sim {

template <class T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }

  template <class... Args>
  void emplace_back(Args&&... args) {
    items_.emplace_back(std::forward<Args>(args)...);
  }
  void pop_front() {
    ++head_;
    if (head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ >= kCompactAfter && 2 * head_ >= items_.size()) {
      // A queue that never empties: drop what was taken so that it does not grow forever.
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

 private:
  static constexpr std::size_t kCompactAfter = 64;
  std::vector<T> items_;
  std::size_t head_ = 0;
};

}  // namespace monsim::sim
