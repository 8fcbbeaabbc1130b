// The userspace-services seam: everything a port of Ceph's userspace client code (the
// MonClient of librados, src/mon/MonClient.cc) may use, for one client process.
//
// Beside client/kern, in its spirit: production code (client/userspace_16_2) is written
// against this interface only; sim/userspace implements it on SimGrid, client/testing steps
// it by hand for unit tests. Threads: the port runs in four, as the real process does —
// user threads (rados_connect(), the workload's calls; they may block), the SafeTimer thread
// (the tick), the messenger's dispatch thread (ms_dispatch, ms_handle_reset) and the
// finisher that runs completions outside the MonClient's lock.
//
// It borrows three plain types from client/kern that are not kernel services: the message
// envelope (kern::Message: msgr1 carries the same header and front), the trace sink and the
// mutex interface (ceph::mutex has the same contract: not recursive, FIFO waiters).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "client/kern/mutex.h"
#include "client/kern/trace.h"
#include "client/userspace/clock.h"
#include "client/userspace/cond.h"
#include "client/userspace/messenger.h"
#include "client/userspace/timer.h"

namespace monsim::userspace {

class Env {
 public:
  virtual ~Env() = default;

  virtual Clock& clock() = 0;
  virtual kern::TraceSink& trace() = 0;
  // This process's name ("client.0"), for log lines.
  virtual const std::string& node_name() const = 0;

  // A seed as Ceph draws one from its random device (an mt19937 seed in _add_conns()): one
  // draw of the node's seeded stream.
  virtual std::uint32_t seed_draw() = 0;

  // ceph::make_mutex() / ceph::condition_variable.
  virtual std::unique_ptr<kern::Mutex> make_mutex() = 0;
  virtual std::unique_ptr<CondVar> make_cond() = 0;
  // SafeTimer(cct, lock): callbacks run with `lock` held. `lock` must outlive the timer.
  virtual std::unique_ptr<SafeTimer> make_timer(kern::Mutex& lock) = 0;

  // Messenger::create_client_messenger(): a new client messenger, with its own nonce (a
  // bootstrap MonClient and the real one each have theirs, as librados does).
  virtual std::unique_ptr<Messenger> make_messenger() = 0;

  // The finisher (asio::post on the MonClient's io_context): run `fn` later, in order, in a
  // thread of its own, with no MonClient lock held. Any context; never blocks.
  virtual void post(std::function<void()> fn) = 0;
};

}  // namespace monsim::userspace
