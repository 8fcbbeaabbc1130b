// client/userspace implemented on SimGrid: the process one userspace client runs as, beside
// the SimKernel of its host (whose clock, trace, random stream and mutexes it uses).
//
// Threads become event loops, as the kernel's contexts do: the SafeTimer thread, the
// messenger's worker and its dispatch thread, the finisher. User threads are actors.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "client/userspace/env.h"
#include "sim/kernel/sim_kernel.h"
#include "sim/userspace/async_connection.h"
#include "sim/userspace/sim_messenger.h"

namespace monsim::sim {

struct UserEnvConfig {
  AsyncMessengerConfig messenger;
  // How long after its instant a SafeTimer event runs: the timer thread's wake-up (timer
  // slack, a futex wake, the lock). Every tick re-arms from the time it ran, so the ticks of
  // a real 16.2 client drift by this much each: 30 ticks of 1 s drifted 3.692 ms in
  // reference/ceph-pacific-evidence/client_freeze_hunt.txt ("no keepalive since … (30.003692
  // seconds)"), 123 µs a tick.
  nanos timer_latency = 123 * NS_PER_US;
  nanos uptime = 0;  // CLOCK_MONOTONIC at simulated time 0
};

class SimUserEnv : public userspace::Env {
 public:
  SimUserEnv(Net& net, SimKernel& host, UserEnvConfig cfg);
  ~SimUserEnv() override;

  userspace::Clock& clock() override { return clock_; }
  kern::TraceSink& trace() override { return host_.trace(); }
  const std::string& node_name() const override { return host_.node_name(); }
  std::uint32_t seed_draw() override { return host_.random().prandom_u32(); }
  std::unique_ptr<kern::Mutex> make_mutex() override { return host_.make_mutex(); }
  std::unique_ptr<userspace::CondVar> make_cond() override;
  std::unique_ptr<userspace::SafeTimer> make_timer(kern::Mutex& lock) override;
  std::unique_ptr<userspace::Messenger> make_messenger() override;
  void post(std::function<void()> fn) override { finisher_.post(std::move(fn)); }

 private:
  class Clock : public userspace::Clock {
   public:
    Clock(const SimClock& c, nanos uptime) : c_(c), uptime_(uptime) {}
    userspace::Utime now() const override;
    std::int64_t mono_ns() const override { return now_ns() + uptime_; }
    std::int64_t coarse_mono_ns() const override;

   private:
    const SimClock& c_;
    nanos uptime_;
  };

  Net& net_;
  SimKernel& host_;
  UserEnvConfig cfg_;
  Clock clock_;
  EventLoop timer_loop_;
  EventLoop worker_;
  EventLoop dispatch_;
  EventLoop finisher_;
};

}  // namespace monsim::sim
