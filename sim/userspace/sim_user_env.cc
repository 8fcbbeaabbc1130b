#include "sim/userspace/sim_user_env.h"

#include <map>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include "client/kern/bug.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

userspace::Utime SimUserEnv::Clock::now() const {
  const kern::Timespec t = c_.realtime();
  return {t.sec, t.nsec};
}

std::int64_t SimUserEnv::Clock::coarse_mono_ns() const {
  const nanos jiffy = NS_PER_S / c_.hz();
  return (now_ns() + uptime_) / jiffy * jiffy;
}

namespace {

// A condition variable for user threads (actors). notify_all() may come from a loop's
// closure (maestro); a waiter that has not gone to sleep yet still sees it (the generation).
class SimCondVar : public userspace::CondVar {
 public:
  SimCondVar() : mu_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {}
  void notify_all() override {
    ++generation_;
    cv_->notify_all();
  }
  void wait(kern::Mutex& lock) override { wait_until_mono(lock, -1); }
  bool wait_until_mono(kern::Mutex& lock, std::int64_t deadline_ns) override {
    MONSIM_BUG_ON(sg4::this_actor::is_maestro());  // only user threads wait
    const std::uint64_t gen = generation_;
    lock.unlock();
    bool notified = true;
    {
      std::unique_lock g(*mu_);
      while (generation_ == gen) {
        if (deadline_ns >= 0 && mono_now() >= deadline_ns) {
          notified = false;
          break;
        }
        if (deadline_ns >= 0)
          cv_->wait_until(g, to_seconds(deadline_ns - offset_));
        else
          cv_->wait(g);
      }
    }
    lock.lock();
    return notified;
  }
  void set_mono_offset(nanos offset) { offset_ = offset; }

 private:
  std::int64_t mono_now() const { return now_ns() + offset_; }
  std::uint64_t generation_ = 0;
  nanos offset_ = 0;  // CLOCK_MONOTONIC - simulated time
  sg4::MutexPtr mu_;
  sg4::ConditionVariablePtr cv_;
};

// SafeTimer on the wall clock: each event is due when CLOCK_REALTIME reaches its instant; a
// step of the clock moves every pending event (SafeTimer::timer_thread() waits on the real
// clock). Due events run in the timer loop after the wake-up latency, with the lock held.
class SimSafeTimer : public userspace::SafeTimer {
 public:
  SimSafeTimer(EventLoop& loop, SimClock& clock, kern::Mutex& lock, nanos latency)
      : loop_(loop), clock_(clock), lock_(lock), latency_(latency) {
    // The clock outlives the timer: the observer stays, and does nothing once it is gone.
    clock_.on_realtime_step([this, alive = std::weak_ptr<int>(alive_)] {
      if (alive.lock()) rearm_all();
    });
  }
  ~SimSafeTimer() override { shutdown(); }

  Id add_event_after(double seconds, std::function<void()> cb) override {
    const kern::Timespec t = clock_.realtime();
    return add_event_at(userspace::Utime{t.sec, t.nsec} + seconds, std::move(cb));
  }
  Id add_event_at(userspace::Utime when, std::function<void()> cb) override {
    if (stopping_) return 0;
    const Id id = ++next_;
    events_[id] = {when, std::move(cb), 0};
    arm(id);
    return id;
  }
  bool cancel_event(Id id) override {
    auto it = events_.find(id);
    if (it == events_.end()) return false;
    loop_.cancel(it->second.loop_id);
    events_.erase(it);
    return true;
  }
  void cancel_all_events() override {
    while (!events_.empty()) cancel_event(events_.begin()->first);
  }
  void shutdown() override {
    stopping_ = true;
    cancel_all_events();
  }
  // The wall clock stepped: re-arm everything pending, in the order it was added.
  void rearm_all() {
    for (auto& [id, e] : events_) {
      loop_.cancel(e.loop_id);
      arm(id);
    }
  }

 private:
  struct Event {
    userspace::Utime when;
    std::function<void()> cb;
    EventLoop::Id loop_id;
  };
  void arm(Id id) {
    Event& e = events_[id];
    const kern::Timespec rt = clock_.realtime();
    const nanos wall_now = rt.sec * NS_PER_S + rt.nsec;
    const nanos due = now_ns() + std::max<nanos>(0, e.when.to_nanos() - wall_now);
    e.loop_id = loop_.at(due + latency_, [this, id] {
      auto it = events_.find(id);
      if (it == events_.end()) return;
      auto cb = std::move(it->second.cb);
      events_.erase(it);
      kern::MutexLock l(lock_);
      cb();
    });
  }

  EventLoop& loop_;
  SimClock& clock_;
  kern::Mutex& lock_;
  nanos latency_;
  std::map<Id, Event> events_;
  Id next_ = 0;
  bool stopping_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace

SimUserEnv::SimUserEnv(Net& net, SimKernel& host, UserEnvConfig cfg)
    : net_(net), host_(host), cfg_(cfg), clock_(host.sim_clock(), cfg.uptime),
      timer_loop_(host.node_name() + ".safe_timer"), worker_(host.node_name() + ".msgr-worker"),
      dispatch_(host.node_name() + ".ms_dispatch"), finisher_(host.node_name() + ".finisher") {}

SimUserEnv::~SimUserEnv() = default;

std::unique_ptr<userspace::CondVar> SimUserEnv::make_cond() {
  auto c = std::make_unique<SimCondVar>();
  c->set_mono_offset(cfg_.uptime);
  return c;
}

std::unique_ptr<userspace::SafeTimer> SimUserEnv::make_timer(kern::Mutex& lock) {
  return std::make_unique<SimSafeTimer>(timer_loop_, host_.sim_clock(), lock, cfg_.timer_latency);
}

std::unique_ptr<userspace::Messenger> SimUserEnv::make_messenger() {
  return std::make_unique<SimMessenger>(net_, host_.node(), worker_, dispatch_, host_.sim_clock(), host_.trace(),
                                        cfg_.messenger);
}

}  // namespace monsim::sim
