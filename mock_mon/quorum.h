// The monitors' quorum, leases and elections as one pure state machine over time.
//
// Calibrated to reference/ceph-mon.md §2.4 and the Pacific measurements (E5):
//  - The leader extends every reachable peon's lease (5 s) every 3 s; a peon serves reads
//    only while its lease is valid.
//  - A peon that has heard no lease for 10 s, and a leader that has had no lease ack from a
//    peon for 10 s, call an election.
//  - A round lasts 5 s unless every monitor of the monmap acks at once; at its end the lowest
//    rank of a strict majority wins. Without a majority nothing happens until a monitor
//    returns (a lone monitor stays probing).
//  - After the leader was killed the survivors are still probing when the first proposal
//    arrives, which wastes one round (measured: +19.96 s with 2 rounds; a paused leader:
//    +14.8 s with 1 round). This is `extra_rounds_after_leader_kill`.
//  - A monitor that returns calls an election at once; with everyone acking it completes in
//    a round trip (resume: ~4 ms measured) after its restart and probe (revive: ~250 ms), so
//    the lowest rank takes leadership back within milliseconds.
// Time is given by the caller (nanoseconds); nothing here knows about SimGrid.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace monsim::mock_mon {

using nanos = std::int64_t;
inline constexpr nanos MS = 1'000'000;
inline constexpr nanos SEC = 1'000'000'000;

struct QuorumConfig {
  nanos lease = 5 * SEC;            // mon_lease
  nanos lease_renew = 3 * SEC;      // mon_lease × mon_lease_renew_interval_factor (0.6)
  nanos lease_timeout = 10 * SEC;   // mon_lease × mon_lease_ack_timeout_factor (2.0)
  nanos election_round = 5 * SEC;   // mon_election_timeout
  nanos all_ack = 4 * MS;           // an election every member acks at once
  nanos revive_probe = 250 * MS;    // a restarted monitor: start, probe, sync
  int extra_rounds_after_leader_kill = 1;
};

class QuorumModel {
 public:
  enum class Avail { up, down, paused };
  enum class Cause { kill, poweroff, pause, partition };

  QuorumModel(int num_mons, QuorumConfig cfg);

  // The cluster starts with every monitor up and a formed quorum led by rank 0.
  void start(nanos now);

  // --- what happens to monitors (call advance(now) first) ---
  void down(int rank, nanos now, Cause cause);  // killed or powered off
  void pause(int rank, nanos now);
  void up(int rank, nanos now);                 // revived / powered on: rejoins after a probe
  void resume(int rank, nanos now);             // from pause: rejoins at once
  void set_reachable(int a, int b, bool reachable, nanos now);  // monitor-to-monitor links

  // Process every timer due at or before `now`, in order.
  void advance(nanos now);
  // The next instant something may change (INT64_MAX if none).
  nanos next_deadline() const;

  // --- what clients see ---
  int leader() const { return leader_; }
  bool in_quorum(int rank) const;
  std::vector<int> quorum() const;
  bool electing() const { return electing_; }
  // Serves Paxos reads (auth, statfs, get_version, maps): in quorum and, for a peon, with a
  // valid lease.
  bool readable(int rank, nanos now) const;
  // Since when `rank` has been out of quorum (-1 while in quorum).
  nanos out_of_quorum_since(int rank) const { return out_since_[rank]; }
  Avail avail(int rank) const { return avail_[rank]; }
  std::uint64_t epoch() const { return epoch_; }

  // Quorum changes since the last call, for the trace: (instant, description).
  struct Change {
    nanos t;
    std::string what;  // "election_start", "quorum", "quorum_lost"
    int leader;
    std::vector<int> members;
  };
  std::vector<Change> take_changes();

 private:
  enum class Kind { renew, peon_timeout, leader_timeout, election_end, rejoin };
  void schedule(nanos at, Kind kind, int rank);
  void fire(nanos now, Kind kind, int rank);
  void renew_leases(nanos now);
  void call_election(int caller, nanos now, int rounds);
  void join_election(int rank, nanos now);
  void finish_election(nanos now);
  void form_quorum(const std::vector<int>& members, nanos now);
  void dissolve(nanos now);
  bool available(int r) const { return avail_[r] == Avail::up; }
  bool reach(int a, int b) const { return a == b || reachable_[a][b]; }
  std::vector<int> component(int from) const;  // available monitors reachable from `from`

  int n_;
  QuorumConfig cfg_;
  std::vector<Avail> avail_;
  std::vector<std::vector<bool>> reachable_;
  int leader_ = -1;
  std::vector<bool> member_;
  std::vector<nanos> last_lease_;  // per peon: when its lease was last extended
  std::vector<nanos> last_ack_;    // per peon: the leader's last ack from it
  std::vector<nanos> out_since_;
  bool electing_ = false;
  int election_caller_ = -1;
  nanos quorum_formed_ = 0;
  nanos next_renew_ = -1;
  nanos election_end_at_ = -1;
  std::uint64_t epoch_ = 0;
  bool leader_was_killed_ = false;
  std::map<std::pair<nanos, std::uint64_t>, std::pair<Kind, int>> timers_;
  std::uint64_t seq_ = 0;
  std::vector<Change> changes_;
};

}  // namespace monsim::mock_mon
