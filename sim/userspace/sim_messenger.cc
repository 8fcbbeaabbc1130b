#include "sim/userspace/sim_messenger.h"

#include <algorithm>

namespace monsim::sim {

SimMessenger::SimMessenger(Net& net, NodeId node, EventLoop& worker, EventLoop& dispatch, const SimClock& clock,
                           kern::TraceSink& trace, AsyncMessengerConfig cfg)
    : net_(net), node_(node), worker_(worker), dispatch_(dispatch), clock_(clock), trace_(trace), cfg_(cfg) {}

SimMessenger::~SimMessenger() { shutdown(); }

userspace::ConnectionRef SimMessenger::connect_to_mon(const kern::EntityAddr& addr) {
  auto con = std::make_shared<AsyncConnection>(net_, node_, worker_, clock_, trace_, static_cast<DispatchSink&>(*this), cfg_, addr);
  if (stopped_) return con;  // never connects
  conns_.push_back(con);
  con->connect();
  return con;
}

void SimMessenger::shutdown() {
  stopped_ = true;
  for (EventLoop::Id id : queued_) dispatch_.cancel(id);
  queued_.clear();
  while (!conns_.empty()) {
    auto con = conns_.front();  // mark_down() unregisters it
    con->mark_down();
    if (!conns_.empty() && conns_.front() == con) conns_.erase(conns_.begin());
  }
}

// DispatchQueue: a message from a connection marked down before it is dispatched is
// discarded (discard_queue()); a reset is delivered after the connection stopped.
void SimMessenger::queue_dispatch(const userspace::ConnectionRef& con, kern::MsgRef m) {
  queued_.push_back(dispatch_.post([this, con, m = std::move(m)]() mutable {
    queued_.erase(queued_.begin());
    if (!con->is_connected()) return;
    for (auto* d : dispatchers_)
      if (d->ms_dispatch(con, m)) return;
  }));
}

void SimMessenger::queue_connect(const userspace::ConnectionRef& con) {
  queued_.push_back(dispatch_.post([this, con] {
    queued_.erase(queued_.begin());
    for (auto* d : dispatchers_) d->ms_handle_connect(con);
  }));
}

void SimMessenger::queue_reset(const userspace::ConnectionRef& con) {
  queued_.push_back(dispatch_.post([this, con] {
    queued_.erase(queued_.begin());
    for (auto* d : dispatchers_)
      if (d->ms_handle_reset(con)) return;
  }));
}

void SimMessenger::unregister(const AsyncConnection* con) {
  // Called from inside the connection: keep it alive until the current closure returns.
  auto it = std::find_if(conns_.begin(), conns_.end(), [con](const auto& c) { return c.get() == con; });
  if (it == conns_.end()) return;
  auto keep = std::move(*it);
  conns_.erase(it);
  worker_.post([keep] {});
}

}  // namespace monsim::sim
