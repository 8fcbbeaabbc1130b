// An actor that runs closures at simulated instants: the execution context of one kernel
// context (a client's kworker or messenger, a monitor process, the network's TCP timers).
//
// Closures run one at a time, in (instant, posting order). A closure may block (take a
// mutex, for instance); later closures then wait, exactly as a kernel worker thread would.
// pause() freezes the loop (SIGSTOP): nothing runs until resume(), which then runs everything
// that fell due meanwhile, in order.
#pragma once

#include <cstdint>
#include <functional>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include "sim/engine/sim_time.h"

namespace monsim::sim {

class EventLoop {
 public:
  using Fn = std::function<void()>;
  using Id = std::uint64_t;

  // Starts the loop's actor (a daemon: it never keeps the simulation alive) on `host`.
  EventLoop(std::string name, simgrid::s4u::Host* host);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Run `fn` at instant `when` (or at once if that is past). Any actor; never blocks.
  Id at(nanos when, Fn fn);
  Id after(nanos delay, Fn fn) { return at(now_ns() + delay, std::move(fn)); }
  Id post(Fn fn) { return at(now_ns(), std::move(fn)); }

  // Forget a closure that has not started. Returns false if it already ran or is unknown.
  bool cancel(Id id);
  bool scheduled(Id id) const { return id >= first_id_ && id < next_id_ && pending_[id - first_id_]; }

  void pause();
  void resume();
  bool paused() const { return paused_; }

  // True while a closure posted to this loop is running (and possibly blocked).
  bool busy() const { return busy_; }

  const std::string& name() const { return name_; }

  // Closures run by every loop of this process so far (summary.json's run.events).
  static std::uint64_t closures_run() { return closures_run_; }

 private:
  void run();
  void wake();

  static inline std::uint64_t closures_run_ = 0;

  // The closures by (instant, posting order): a binary heap; a cancelled one stays in it,
  // marked, until it reaches the top.
  struct Entry {
    nanos when;
    Id id;
    Fn fn;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.when != b.when ? a.when > b.when : a.id > b.id; }
  };
  void drop_cancelled_top();
  void forget(Id id);  // no longer pending (ran or cancelled)

  std::string name_;
  std::vector<Entry> heap_;
  // pending_[id - first_id_]: not yet run nor cancelled. Ids only grow: the front is trimmed
  // as the oldest ones resolve.
  std::deque<char> pending_;
  Id first_id_ = 1;
  Id next_id_ = 1;
  std::size_t cancelled_ = 0;  // cancelled closures still in the heap
  bool paused_ = false;
  bool busy_ = false;
  bool waiting_ = false;
  simgrid::s4u::MutexPtr mu_;
  simgrid::s4u::ConditionVariablePtr cv_;
  simgrid::s4u::ActorPtr actor_;
};

}  // namespace monsim::sim
