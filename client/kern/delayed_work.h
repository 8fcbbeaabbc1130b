// struct delayed_work on the system workqueue: a function run later in the kworker context.
#pragma once

#include "client/kern/jiffies.h"

namespace monsim::kern {

// The work function runs in this node's kworker context, never concurrently with itself, and
// takes whatever locks it needs itself (as the kernel's delayed_work() takes monc->mutex).
// An expiry at jiffy J runs the work when the jiffies counter reaches J.
class DelayedWork {
 public:
  virtual ~DelayedWork() = default;

  // schedule_delayed_work(): arm `delay` jiffies from now unless already pending; a pending
  // expiry is left unchanged (linux-2.6.34's tick). Returns false if it was already pending.
  // Any context; never blocks. Arming from inside the running work arms the next run.
  virtual bool schedule(jiffies_t delay) = 0;

  // mod_delayed_work(): arm `delay` jiffies from now, moving a pending expiry (linux-4.10's
  // tick). Returns true if it was pending. Any context; never blocks. A delay of 0 queues the
  // work to run at once.
  virtual bool mod(jiffies_t delay) = 0;

  // cancel_delayed_work_sync(): disarm and wait for a running instance to finish. Returns
  // true if it was pending. Blocks; must not be called from the work itself nor while
  // holding a lock the work takes (that deadlocks, as in the kernel).
  virtual bool cancel_sync() = 0;

  // delayed_work_pending(). Any context.
  virtual bool pending() const = 0;
};

}  // namespace monsim::kern
