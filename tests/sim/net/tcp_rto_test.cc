// Linux 6.1's retransmission timer as pure functions (sim/net/tcp_rto.h): each expectation is
// worked out from the kernel's rules in its comment.
#include "sim/net/tcp_rto.h"

#include <gtest/gtest.h>

#include "client/kern/jiffies.h"

namespace monsim::sim {
namespace {

constexpr std::int64_t kRtoMinUs = 200'000;
constexpr HostTimers kHz250{250, true};

TEST(TcpRto, FirstMeasurementGivesSrttPlusRtoMin) {
  RttEstimator r;
  EXPECT_FALSE(r.measured());
  EXPECT_EQ(r.rto(250), 250u);  // TCP_TIMEOUT_INIT before any RTT
  r.sample(1000, kRtoMinUs, 0, 0);
  // srtt 1 ms (8000 scaled), mdev 2 ms, rttvar max(2 ms, 200 ms): 201 ms, 50.25 jiffies at
  // HZ 250, rounded up by usecs_to_jiffies().
  EXPECT_EQ(r.srtt8_us(), 8000);
  EXPECT_EQ(r.rto(250), 51u);
  EXPECT_EQ(r.rto(1000), 201u);
  EXPECT_EQ(r.rto(100), 21u);
}

TEST(TcpRto, SmoothingMovesAnEighthAndALargeRttRaisesRttvar) {
  RttEstimator r;
  r.sample(1000, kRtoMinUs, 0, 0);
  r.sample(9000, kRtoMinUs, 1, 1);  // error 8 ms: srtt 1 + 8/8 = 2 ms
  EXPECT_EQ(r.srtt8_us(), 16000);
  // mdev 2 + (8 - 2/4) = 9.5 ms, below rto_min: rttvar stays 200 ms; rto 202 ms, 51 jiffies.
  EXPECT_EQ(r.rto(250), 51u);
  RttEstimator slow;
  slow.sample(100'000, kRtoMinUs, 0, 0);  // 100 ms: mdev 200 ms, rttvar 200 ms, rto 300 ms
  EXPECT_EQ(slow.rto(1000), 300u);
  slow.sample(400'000, kRtoMinUs, 1, 1);  // error 300 ms: srtt 137.5 ms, mdev 200 + 300 - 50 = 450 ms
  EXPECT_EQ(slow.srtt8_us(), 1'100'000);
  EXPECT_EQ(slow.rto(1000), 588u);  // 137.5 + 450 ms, rounded up
}

TEST(TcpRto, TheRtoIsCappedAtTwoMinutes) {
  RttEstimator r;
  r.sample(100'000'000, kRtoMinUs, 0, 0);  // 100 s
  EXPECT_EQ(r.rto(250), 120u * 250);
}

TEST(TcpRto, ALoneSegmentsProbeWaitsForTheRtoAndMoreInFlightProbeSooner) {
  RttEstimator r;
  r.sample(1000, kRtoMinUs, 0, 0);
  // Lone: 2·srtt + TCP_RTO_MIN = 202 ms, 51 jiffies, and no later than the RTO (51).
  EXPECT_EQ(loss_probe_timeout(r, 1, 0, kRtoMinUs, 250), 51u);
  // More in flight: 2·srtt + 2 ms = 4 ms, one jiffy.
  EXPECT_EQ(loss_probe_timeout(r, 2, 0, kRtoMinUs, 250), 1u);
  // The head sent 150 ms ago: the RTO is 54 ms away, 14 jiffies; min(51, 14).
  EXPECT_EQ(loss_probe_timeout(r, 1, 150'000, kRtoMinUs, 250), 14u);
  // Without an RTT: TCP_TIMEOUT_INIT, but never later than the RTO (also 1 s).
  EXPECT_EQ(loss_probe_timeout(RttEstimator{}, 1, 0, kRtoMinUs, 250), 250u);
}

TEST(TcpRto, FiringsGoThroughTheWheelAndDouble) {
  // Armed at jiffy 8·64·512 (a multiple of every granularity used) for 51 jiffies: the probe
  // fires one jiffy after its expiry (level 0), the RTO in full 51 later from the handler (base
  // clock one past), then 102 (level 1: 8-jiffy buckets), 204, 408, 816 (level 2: 64-jiffy).
  const kern::jiffies_t j0 = 8 * 64 * 512;
  RtxFirings f(arm_chain(j0, 51, true, 51, kHz250), kHz250);
  const RtxFirings::Firing probe = f.next();
  EXPECT_TRUE(probe.probe);
  EXPECT_EQ(probe.rto_firings, 0);
  EXPECT_EQ(probe.at, j0 + 52);
  const RtxFirings::Firing r1 = f.next();
  EXPECT_FALSE(r1.probe);
  EXPECT_EQ(r1.rto_firings, 1);
  EXPECT_EQ(r1.at, j0 + 104);  // 52 + 51, then the next jiffy
  EXPECT_EQ(f.next().at, j0 + 208);  // 104 + 102 = 206, level 1: the bucket after 200-207
  EXPECT_EQ(f.next().at, j0 + 416);  // 208 + 204 = 412: the bucket after 408-415
  EXPECT_EQ(f.next().at, j0 + 832);  // 416 + 408 = 824, still level 1 (a delta under 504)
  EXPECT_EQ(f.next().at, j0 + 1664);  // 832 + 816 = 1648, level 2: the bucket after 1600-1663
}

TEST(TcpRto, TheOldWheelFiresAtTheExpiry) {
  const HostTimers cascade{250, false};
  RtxFirings f(arm_chain(1000, 250, false, 250, cascade), cascade);
  EXPECT_EQ(f.next().at, 1250u);
  EXPECT_EQ(f.next().at, 1750u);
  EXPECT_EQ(f.next().at, 2750u);
}

TEST(TcpRto, UsecsToJiffiesRoundsUp) {
  EXPECT_EQ(usecs_to_jiffies(0, 250), 0u);
  EXPECT_EQ(usecs_to_jiffies(1, 250), 1u);
  EXPECT_EQ(usecs_to_jiffies(4000, 250), 1u);
  EXPECT_EQ(usecs_to_jiffies(4001, 250), 2u);
  EXPECT_EQ(jiffies_to_usecs(51, 250), 204'000);
}

}  // namespace
}  // namespace monsim::sim
