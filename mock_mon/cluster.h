// The cluster-wide state every mock monitor shares: the monmap, the maps' epochs, the
// global_id allocator and the quorum. Pure data and rules; time comes from the caller.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/wire/monmap.h"
#include "mock_mon/quorum.h"

namespace monsim::mock_mon {

struct ClusterConfig {
  std::vector<std::string> names = {"a", "b", "c"};
  std::vector<kern::EntityAddr> addrs;       // one per monitor
  wire::Fsid fsid;
  enum class Auth { none, cephx } auth = Auth::cephx;
  std::uint32_t ticket_ttl_s = 3600;         // cephx ticket validity
  std::uint32_t subscribe_ack_s = 300;       // MMonSubscribeAck duration; 0: never ack
  std::uint32_t osdmap_first_epoch = 1;
  nanos osdmap_every = 30 * SEC;             // a new osdmap epoch this often (0: never)
  std::uint32_t osdmap_full_bytes = 16 * 1024;
  std::uint32_t osdmap_inc_bytes = 500;      // measured 288-666 B
  std::uint32_t monmap_bytes = 0;            // 0: the legacy encoding's own size + 16 B
  nanos session_timeout = 300 * SEC;         // mon_session_timeout
  nanos tick = 5 * SEC;                      // mon_tick_interval
  std::uint32_t max_maps_per_message = 40;   // osd_map_message_max
  std::uint32_t max_bytes_per_message = 10 * 1024 * 1024;  // osd_map_message_max_bytes
  QuorumConfig quorum;
};

class Cluster {
 public:
  explicit Cluster(ClusterConfig cfg);

  const ClusterConfig& config() const { return cfg_; }
  int size() const { return static_cast<int>(monmap_.mons.size()); }
  QuorumModel& quorum() { return quorum_; }
  const QuorumModel& quorum() const { return quorum_; }

  const wire::MonMap& monmap() const { return monmap_; }
  // A new monmap epoch with one more monitor (its rank is the next one).
  void add_monitor(const std::string& name, const kern::EntityAddr& addr);
  // The MMonMap front, padded to a realistic size.
  // The monmap as a monitor encodes it for a connection with these features: versioned
  // (v9, address vectors) for SERVER_NAUTILUS + MSG_ADDR2, v5 for MONENC, else legacy.
  wire::Bytes monmap_front(std::uint64_t features = 0) const;

  std::uint32_t osdmap_epoch() const { return osdmap_epoch_; }
  std::uint32_t oldest_osdmap() const { return cfg_.osdmap_first_epoch; }
  // Commit the osdmap epochs due by `now` (only while a quorum exists). True if any was.
  bool advance_maps(nanos now);
  nanos next_map_deadline() const;
  // An osdmap change from a command (blacklist add): one more epoch, if in quorum.
  void bump_osdmap();

  // Rank-striped global ids: rank r hands out ids congruent to r modulo the monitor count.
  std::uint64_t allocate_global_id(int rank);

 private:
  ClusterConfig cfg_;
  wire::MonMap monmap_;
  QuorumModel quorum_;
  std::uint32_t osdmap_epoch_;
  nanos next_osdmap_at_;
  std::vector<std::uint64_t> next_gid_;
};

}  // namespace monsim::mock_mon
