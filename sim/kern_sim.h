// client/kern implemented on SimGrid: the kernel one client node runs on.
//
// Each node gets two actors besides its callers, like the kernel's contexts: a kworker
// (delayed work) and a messenger (connection work and callbacks). Time is the simulated
// clock seen through jiffies (starting at INITIAL_JIFFIES at simulated time 0) and a wall
// clock (scenario epoch + simulated time + any steps).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include "client/kern/kernel.h"
#include "client/kern/timer_wheel.h"
#include "sim/event_loop.h"
#include "sim/messenger.h"
#include "sim/net.h"
#include "sim/random_stream.h"
#include "sim/trace.h"

namespace monsim::sim {

class SimClock : public kern::Clock {
 public:
  // `timer_wheel`: timers go through the 4.8+ wheel (kern::timer_wheel_expiry); otherwise
  // they fire at their expiry jiffy, as on the cascading wheel of older kernels.
  // `coarse_realtime`: realtime() reads CURRENT_TIME (current_kernel_time(): the wall clock
  // as of the last jiffy), as 4.10 and older kernels do; otherwise ktime_get_real_ts64().
  SimClock(unsigned hz, nanos realtime_epoch, bool timer_wheel = true, bool coarse_realtime = false)
      : hz_(hz), epoch_(realtime_epoch), timer_wheel_(timer_wheel), coarse_realtime_(coarse_realtime) {}

  kern::jiffies_t jiffies() const override { return jiffies_at(now_ns()); }
  unsigned hz() const override { return hz_; }
  kern::Timespec realtime() const override;

  // The jiffies counter at simulated instant t, and the first instant it reads j.
  kern::jiffies_t jiffies_at(nanos t) const;
  nanos instant_of(kern::jiffies_t j) const;
  // add_timer() now for `delta` jiffies: the jiffy it fires at (the wheel's bucket, or the
  // expiry jiffy itself on the old wheel). The caller runs the timer at instant_of() of it
  // and reports that with timer_ran(). Any actor; the node's timer base clock moves.
  kern::jiffies_t add_timer(kern::jiffies_t delta) const;
  void timer_ran(kern::jiffies_t j) const { base_clock_.ran(j); }
  bool timer_wheel() const { return timer_wheel_; }

  // clock_settime(): CLOCK_REALTIME jumps by `by` (may be negative); jiffies do not.
  void step_realtime(nanos by) { step_ += by; }

 private:
  unsigned hz_;
  nanos epoch_;
  bool timer_wheel_;
  bool coarse_realtime_;
  nanos step_ = 0;
  // One CPU's timer base (monsim's client kernels run their timers on cpu 0).
  mutable kern::TimerBaseClock base_clock_;
};

struct KernelConfig {
  unsigned hz = 250;
  nanos realtime_epoch = kRealtimeEpoch;
  bool timer_wheel = true;       // 4.8+; false for the cascading wheel of older kernels
  bool coarse_realtime = false;  // CURRENT_TIME (4.10 and older); false: ktime_get_real_ts64()
  MessengerConfig messenger;
};

class SimKernel : public kern::Kernel {
 public:
  SimKernel(Net& net, NodeId node, TraceWriter& trace, std::uint64_t root_seed, KernelConfig cfg);
  ~SimKernel() override;

  kern::Clock& clock() override { return clock_; }
  kern::Random& random() override { return random_; }
  kern::TraceSink& trace() override { return trace_; }
  const std::string& node_name() const override { return name_; }

  std::unique_ptr<kern::Mutex> make_mutex() override;
  std::unique_ptr<kern::DelayedWork> make_delayed_work(std::function<void()> fn) override;
  std::unique_ptr<kern::Completion> make_completion() override;
  std::unique_ptr<kern::WaitQueue> make_wait_queue() override;
  std::unique_ptr<kern::Connection> make_connection(kern::ConnectionOwner& owner) override;

  SimClock& sim_clock() { return clock_; }
  // The connections this kernel made (the MonClient makes one), for fault injection.
  const std::vector<SimConnection*>& connections() const { return connections_; }
  EventLoop& kworker() { return kworker_; }
  EventLoop& messenger() { return messenger_; }
  NodeId node() const { return node_; }

  // Signals. deliver_signal(aid) makes that actor's interruptible sleeps return
  // -ERR_ERESTARTSYS (now if it is asleep, or as soon as it tries); the caller clears it with
  // flush_signals() once the interrupted call has returned, as the signal handler would.
  void deliver_signal(long aid);
  void interrupt_all_sleepers();
  bool signal_pending() const;
  void flush_signals();

  // Used by the sleep primitives: who sleeps on what.
  void sleeping_on(simgrid::s4u::ConditionVariable* cv);
  void awake();

 private:
  std::string name_;
  NodeId node_;
  Net& net_;
  KernelConfig cfg_;
  SimClock clock_;
  NodeTrace trace_;
  class SimRandom : public kern::Random {
   public:
    SimRandom(std::uint64_t seed, const std::string& name) : rng_(seed, name) {}
    std::uint32_t prandom_u32() override { return rng_.next_u32(); }
    void get_random_bytes(std::span<std::uint8_t> out) override;

   private:
    RandomStream rng_;
  } random_;
  EventLoop kworker_;
  EventLoop messenger_;
  std::map<long, bool> signal_pending_;
  std::map<long, simgrid::s4u::ConditionVariable*> sleepers_;
  std::vector<SimConnection*> connections_;
};

}  // namespace monsim::sim
