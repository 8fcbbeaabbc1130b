// client/kern implemented on SimGrid: the kernel one client node runs on.
//
// Each node gets two event loops besides its callers (actors), like the kernel's contexts: a
// kworker (delayed work) and a messenger (connection work and callbacks). Time is the simulated
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
#include "sim/engine/sim_clock.h"
#include "sim/engine/event_loop.h"
#include "sim/net/messenger.h"
#include "sim/net/net.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/trace.h"

namespace monsim::sim {

struct KernelConfig {
  unsigned hz = 250;
  nanos realtime_epoch = kRealtimeEpoch;
  bool timer_wheel = true;       // 4.8+; false for the cascading wheel of older kernels
  bool coarse_realtime = false;  // CURRENT_TIME (4.10 and older); false: ktime_get_real_ts64()
  kern::jiffies_t uptime_jiffies = 0;  // jiffies at simulated time 0 less INITIAL_JIFFIES
  int cpu = 0;                         // the CPU the client's work runs on (clients.cpu)
  MessengerConfig messenger;
};

class SimKernel : public kern::Kernel {
 public:
  SimKernel(Net& net, NodeId node, TraceWriter& trace, std::uint64_t root_seed, KernelConfig cfg);
  ~SimKernel() override;

  kern::Clock& clock() override { return clock_; }
  kern::Random& random() override { return random_; }
  kern::TraceSink& trace() override { return trace_; }
  // How this node's trace names the monitors it speaks of (NodeTrace::name_monitors_with).
  void name_monitors_with(std::function<std::string(std::int64_t)> name) { trace_.name_monitors_with(std::move(name)); }
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
