// A wait queue C code and C++ code can share: the kernel's macro loop (linux/wait.h's
// wait_event_interruptible_timeout(), evaluating its condition in C) sleeps on it one
// schedule_timeout() at a time, as ___wait_event() does, and C++ code uses it as any
// client/kern WaitQueue. It counts its wake-ups, which is how one sleep knows it was woken.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "client/kern/wait.h"

namespace monsim::kshim {

class CountingWaitQueue : public kern::WaitQueue {
 public:
  explicit CountingWaitQueue(std::unique_ptr<kern::WaitQueue> q) : q_(std::move(q)) {}

  void wake_up_all() override {
    ++generation_;
    q_->wake_up_all();
  }
  long wait_event_interruptible_timeout(const std::function<bool()>& condition, kern::jiffies_t timeout) override {
    return q_->wait_event_interruptible_timeout(condition, timeout);
  }

  // One sleep: until a wake-up, a signal or `timeout` jiffies (MAX_SCHEDULE_TIMEOUT: none).
  // -ERESTARTSYS on a signal; 0 if the timeout ran out; else the jiffies left (at least 1).
  long sleep_once(long timeout) {
    const std::uint64_t start = generation_;
    const long r = q_->wait_event_interruptible_timeout([this, start] { return generation_ != start; },
                                                       static_cast<kern::jiffies_t>(timeout));
    if (r < 0) return r;
    return generation_ == start ? 0 : r;
  }

 private:
  std::unique_ptr<kern::WaitQueue> q_;
  std::uint64_t generation_ = 0;
};

}  // namespace monsim::kshim
