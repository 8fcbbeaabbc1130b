// What the liveness checkers may ask of the simulated world: can a client reach a monitor,
// and would that monitor serve it. The checkers never see SimGrid; sim/world answers.
//
// Who may call: the invariant checkers, from inside a trace event (the world's state is the
// state of the event's instant). Never blocks; never changes anything.
#pragma once

#include "sim/engine/sim_time.h"

namespace monsim::sim {

class WorldView {
 public:
  virtual ~WorldView() = default;
  // Monitors the cluster runs (ranks 0..n-1; a rank only in the monmap is not one).
  virtual int monitors() const = 0;
  // The monitor's process runs, is not stopped, its host is on, and the network carries
  // frames both ways between it and client `client`: it answers keepalives.
  virtual bool answers(int client, int rank) const = 0;
  // answers(), and the monitor is in a formed quorum: a session with it works, though a
  // reply rule may spoil some replies (the kernel has no way to tell, and stays).
  virtual bool usable(int client, int rank) const = 0;
  // usable(), with no reply rule (delay, drop, stall, corrupt, reject_auth) in force: a
  // session with it can be opened and used now.
  virtual bool serves(int client, int rank) const = 0;
  // The longest a round trip between client and monitor may take now: latencies both ways,
  // jitter, and a handshake's bytes through a link every client shares.
  virtual nanos round_trip(int client, int rank) const = 0;
};

}  // namespace monsim::sim
