#include "mock_mon/quorum.h"

#include <algorithm>
#include <climits>

namespace monsim::mock_mon {

QuorumModel::QuorumModel(int num_mons, QuorumConfig cfg)
    : n_(num_mons), cfg_(cfg), avail_(num_mons, Avail::up),
      reachable_(num_mons, std::vector<bool>(num_mons, true)), member_(num_mons, false),
      last_lease_(num_mons, 0), last_ack_(num_mons, 0), out_since_(num_mons, 0) {}

void QuorumModel::start(nanos now) {
  std::vector<int> all;
  for (int r = 0; r < n_; ++r) all.push_back(r);
  form_quorum(all, now);
}

void QuorumModel::schedule(nanos at, Kind kind, int rank) {
  timers_.emplace(std::make_pair(at, seq_++), std::make_pair(kind, rank));
}

nanos QuorumModel::next_deadline() const {
  return timers_.empty() ? LLONG_MAX : timers_.begin()->first.first;
}

void QuorumModel::advance(nanos now) {
  while (!timers_.empty() && timers_.begin()->first.first <= now) {
    auto it = timers_.begin();
    const nanos at = it->first.first;
    const auto [kind, rank] = it->second;
    timers_.erase(it);
    fire(at, kind, rank);
  }
}

std::vector<int> QuorumModel::component(int from) const {
  std::vector<int> out;
  if (from < 0 || !available(from)) return out;
  std::vector<bool> seen(n_, false);
  std::vector<int> stack = {from};
  seen[from] = true;
  while (!stack.empty()) {
    const int a = stack.back();
    stack.pop_back();
    out.push_back(a);
    for (int b = 0; b < n_; ++b)
      if (!seen[b] && available(b) && reach(a, b)) {
        seen[b] = true;
        stack.push_back(b);
      }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool QuorumModel::in_quorum(int rank) const { return member_[rank] && available(rank) && !electing_; }

std::vector<int> QuorumModel::quorum() const {
  std::vector<int> q;
  for (int r = 0; r < n_; ++r)
    if (in_quorum(r)) q.push_back(r);
  return q;
}

bool QuorumModel::readable(int rank, nanos now) const {
  if (!in_quorum(rank) || leader_ < 0) return false;
  return rank == leader_ || now < last_lease_[rank] + cfg_.lease;
}

std::vector<QuorumModel::Change> QuorumModel::take_changes() {
  std::vector<Change> out;
  out.swap(changes_);
  return out;
}

// The leader extends the lease of every peon it can reach; each answers with an ack.
void QuorumModel::renew_leases(nanos now) {
  for (int p = 0; p < n_; ++p) {
    if (!member_[p] || p == leader_) continue;
    if (available(p) && reach(leader_, p)) {
      last_lease_[p] = now;
      last_ack_[p] = now;
      schedule(now + cfg_.lease_timeout, Kind::peon_timeout, p);
      schedule(now + cfg_.lease_timeout, Kind::leader_timeout, p);
    }
  }
  next_renew_ = now + cfg_.lease_renew;
  schedule(next_renew_, Kind::renew, leader_);
}

void QuorumModel::form_quorum(const std::vector<int>& members, nanos now) {
  electing_ = false;
  leader_ = members.front();  // the lowest rank wins
  ++epoch_;
  quorum_formed_ = now;
  std::fill(member_.begin(), member_.end(), false);
  for (int r : members) {
    member_[r] = true;
    out_since_[r] = -1;
  }
  for (int r = 0; r < n_; ++r)
    if (!member_[r] && out_since_[r] < 0 && avail_[r] != Avail::paused) out_since_[r] = now;
  leader_was_killed_ = false;
  changes_.push_back({now, "quorum", leader_, members});
  renew_leases(now);
}

void QuorumModel::dissolve(nanos now) {
  // A frozen member does not notice (see pause()).
  for (int r = 0; r < n_; ++r)
    if (member_[r] && out_since_[r] < 0 && avail_[r] != Avail::paused) out_since_[r] = now;
  std::fill(member_.begin(), member_.end(), false);
  leader_ = -1;
}

void QuorumModel::call_election(int caller, nanos now, int rounds) {
  if (electing_ || !available(caller)) return;
  dissolve(now);
  electing_ = true;
  election_caller_ = caller;
  const auto participants = component(caller);
  changes_.push_back({now, "election_start", -1, participants});
  const bool everyone = static_cast<int>(participants.size()) == n_;
  election_end_at_ = now + (everyone ? cfg_.all_ack : rounds * cfg_.election_round);
  schedule(election_end_at_, Kind::election_end, caller);
}

// A monitor joined an election under way: if now every member can ack, it ends at once.
void QuorumModel::join_election(int rank, nanos now) {
  if (static_cast<int>(component(rank).size()) != n_) return;
  const nanos end = now + cfg_.all_ack;
  if (end >= election_end_at_) return;
  election_end_at_ = end;
  schedule(end, Kind::election_end, rank);
}

void QuorumModel::finish_election(nanos now) {
  electing_ = false;
  // The lowest rank of a strict majority that can still talk wins.
  for (int r = 0; r < n_; ++r) {
    if (!available(r)) continue;
    const auto comp = component(r);
    if (static_cast<int>(comp.size()) * 2 > n_) {
      form_quorum(comp, now);
      return;
    }
  }
  changes_.push_back({now, "quorum_lost", -1, {}});  // no majority: stay out until one returns
}

void QuorumModel::fire(nanos now, Kind kind, int rank) {
  switch (kind) {
    case Kind::renew:
      // Only the current chain counts; a paused or partitioned leader stops renewing.
      if (!electing_ && rank == leader_ && available(rank) && now == next_renew_) renew_leases(now);
      return;
    case Kind::peon_timeout:
      if (!electing_ && member_[rank] && rank != leader_ && available(rank) &&
          now >= last_lease_[rank] + cfg_.lease_timeout) {
        const int rounds = 1 + (leader_was_killed_ ? cfg_.extra_rounds_after_leader_kill : 0);
        call_election(rank, now, rounds);
      }
      return;
    case Kind::leader_timeout:
      if (!electing_ && leader_ >= 0 && member_[rank] && available(leader_) &&
          now >= last_ack_[rank] + cfg_.lease_timeout)
        call_election(leader_, now, 1);
      return;
    case Kind::election_end:
      if (electing_ && now == election_end_at_) finish_election(now);
      return;
    case Kind::rejoin:
      if (avail_[rank] != Avail::down) return;
      avail_[rank] = Avail::up;
      if (electing_)
        join_election(rank, now);
      else
        call_election(rank, now, 1);
      return;
  }
}

void QuorumModel::down(int rank, nanos now, Cause cause) {
  if (rank == leader_ && cause == Cause::kill) leader_was_killed_ = true;
  avail_[rank] = Avail::down;
  if (out_since_[rank] < 0) out_since_[rank] = now;
  if (electing_ && component(election_caller_).empty()) {
    // The caller vanished: another available monitor carries the election on.
    for (int r = 0; r < n_; ++r)
      if (available(r)) {
        election_caller_ = r;
        break;
      }
  }
}

// A frozen monitor does not know it left the quorum: its own "out of quorum since" stays
// unset, so when it resumes it calls an election instead of trimming its sessions.
void QuorumModel::pause(int rank, nanos) { avail_[rank] = Avail::paused; }

void QuorumModel::up(int rank, nanos now) {
  if (avail_[rank] != Avail::down) return;
  schedule(now + cfg_.revive_probe, Kind::rejoin, rank);
}

void QuorumModel::resume(int rank, nanos now) {
  if (avail_[rank] != Avail::paused) return;
  avail_[rank] = Avail::up;
  // Awake, it finds itself outside any quorum and bootstraps.
  if (!member_[rank] || electing_ || leader_ < 0) out_since_[rank] = now;
  if (electing_)
    join_election(rank, now);
  else
    call_election(rank, now, 1);
}

void QuorumModel::set_reachable(int a, int b, bool reachable, nanos now) {
  reachable_[a][b] = reachable_[b][a] = reachable;
  if (!reachable || electing_) return;
  // A monitor outside the quorum that can reach the others again calls an election.
  for (int r : {a, b})
    if (available(r) && !in_quorum(r)) {
      call_election(r, now, 1);
      return;
    }
}

}  // namespace monsim::mock_mon
