// AsyncMessenger for one client process on sim/net: its connections (sim/userspace/
// async_connection.h), run in a messenger worker loop, and its DispatchQueue — one dispatch
// loop that offers each event to the dispatchers in order.
#pragma once

#include <memory>
#include <vector>

#include "client/userspace/messenger.h"
#include "sim/userspace/async_connection.h"

namespace monsim::sim {

class SimMessenger : public userspace::Messenger, private DispatchSink {
 public:
  SimMessenger(Net& net, NodeId node, EventLoop& worker, EventLoop& dispatch, const SimClock& clock,
               kern::TraceSink& trace, AsyncMessengerConfig cfg);
  ~SimMessenger() override;

  void add_dispatcher_head(userspace::Dispatcher* d) override { dispatchers_.insert(dispatchers_.begin(), d); }
  void add_dispatcher_tail(userspace::Dispatcher* d) override { dispatchers_.push_back(d); }
  userspace::ConnectionRef connect_to_mon(const kern::EntityAddr& addr) override;
  void shutdown() override;

 private:
  void queue_dispatch(const userspace::ConnectionRef& con, kern::MsgRef m) override;
  void queue_connect(const userspace::ConnectionRef& con) override;
  void queue_reset(const userspace::ConnectionRef& con) override;
  void unregister(const AsyncConnection* con) override;

  Net& net_;
  NodeId node_;
  EventLoop& worker_;
  EventLoop& dispatch_;
  const SimClock& clock_;
  kern::TraceSink& trace_;
  AsyncMessengerConfig cfg_;
  std::vector<userspace::Dispatcher*> dispatchers_;
  std::vector<std::shared_ptr<AsyncConnection>> conns_;  // in the order they were made
  std::vector<EventLoop::Id> queued_;
  bool stopped_ = false;
};

}  // namespace monsim::sim
