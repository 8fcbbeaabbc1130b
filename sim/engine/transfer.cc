#include "sim/engine/transfer.h"

#include <map>

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/simix.hpp>

namespace monsim::sim {

namespace sg4 = simgrid::s4u;

namespace {

struct Live {
  sg4::CommPtr comm;  // keeps the activity alive until it completes
  std::function<void()> done;
};

// By activity: an ordered map, but only ever looked up, never iterated into output.
std::map<const sg4::Activity*, Live>& live() {
  static std::map<const sg4::Activity*, Live> m;
  return m;
}

void on_completion(const sg4::Activity& a) {
  auto it = live().find(&a);
  if (it == live().end()) return;  // another activity of maestro's
  Live l = std::move(it->second);
  live().erase(it);
  l.done();
}

// In maestro: start the communication and remember it.
void start_in_maestro(sg4::Host* from, sg4::Host* to, std::uint64_t bytes, std::function<void()> done) {
  static const bool listening = [] {
    sg4::Activity::on_completion_cb(on_completion);
    return true;
  }();
  (void)listening;
  sg4::CommPtr c = sg4::Comm::sendto_init(from, to);
  c->set_payload_size(bytes);
  const sg4::Activity* key = c.get();
  live().emplace(key, Live{c, std::move(done)});
  c->vetoable_start();
}

}  // namespace

void start_transfer(sg4::Host* from, sg4::Host* to, std::uint64_t bytes, std::function<void()> done) {
  // From an actor, the simcall runs the code in maestro (so that maestro owns the activity);
  // from maestro it runs at once.
  simgrid::kernel::actor::simcall_answered(
      [from, to, bytes, done = std::move(done)]() mutable { start_in_maestro(from, to, bytes, std::move(done)); });
}

std::size_t transfers_in_flight() { return live().size(); }

}  // namespace monsim::sim
