// An execution context that runs closures at simulated instants: one kernel context (a
// client's kworker or messenger, a monitor process, the network's TCP timers).
//
// Every loop of the process shares one agenda, run by SimGrid's maestro from a kernel timer
// armed at the agenda's earliest instant: no actor, no stack, no context switch per closure
// (issue 15: an actor per loop cost three context switches and a timeout activity for each
// closure, and two memory mappings per loop, which capped a run at about 10 900 clients).
//
// Order: closures run one at a time, to completion, in (instant, posting order) over all the
// loops of the process — a closure posted earlier runs first among those due at the same
// instant, whichever loop it was posted to.
//
// Contract: a closure must not block. It runs in maestro, where nothing can wait; the
// kernel primitives a closure uses (sim/kernel: mutexes, delayed work, completions) never
// need to, since no actor can hold a mutex while it waits (a caller that would is a bug,
// reported as one). Callers that wait (a mount, a statfs) are actors of their own.
//
// pause() freezes a loop (SIGSTOP): its closures that fall due are held, in order, and
// resume() runs them first, ahead of anything else due then, in their own order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/closure.h"
#include "sim/engine/sim_time.h"

namespace monsim::sim {

class EventLoop {
 public:
  using Fn = Closure;
  using Id = std::uint64_t;  // unique over the process's loops; 0 is never one

  explicit EventLoop(std::string name);
  ~EventLoop();  // forgets its closures that have not run
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Run `fn` at instant `when` (or at once if that is past). Any actor, and maestro (a
  // closure, a transfer's completion); never blocks.
  Id at(nanos when, Fn fn);
  Id after(nanos delay, Fn fn) { return at(now_ns() + delay, std::move(fn)); }
  Id post(Fn fn) { return at(now_ns(), std::move(fn)); }

  // Forget a closure that has not started. Returns false if it already ran or is unknown.
  bool cancel(Id id);
  bool scheduled(Id id) const;

  void pause();
  void resume();
  bool paused() const { return paused_; }

  const std::string& name() const { return name_; }

  // A run covers [0, end): closures due at `end` or later are left unrun. Engine::run_until()
  // sets it.
  static void run_before(nanos end);

  // Closures run by every loop of this process so far (summary.json's run.events).
  static std::uint64_t closures_run();

 private:
  friend class Agenda;
  struct Held {
    nanos when;
    Id id;
    Fn fn;
  };

  std::string name_;
  bool paused_ = false;
  std::vector<Held> held_;  // fell due while paused, in (instant, id) order
};

}  // namespace monsim::sim
