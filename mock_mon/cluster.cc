#include "mock_mon/cluster.h"

#include <climits>

#include "client/kern/connection.h"

namespace monsim::mock_mon {

namespace {
constexpr std::uint64_t kFirstGlobalId = 14100;  // Pacific handed out 14103, 14106 from rank 0
}

Cluster::Cluster(ClusterConfig cfg)
    : cfg_(std::move(cfg)), quorum_(static_cast<int>(cfg_.names.size()), cfg_.quorum),
      osdmap_epoch_(cfg_.osdmap_first_epoch),
      next_osdmap_at_(cfg_.osdmap_every > 0 ? cfg_.osdmap_every : LLONG_MAX) {
  monmap_.fsid = cfg_.fsid;
  monmap_.epoch = 1;
  for (std::size_t i = 0; i < cfg_.names.size(); ++i)
    monmap_.mons.push_back({{kern::ENTITY_TYPE_MON, i}, cfg_.addrs.at(i)});
  for (std::size_t r = 0; r < cfg_.names.size(); ++r) next_gid_.push_back(kFirstGlobalId + r);
}

void Cluster::add_monitor(const std::string& name, const kern::EntityAddr& addr) {
  cfg_.names.push_back(name);
  cfg_.addrs.push_back(addr);
  monmap_.mons.push_back({{kern::ENTITY_TYPE_MON, monmap_.mons.size()}, addr});
  monmap_.epoch++;
  next_gid_.push_back(kFirstGlobalId + next_gid_.size());
}

wire::Bytes Cluster::monmap_front(std::uint64_t features) const {
  if ((features & kern::FEATURE_SERVER_NAUTILUS) && (features & kern::FEATURE_MSG_ADDR2))
    return monmap_.encode_versioned(9);
  if (features & kern::FEATURE_MONENC) return monmap_.encode_versioned(5);
  // The legacy map also carries two timestamps the kernel never reads: 16 bytes.
  const std::size_t base = monmap_.encode().size();
  const std::size_t want = cfg_.monmap_bytes ? cfg_.monmap_bytes : base + 16;
  return monmap_.encode(want > base ? want - base : 0);
}

bool Cluster::advance_maps(nanos now) {
  bool changed = false;
  while (next_osdmap_at_ <= now) {
    if (quorum_.leader() >= 0 && !quorum_.electing()) {  // Paxos commits need a quorum
      ++osdmap_epoch_;
      changed = true;
    }
    next_osdmap_at_ += cfg_.osdmap_every;
  }
  return changed;
}

nanos Cluster::next_map_deadline() const { return next_osdmap_at_; }

void Cluster::bump_osdmap() {
  if (quorum_.leader() >= 0 && !quorum_.electing()) ++osdmap_epoch_;
}

std::uint64_t Cluster::allocate_global_id(int rank) {
  const std::uint64_t id = next_gid_.at(rank);
  next_gid_[rank] += next_gid_.size();
  return id;
}

}  // namespace monsim::mock_mon
