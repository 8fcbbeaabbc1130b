// struct mutex. The MonClient's one lock (monc->mutex).
#pragma once

#include "client/kern/thread_annotations.h"

namespace monsim::kern {

class MONSIM_CAPABILITY("mutex") Mutex {
 public:
  virtual ~Mutex() = default;

  // mutex_lock(). Callers: user, kworker and messenger contexts. Blocks (simulated time may
  // pass while another context holds it). Not recursive: locking it twice from one context
  // is a BUG. Waiters acquire it in FIFO order.
  virtual void lock() MONSIM_ACQUIRE() = 0;

  // mutex_unlock(). Only the holder may call it; never blocks.
  virtual void unlock() MONSIM_RELEASE() = 0;
};

// A scope guard for code that does not need the kernel's explicit lock/unlock pairs.
class MONSIM_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& m) MONSIM_ACQUIRE(m) : m_(m) { m_.lock(); }
  ~MutexLock() MONSIM_RELEASE() { m_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& m_;
};

}  // namespace monsim::kern
