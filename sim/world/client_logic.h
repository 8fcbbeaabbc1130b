// The MonClient a simulated client runs, whichever kernel it comes from: what the world's
// mount, workload and chaos need of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "client/kern/kernel.h"
#include "client/libceph/tunables.h"
#include "sim/net/messenger.h"

namespace monsim::sim {

class ClientLogic {
 public:
  virtual ~ClientLogic() = default;
  // The mount: open the session, wait for the maps (user context; blocks).
  virtual int mount(kern::jiffies_t started, kern::jiffies_t timeout) = 0;
  virtual int statfs() = 0;
  // Not in linux-2.6.34 (-EOPNOTSUPP; scenarios are refused before they get here).
  virtual int get_version(const std::string& what) = 0;
  virtual int blacklist_add(const kern::EntityAddr& addr) = 0;
  virtual int wait_osdmap(bool next, std::uint32_t epoch, kern::jiffies_t timeout) = 0;
  // ceph_monc_stop(), as ceph_destroy_client() calls it (user context; blocks until the tick
  // is cancelled).
  virtual void stop() = 0;
  // The monitor the client is connected or connecting to (-1: none).
  virtual int cur_mon() const = 0;
  // Requests the client still holds (would be resent on a new session).
  virtual std::size_t pending_requests() const = 0;
};

// "linux-6.1", "linux-4.10" or "linux-2.6.34" on `kernel` (the tunables are the same
// constants in every generation that has them).
std::unique_ptr<ClientLogic> make_client_logic(const std::string& logic, kern::Kernel& kernel,
                                               const std::vector<kern::EntityAddr>& mons,
                                               const libceph::Tunables& tunables);

// The kernel tree a logic runs the code of: "6.1.192 (sha256 0123456789abcdef)" for
// linux-source (the tree's Makefile version, a hash of the files compiled); "" for a port, or
// when this monsim was built without a tree.
std::string client_logic_source(const std::string& logic);

// The messenger features each kernel advertises (2.6.34 predates KEEPALIVE2).
std::uint64_t client_features(const std::string& logic);

// The messenger's reconnect backoff each kernel has (5.11 lowered it).
ReconnectBackoff client_reconnect_backoff(const std::string& logic);

// Whether the kernel's timers go through the 4.8+ timer wheel (2.6.34 has the cascading
// wheel, which fires a timer at its expiry jiffy).
bool client_timer_wheel(const std::string& logic);

// Whether the kernel's TCP sends tail loss probes (since 3.10; 2.6.34 retransmits on the RTO only).
bool client_tail_loss_probe(const std::string& logic);

// Whether the kernel reads CLOCK_REALTIME coarsely (CURRENT_TIME: 4.10's keepalive stamps and
// expiry check, the seconds cephx tickets count) — every logic monsim has so far.
bool client_coarse_realtime(const std::string& logic);

}  // namespace monsim::sim
