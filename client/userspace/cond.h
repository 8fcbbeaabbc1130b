// std::condition_variable on the MonClient's lock (ceph::condition_variable): what a user
// thread waits on — authenticate()'s auth_cond, get_monmap_and_config()'s map_cond.
#pragma once

#include <cstdint>

#include "client/kern/mutex.h"

namespace monsim::userspace {

class CondVar {
 public:
  virtual ~CondVar() = default;

  // notify_all(). Any context; never blocks.
  virtual void notify_all() = 0;

  // wait(): releases `lock` (held by the caller), sleeps until notified, takes it again.
  // User threads only; blocks. Spurious wake-ups do not happen here; callers loop anyway.
  virtual void wait(kern::Mutex& lock) = 0;

  // wait_until(mono deadline) / wait_for(): as wait(), or until CLOCK_MONOTONIC reaches
  // `deadline_ns`. Returns false on timeout (std::cv_status::timeout). User threads only.
  virtual bool wait_until_mono(kern::Mutex& lock, std::int64_t deadline_ns) = 0;
};

}  // namespace monsim::userspace
