// A host-to-host transfer with no actor of its own: a SimGrid communication started in
// maestro, whose completion is reported to a callback (in maestro too).
//
// Why: an actor per transfer costs a stack mapping, a guard page and a context switch for
// every burst of frames — most of a storm's time (issue 15). A maestro-owned communication
// shares the links exactly as any other (the same flow model, the same instants); SimGrid
// reports the completion of maestro's activities through Activity::on_completion, which this
// file listens to once per process.
//
// What it still costs: libsimgrid 3.32's CommImpl::finish removes every completed
// communication from one list with std::list::remove, a walk over every communication in
// flight, however it was issued (maestro, an actor, detached) — so a burst of B transfers
// costs O(B^2). That is why the network sends one-segment frames as packets of its own and
// only larger frames as transfers (sim/net/net.h).
//
// Who may call: any actor, or maestro itself (from a completion callback). Never blocks.
// `done` runs in maestro: it may post to event loops (EventLoop::at) and start transfers,
// never block.
#pragma once

#include <cstdint>
#include <functional>

#include <simgrid/s4u/Host.hpp>

namespace monsim::sim {

void start_transfer(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes,
                    std::function<void()> done);

// Transfers under way (for tests).
std::size_t transfers_in_flight();

}  // namespace monsim::sim
