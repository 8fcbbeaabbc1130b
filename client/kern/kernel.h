// The kernel-services seam: everything the MonClient port may use, for one node.
//
// Like LevelDB's Env: production code (client/) is written against this interface only;
// sim/ implements it on SimGrid, client/testing implements it step by step for unit tests.
// Contexts: the port runs in three — user (callers such as statfs), kworker (delayed work)
// and messenger (connection callbacks) — exactly as the kernel does.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "client/kern/clock.h"
#include "client/kern/connection.h"
#include "client/kern/delayed_work.h"
#include "client/kern/mutex.h"
#include "client/kern/random.h"
#include "client/kern/trace.h"
#include "client/kern/wait.h"

namespace monsim::kern {

class Kernel {
 public:
  virtual ~Kernel() = default;

  virtual Clock& clock() = 0;
  virtual Random& random() = 0;
  virtual TraceSink& trace() = 0;

  // This node's name ("client.0"), for log lines.
  virtual const std::string& node_name() const = 0;

  // mutex_init().
  virtual std::unique_ptr<Mutex> make_mutex() = 0;

  // INIT_DELAYED_WORK(): `fn` will run in this node's kworker context.
  virtual std::unique_ptr<DelayedWork> make_delayed_work(std::function<void()> fn) = 0;

  // init_completion() / init_waitqueue_head().
  virtual std::unique_ptr<Completion> make_completion() = 0;
  virtual std::unique_ptr<WaitQueue> make_wait_queue() = 0;

  // ceph_con_init(): a closed connection whose callbacks go to `owner`, which must outlive it.
  virtual std::unique_ptr<Connection> make_connection(ConnectionOwner& owner) = 0;
};

}  // namespace monsim::kern
