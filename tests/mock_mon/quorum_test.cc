// The quorum model against the Pacific measurements (reference/ceph-mon.md §2.4, E5):
// leader killed -> new quorum ~20 s later; leader paused -> ~15 s; peon killed -> ~15 s of
// disruption; a restarted rank 0 takes leadership back within milliseconds; two of three
// down -> no quorum until one returns. Leases are renewed at 0, 3, 6, ... s after the quorum
// formed at t = 0, so a failure at 30.5 s finds the last renewal at 30 s.
#include "mock_mon/quorum.h"

#include <gtest/gtest.h>

namespace monsim::mock_mon {
namespace {

using Cause = QuorumModel::Cause;

// Run the model to `t`, returning the instant of the last "quorum" change (or -1).
struct Cluster3 {
  QuorumModel q{3, QuorumConfig{}};
  nanos last_quorum = -1;
  std::vector<int> members;
  Cluster3() { q.start(0); }
  void to(nanos t) {
    while (q.next_deadline() <= t) {
      q.advance(q.next_deadline());
      collect();
    }
    q.advance(t);
    collect();
  }
  void collect() {
    for (const auto& c : q.take_changes())
      if (c.what == "quorum") {
        last_quorum = c.t;
        members = c.members;
      }
  }
};

TEST(Quorum, StartsWithEveryoneAndRankZeroLeading) {
  Cluster3 r;
  r.to(1 * SEC);
  EXPECT_EQ(r.q.leader(), 0);
  EXPECT_EQ(r.q.quorum(), (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(r.q.readable(1, 1 * SEC));
}

TEST(Quorum, LeaderKilledNewQuorumAboutTwentySecondsLater) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.down(0, 30'500 * MS, Cause::kill);
  // Peons still serve until their lease (renewed at 30 s) expires at 35 s.
  EXPECT_TRUE(r.q.readable(1, 34'999 * MS));
  EXPECT_FALSE(r.q.readable(1, 35 * SEC));
  r.to(60 * SEC);
  // Lease timeout at 40 s, two rounds (the first wasted while the survivors probe): 50 s.
  EXPECT_EQ(r.last_quorum, 50 * SEC);
  EXPECT_EQ(r.q.leader(), 1);
  EXPECT_EQ(r.members, (std::vector<int>{1, 2}));
}

TEST(Quorum, LeaderPausedNewQuorumAboutFifteenSecondsLater) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.pause(0, 30'500 * MS);
  r.to(60 * SEC);
  EXPECT_EQ(r.last_quorum, 45 * SEC);  // lease timeout at 40 s + one 5 s round
  EXPECT_EQ(r.q.leader(), 1);
  EXPECT_EQ(r.q.out_of_quorum_since(0), -1);  // frozen: it does not know it left
  // The frozen leader resumes: it calls an election at once and everyone acks in 4 ms.
  r.q.resume(0, 70 * SEC);
  r.to(80 * SEC);
  EXPECT_EQ(r.last_quorum, 70 * SEC + 4 * MS);
  EXPECT_EQ(r.q.leader(), 0);
}

TEST(Quorum, PeonKilledTheLeaderReelectsAfterItsAckTimeout) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.down(2, 30'500 * MS, Cause::kill);
  EXPECT_TRUE(r.q.readable(0, 39 * SEC));  // service continues until the leader notices
  r.to(60 * SEC);
  EXPECT_EQ(r.last_quorum, 45 * SEC);  // no ack since 30 s: election at 40 s, one round
  EXPECT_EQ(r.q.leader(), 0);
  EXPECT_EQ(r.members, (std::vector<int>{0, 1}));
}

TEST(Quorum, RestartedRankZeroTakesLeadershipBackWithinMilliseconds) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.down(0, 30'500 * MS, Cause::kill);
  r.to(100 * SEC);
  ASSERT_EQ(r.q.leader(), 1);
  r.q.up(0, 100 * SEC);
  r.to(110 * SEC);
  EXPECT_EQ(r.last_quorum, 100 * SEC + 250 * MS + 4 * MS);  // probe, then all ack at once
  EXPECT_EQ(r.q.leader(), 0);
  EXPECT_EQ(r.members, (std::vector<int>{0, 1, 2}));
}

TEST(Quorum, MajorityLossMeansNoQuorumUntilOneReturns) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.down(1, 30'500 * MS, Cause::kill);
  r.q.down(2, 30'500 * MS, Cause::kill);
  r.to(100 * SEC);
  EXPECT_TRUE(r.q.quorum().empty());
  EXPECT_FALSE(r.q.readable(0, 100 * SEC));
  EXPECT_EQ(r.q.out_of_quorum_since(0), 40 * SEC);  // the leader called an election at 40 s
  r.q.up(1, 100 * SEC);
  r.to(120 * SEC);
  // Rank 1 rejoins after its probe; two of three: a full 5 s round.
  EXPECT_EQ(r.last_quorum, 100 * SEC + 250 * MS + 5 * SEC);
  EXPECT_EQ(r.members, (std::vector<int>{0, 1}));
}

TEST(Quorum, TwoMonitorsRevivedTogetherFormTheQuorumWithoutAFullRound) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.down(1, 30'500 * MS, Cause::kill);
  r.q.down(2, 30'500 * MS, Cause::kill);
  r.to(100 * SEC);
  r.q.up(1, 100 * SEC);
  r.q.up(2, 100 * SEC);
  r.to(120 * SEC);
  // Both rejoin at 100.25 s; with everyone acking the election ends a round trip later.
  EXPECT_EQ(r.last_quorum, 100 * SEC + 250 * MS + 4 * MS);
  EXPECT_EQ(r.members, (std::vector<int>{0, 1, 2}));
}

TEST(Quorum, APartitionedLeaderLosesToTheMajoritySide) {
  Cluster3 r;
  r.to(30'500 * MS);
  r.q.set_reachable(0, 1, false, 30'500 * MS);
  r.q.set_reachable(0, 2, false, 30'500 * MS);
  r.to(60 * SEC);
  EXPECT_EQ(r.q.leader(), 1);
  EXPECT_EQ(r.members, (std::vector<int>{1, 2}));
  EXPECT_FALSE(r.q.in_quorum(0));
  r.q.set_reachable(0, 1, true, 70 * SEC);
  r.q.set_reachable(0, 2, true, 70 * SEC);
  r.to(80 * SEC);
  EXPECT_EQ(r.q.leader(), 0);  // healed: rank 0 rejoins and leads again
}

}  // namespace
}  // namespace monsim::mock_mon
