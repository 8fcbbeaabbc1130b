#include "sim/kernel/sim_kernel.h"

#include <mutex>

#include <simgrid/s4u/Actor.hpp>

#include "client/kern/bug.h"
#include "client/kern/errno.h"

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

// ============================================================== mutex

namespace {

// Simulated execution is cooperative: nothing else runs between two statements of a closure
// or of an actor that makes no simcall. So a free mutex is taken with a flag, no simcall (a
// SimGrid mutex cost two context switches per lock). Only an actor can find it held (by
// another actor that sleeps with it held), and only an actor can wait for it; a closure,
// which runs in maestro and cannot wait, finding it held is a bug of the model.
class SimMutex : public kern::Mutex {
 public:
  void lock() override {
    const long self = sg4::this_actor::get_pid();
    MONSIM_BUG_ON(owner_ == self);  // not recursive
    if (held_) {
      MONSIM_BUG_ON(sg4::this_actor::is_maestro());  // a work item would sleep on it
      if (!gate_) {
        gate_ = sg4::Mutex::create();
        freed_ = sg4::ConditionVariable::create();
      }
      std::unique_lock lock(*gate_);
      ++waiters_;
      while (held_) freed_->wait(lock);
      --waiters_;
    }
    held_ = true;
    owner_ = self;
  }
  void unlock() override {
    MONSIM_BUG_ON(owner_ != sg4::this_actor::get_pid());
    owner_ = -1;
    held_ = false;
    if (waiters_) freed_->notify_one();
  }

 private:
  bool held_ = false;
  long owner_ = -1;
  int waiters_ = 0;
  sg4::MutexPtr gate_;  // made the first time an actor must wait
  sg4::ConditionVariablePtr freed_;
};

// ============================================================== delayed work

class SimDelayedWork : public kern::DelayedWork {
 public:
  SimDelayedWork(EventLoop& kworker, const SimClock& clock, std::function<void()> fn)
      : kworker_(kworker), clock_(clock), fn_(std::move(fn)) {}

  ~SimDelayedWork() override {
    if (timer_) kworker_.cancel(timer_);
  }

  // port of schedule_delayed_work()
  bool schedule(kern::jiffies_t delay) override {
    if (timer_) return false;
    arm(delay);
    return true;
  }

  // port of mod_delayed_work()
  bool mod(kern::jiffies_t delay) override {
    const bool was_pending = timer_ != 0;
    if (timer_) kworker_.cancel(timer_);
    timer_ = 0;
    arm(delay);
    return was_pending;
  }

  // port of cancel_delayed_work_sync(). The work runs to completion in one closure, so no
  // other context ever finds it running; only the work itself could, and waiting for itself
  // would hang a kernel as well.
  bool cancel_sync() override {
    MONSIM_BUG_ON(running_);
    const bool was_pending = timer_ != 0;
    if (timer_) kworker_.cancel(timer_);
    timer_ = 0;
    return was_pending;
  }

  bool pending() const override { return timer_ != 0; }

 private:
  // port of __queue_delayed_work(): no delay queues the work at once; any other goes through
  // a timer (the wheel, for 4.8+ kernels).
  void arm(kern::jiffies_t delay) {
    const kern::jiffies_t fires = delay ? clock_.add_timer(delay) : clock_.jiffies();
    timer_ = kworker_.at(delay ? clock_.instant_of(fires) : now_ns(), [this, delay, fires] {
      if (delay) clock_.timer_ran(fires);
      timer_ = 0;  // no longer pending while it runs: it may re-arm itself
      running_ = true;
      fn_();
      running_ = false;
    });
  }

  EventLoop& kworker_;
  const SimClock& clock_;
  std::function<void()> fn_;
  EventLoop::Id timer_ = 0;
  bool running_ = false;
};

// ============================================================== sleeping

// Sleeps until `ready()` or a signal or the instant `deadline` (< 0: none). Returns
// -ERR_ERESTARTSYS on a signal, 0 otherwise.
int sleep_on(SimKernel& k, sg4::ConditionVariable& cv, sg4::Mutex& mu,
             const std::function<bool()>& ready, nanos deadline, bool interruptible) {
  MONSIM_BUG_ON(sg4::this_actor::is_maestro());  // only callers sleep, never a work item
  std::unique_lock lock(mu);
  for (;;) {
    if (ready()) return 0;
    if (interruptible && k.signal_pending()) return -kern::ERR_ERESTARTSYS;
    if (deadline >= 0 && now_ns() >= deadline) return 0;
    k.sleeping_on(&cv);
    if (deadline >= 0)
      cv.wait_until(lock, to_seconds(deadline));
    else
      cv.wait(lock);
    k.awake();
  }
}

class SimCompletion : public kern::Completion {
 public:
  explicit SimCompletion(SimKernel& k)
      : k_(k), mu_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {}

  void complete_all() override {
    done_ = UINT32_MAX / 2;  // "complete_all: done = UINT_MAX / 2" in spirit
    cv_->notify_all();
  }
  void complete() override {
    if (done_ != UINT32_MAX / 2) ++done_;
    cv_->notify_all();
  }
  void reinit() override { done_ = 0; }
  bool done() const override { return done_ != 0; }

  void wait() override {
    sleep_on(k_, *cv_, *mu_, [this] { return done_ != 0; }, -1, false);
    consume();
  }
  int wait_interruptible() override {
    const int r = sleep_on(k_, *cv_, *mu_, [this] { return done_ != 0; }, -1, true);
    if (r == 0) consume();
    return r;
  }

 private:
  void consume() {
    if (done_ != UINT32_MAX / 2) --done_;
  }

  SimKernel& k_;
  std::uint32_t done_ = 0;
  sg4::MutexPtr mu_;
  sg4::ConditionVariablePtr cv_;
};

class SimWaitQueue : public kern::WaitQueue {
 public:
  explicit SimWaitQueue(SimKernel& k)
      : k_(k), mu_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create()) {}

  void wake_up_all() override { cv_->notify_all(); }

  // port of wait_event_interruptible_timeout()
  long wait_event_interruptible_timeout(const std::function<bool()>& condition,
                                        kern::jiffies_t timeout) override {
    const SimClock& clock = k_.sim_clock();
    const bool forever = timeout >= kern::MAX_SCHEDULE_TIMEOUT;
    if (timeout == 0) return condition() ? 1 : 0;  // the macro does not sleep at all
    const kern::jiffies_t end = clock.jiffies() + timeout;
    // schedule_timeout(): a timer for `end`, which the wheel may run later than that.
    const kern::jiffies_t fires = forever ? 0 : clock.add_timer(timeout);
    const nanos deadline = forever ? -1 : clock.instant_of(fires);
    const int r = sleep_on(k_, *cv_, *mu_, condition, deadline, true);
    if (!forever && now_ns() >= deadline) clock.timer_ran(fires);
    if (r < 0) return r;
    const bool ok = condition();
    if (forever) return ok ? static_cast<long>(kern::MAX_SCHEDULE_TIMEOUT) : 0;
    const kern::jiffies_t now = clock.jiffies();
    const long left = kern::time_after(end, now) ? static_cast<long>(end - now) : 0;
    if (!ok) return 0;
    return left > 0 ? left : 1;
  }

 private:
  SimKernel& k_;
  sg4::MutexPtr mu_;
  sg4::ConditionVariablePtr cv_;
};

}  // namespace

// ============================================================== the kernel

void SimKernel::SimRandom::get_random_bytes(std::span<std::uint8_t> out) {
  for (auto& b : out) b = static_cast<std::uint8_t>(rng_.next_u64() >> 56);
}

SimKernel::SimKernel(Net& net, NodeId node, TraceWriter& trace, std::uint64_t root_seed,
                     KernelConfig cfg)
    : name_(net.name(node)), node_(node), net_(net), cfg_(cfg), clock_(cfg.hz, cfg.realtime_epoch, cfg.timer_wheel, cfg.coarse_realtime, cfg.uptime_jiffies, cfg.cpu),
      trace_(trace, name_, [this] { return clock_.jiffies(); }),
      random_(root_seed, name_ + ".random"),
      kworker_(name_ + ".kworker"),
      messenger_(name_ + ".msgr") {
  MONSIM_BUG_ON(!kern::is_valid_hz(cfg.hz));
  net.set_process_loop(node, &messenger_);
}

SimKernel::~SimKernel() = default;

std::unique_ptr<kern::Mutex> SimKernel::make_mutex() { return std::make_unique<SimMutex>(); }

std::unique_ptr<kern::DelayedWork> SimKernel::make_delayed_work(std::function<void()> fn) {
  return std::make_unique<SimDelayedWork>(kworker_, clock_, std::move(fn));
}

std::unique_ptr<kern::Completion> SimKernel::make_completion() {
  return std::make_unique<SimCompletion>(*this);
}

std::unique_ptr<kern::WaitQueue> SimKernel::make_wait_queue() {
  return std::make_unique<SimWaitQueue>(*this);
}

std::unique_ptr<kern::Connection> SimKernel::make_connection(kern::ConnectionOwner& owner) {
  auto con = std::make_unique<SimConnection>(net_, node_, messenger_, clock_, trace_, owner,
                                             cfg_.messenger);
  connections_.push_back(con.get());
  return con;
}

void SimKernel::deliver_signal(long aid) {
  signal_pending_[aid] = true;
  auto it = sleepers_.find(aid);
  if (it != sleepers_.end()) it->second->notify_all();
}

void SimKernel::interrupt_all_sleepers() {
  const auto sleepers = sleepers_;
  for (const auto& [aid, cv] : sleepers) deliver_signal(aid);
}

bool SimKernel::signal_pending() const {
  auto it = signal_pending_.find(sg4::this_actor::get_pid());
  return it != signal_pending_.end() && it->second;
}

void SimKernel::flush_signals() { signal_pending_.erase(sg4::this_actor::get_pid()); }

void SimKernel::sleeping_on(sg4::ConditionVariable* cv) { sleepers_[sg4::this_actor::get_pid()] = cv; }

void SimKernel::awake() { sleepers_.erase(sg4::this_actor::get_pid()); }

}  // namespace monsim::sim
