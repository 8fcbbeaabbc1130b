#include "sim/engine/event_loop.h"

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
  queue_.emplace(std::make_pair(when, id), std::move(fn));
  deadline_of_.emplace(id, when);
  wake();
  return id;
}

bool EventLoop::cancel(Id id) {
  auto it = deadline_of_.find(id);
  if (it == deadline_of_.end()) return false;
  queue_.erase({it->second, id});
  deadline_of_.erase(it);
  return true;
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
    if (paused_ || queue_.empty()) {
      waiting_ = true;
      cv_->wait(lock);
      waiting_ = false;
      continue;
    }
    auto first = queue_.begin();
    const nanos when = first->first.first;
    if (when > now_ns()) {
      waiting_ = true;
      cv_->wait_until(lock, to_seconds(when));
      waiting_ = false;
      continue;
    }
    Fn fn = std::move(first->second);
    deadline_of_.erase(first->first.second);
    queue_.erase(first);
    busy_ = true;
    ++closures_run_;
    lock.unlock();
    fn();
    lock.lock();
    busy_ = false;
  }
}

}  // namespace monsim::sim
