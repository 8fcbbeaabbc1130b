#include "sim/engine/event_loop.h"

#include <algorithm>
#include <mutex>

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

EventLoop::EventLoop(std::string name, sg4::Host* host)
    : name_(std::move(name)), mu_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {
  actor_ = sg4::Actor::create(name_, host, [this] { run(); });
  actor_->daemonize();
}

EventLoop::~EventLoop() = default;

EventLoop::Id EventLoop::at(nanos when, Fn fn) {
  const Id id = next_id_++;
  heap_.push_back(Entry{when, id, std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  pending_.push_back(1);
  wake();
  return id;
}

void EventLoop::forget(Id id) {
  pending_[id - first_id_] = 0;
  while (!pending_.empty() && !pending_.front()) {
    pending_.pop_front();
    ++first_id_;
  }
}

bool EventLoop::cancel(Id id) {
  if (!scheduled(id)) return false;
  forget(id);
  ++cancelled_;
  drop_cancelled_top();
  // Timers re-armed often (TCP's give-up timer, on every ack) would pile up in the heap
  // until their instant: past half of it, rebuild it without them. The order is the
  // (instant, id) keys', so it is the same.
  if (cancelled_ > heap_.size() / 2 + 64) {
    std::erase_if(heap_, [this](const Entry& e) { return !scheduled(e.id); });
    std::make_heap(heap_.begin(), heap_.end(), Later{});
    cancelled_ = 0;
  }
  return true;
}

// Cancelled closures leave the heap when they reach its top.
void EventLoop::drop_cancelled_top() {
  while (!heap_.empty() && !scheduled(heap_.front().id)) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
    if (cancelled_) --cancelled_;
  }
}

void EventLoop::pause() { paused_ = true; }

void EventLoop::resume() {
  paused_ = false;
  wake();
}

// Only an actor that is waiting needs a notification; posting from maestro before the run
// starts (no simcall possible there) never finds one waiting.
void EventLoop::wake() {
  if (waiting_) cv_->notify_all();
}

void EventLoop::run() {
  std::unique_lock lock(*mu_);
  for (;;) {
    if (paused_ || heap_.empty()) {
      waiting_ = true;
      cv_->wait(lock);
      waiting_ = false;
      continue;
    }
    const nanos when = heap_.front().when;
    if (when > now_ns()) {
      waiting_ = true;
      cv_->wait_until(lock, to_seconds(when));
      waiting_ = false;
      continue;
    }
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    Fn fn = std::move(heap_.back().fn);
    forget(heap_.back().id);
    heap_.pop_back();
    drop_cancelled_top();
    busy_ = true;
    ++closures_run_;
    lock.unlock();
    fn();
    lock.lock();
    busy_ = false;
  }
}

}  // namespace monsim::sim
