// The kernel API's hooks (linux/kshim.h) on the current node's client/kern Kernel.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <span>
#include <string>

#include "client/kern/bug.h"
#include "client/kern/errno.h"
#include "client/kern/jiffies.h"
#include "client/kshim/alloc_ids.h"
#include "client/kshim/context.h"
#include "client/kshim/wait_queue.h"
#include "client/kshim/include/linux/kshim.h"

using monsim::kshim::Keep;
using monsim::kshim::current;

namespace {

monsim::kern::Kernel& kernel() { return current().kernel(); }

template <typename T>
T* as(void* p) {
  MONSIM_BUG_ON(p == nullptr);  // the C object was never initialised (mutex_init, ...)
  return static_cast<T*>(p);
}

}  // namespace

extern "C" {

// ---- time

unsigned long kshim_jiffies(void) {
  monsim::kshim::Keep keep;
  return kernel().clock().jiffies();
}
unsigned int kshim_hz(void) {
  monsim::kshim::Keep keep;
  return kernel().clock().hz();
}

void kshim_realtime(s64* sec, long* nsec) {
  monsim::kshim::Keep keep;
  const monsim::kern::Timespec ts = kernel().clock().realtime();
  *sec = ts.sec;
  *nsec = ts.nsec;
}

unsigned long kshim_round_jiffies_relative(unsigned long j) {
  monsim::kshim::Keep keep;
  auto& clock = kernel().clock();
  return monsim::kern::round_jiffies_relative(j, clock.jiffies(), clock.hz(), clock.cpu());
}

// ---- randomness

u32 kshim_random_u32(void) {
  monsim::kshim::Keep keep;
  return kernel().random().prandom_u32();
}

void kshim_random_bytes(void* buf, std::size_t len) {
  monsim::kshim::Keep keep;
  kernel().random().get_random_bytes(std::span<std::uint8_t>(static_cast<std::uint8_t*>(buf), len));
}

// ---- memory

void* kshim_alloc(std::size_t size, bool zero) {
  monsim::kshim::Keep keep;
  void* p = zero ? std::calloc(1, size ? size : 1) : std::malloc(size ? size : 1);
  MONSIM_BUG_ON(p == nullptr);
  monsim::kshim::alloc_ids().add(p, size);
  return p;
}

void kshim_free(const void* p) {
  monsim::kshim::Keep keep;
  if (!p) return;
  const std::size_t size = monsim::kshim::alloc_ids().remove(p);
  if (monsim::kshim::has_current()) current().forget_within(p, size);
  std::free(const_cast<void*>(p));
}

// ---- BUG and WARN

void kshim_bug(const char* file, int line, const char* what) {
  monsim::kshim::Keep keep;
  monsim::kern::bug(file, line, what);
}

void kshim_warn(const char* file, int line, const char* what) {
  monsim::kshim::Keep keep;
  char text[512];
  std::snprintf(text, sizeof text, "WARNING: at %s:%d %s", file, line, what);
  current().log('4', "warn", text);
}

// ---- locks, work, sleeping

void* kshim_mutex_make(void* holder) {
  monsim::kshim::Keep keep;
  return current().keep(holder, kernel().make_mutex());
}
void kshim_mutex_lock(void* m) {
  monsim::kshim::Keep keep;
  // an actor may find it held by another (never a closure: sim/kernel): Keep above
  as<monsim::kern::Mutex>(m)->lock();
}
void kshim_mutex_unlock(void* m) {
  monsim::kshim::Keep keep;
  as<monsim::kern::Mutex>(m)->unlock();
}

void* kshim_work_make(struct work_struct* work) {
  monsim::kshim::Keep keep;
  monsim::kshim::Node* node = &current();
  return node->keep(work, kernel().make_delayed_work([node, work] {
    monsim::kshim::Enter enter(*node);
    work->func(work);
  }));
}
bool kshim_work_mod(void* w, unsigned long delay) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::DelayedWork>(w)->mod(delay);
}
bool kshim_work_queue(void* w, unsigned long delay) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::DelayedWork>(w)->schedule(delay);
}
bool kshim_work_cancel_sync(void* w) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::DelayedWork>(w)->cancel_sync();
}
bool kshim_work_pending(void* w) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::DelayedWork>(w)->pending();
}

void* kshim_completion_make(void* holder) {
  monsim::kshim::Keep keep;
  return current().keep(holder, kernel().make_completion());
}
void kshim_completion_complete(void* c, bool all) {
  monsim::kshim::Keep keep;
  if (all) as<monsim::kern::Completion>(c)->complete_all();
  else as<monsim::kern::Completion>(c)->complete();
}
void kshim_completion_reinit(void* c) {
  monsim::kshim::Keep keep;
  as<monsim::kern::Completion>(c)->reinit();
}
bool kshim_completion_done(void* c) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::Completion>(c)->done();
}
void kshim_completion_wait(void* c) {
  monsim::kshim::Keep keep;
  as<monsim::kern::Completion>(c)->wait();
}
int kshim_completion_wait_interruptible(void* c) {
  monsim::kshim::Keep keep;
  return as<monsim::kern::Completion>(c)->wait_interruptible();
}

}  // extern "C"

extern "C" {

void* kshim_waitqueue_make(void* holder) {
  monsim::kshim::Keep keep;
  return current().keep(holder, std::make_unique<monsim::kshim::CountingWaitQueue>(kernel().make_wait_queue()));
}
void kshim_waitqueue_wake_all(void* q) {
  monsim::kshim::Keep keep;
  as<monsim::kshim::CountingWaitQueue>(q)->wake_up_all();
}
long kshim_waitqueue_sleep(void* q, long timeout) {
  monsim::kshim::Keep keep;
  return as<monsim::kshim::CountingWaitQueue>(q)->sleep_once(timeout);
}

}  // extern "C"
