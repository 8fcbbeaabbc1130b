// Sleeping: struct completion and wait queues, interruptible by signals.
//
// Only user contexts (a workload actor calling statfs(), the mount path) sleep here; the
// kworker and the messenger never do. A signal (a scenario's `interrupt`) wakes an
// interruptible sleeper, which then returns -ERESTARTSYS; a signal that is already pending
// when the sleep starts makes it return at once.
#pragma once

#include <functional>
#include <limits>

#include "client/kern/jiffies.h"

namespace monsim::kern {

// MAX_SCHEDULE_TIMEOUT: sleep without a time limit.
inline constexpr jiffies_t MAX_SCHEDULE_TIMEOUT = std::numeric_limits<long>::max();

class Completion {
 public:
  virtual ~Completion() = default;

  // complete_all(): wake every waiter, now and in future, until reinit(). Any context;
  // never blocks.
  virtual void complete_all() = 0;
  // complete(): one "done" credit, consumed by one waiter. Any context; never blocks.
  virtual void complete() = 0;
  // reinit_completion(). Any context.
  virtual void reinit() = 0;
  // completion_done().
  virtual bool done() const = 0;

  // wait_for_completion(): blocks, uninterruptible. User context only.
  virtual void wait() = 0;
  // wait_for_completion_interruptible(): 0, or -ERESTARTSYS on a signal. User context only.
  virtual int wait_interruptible() = 0;
};

class WaitQueue {
 public:
  virtual ~WaitQueue() = default;

  // wake_up_all(). Any context; never blocks. Sleepers re-evaluate their conditions.
  virtual void wake_up_all() = 0;

  // wait_event_interruptible_timeout(wq, condition, timeout). The condition is evaluated by
  // the sleeper, without any lock held, on every wake-up. Returns -ERESTARTSYS on a signal;
  // 0 if the timeout elapsed with the condition false; 1 if it elapsed with the condition
  // true; otherwise the jiffies left (>= 1). User context only; blocks.
  virtual long wait_event_interruptible_timeout(const std::function<bool()>& condition,
                                                jiffies_t timeout) = 0;
};

}  // namespace monsim::kern
