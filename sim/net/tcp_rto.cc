#include "sim/net/tcp_rto.h"

#include <algorithm>

#include "client/kern/timer_wheel.h"
#include "sim/net/tcp_timing.h"

namespace monsim::sim {

namespace {

kern::jiffies_t rto_max(unsigned hz) { return static_cast<kern::jiffies_t>(TCP_RTO_MAX / NS_PER_S) * hz; }

}  // namespace

// port of tcp_rtt_estimator(): Jacobson's estimator with Linux's mdev_max / rttvar window.
void RttEstimator::sample(std::int64_t mrtt_us, std::int64_t rto_min_us, std::uint64_t snd_una,
                          std::uint64_t snd_nxt) {
  std::int64_t m = mrtt_us;
  std::int64_t srtt = srtt_us_;
  if (srtt != 0) {
    m -= srtt >> 3;  // the error in the estimate
    srtt += m;       // srtt = 7/8 srtt + 1/8 new
    if (m < 0) {
      m = -m;
      m -= mdev_us_ >> 2;
      if (m > 0) m >>= 3;  // a falling RTT moves mdev with a finer gain
    } else {
      m -= mdev_us_ >> 2;
    }
    mdev_us_ += m;  // mdev = 3/4 mdev + 1/4 new
    if (mdev_us_ > mdev_max_us_) {
      mdev_max_us_ = mdev_us_;
      if (mdev_max_us_ > rttvar_us_) rttvar_us_ = mdev_max_us_;
    }
    if (snd_una > rtt_seq_) {  // a window has passed: rttvar decays towards mdev_max
      if (mdev_max_us_ < rttvar_us_) rttvar_us_ -= (rttvar_us_ - mdev_max_us_) >> 2;
      rtt_seq_ = snd_nxt;
      mdev_max_us_ = rto_min_us;
    }
  } else {
    srtt = m << 3;
    mdev_us_ = m << 1;  // rto = 3 × rtt
    rttvar_us_ = std::max(mdev_us_, rto_min_us);
    mdev_max_us_ = rttvar_us_;
    rtt_seq_ = snd_nxt;
  }
  srtt_us_ = std::max<std::int64_t>(1, srtt);
}

kern::jiffies_t RttEstimator::rto(unsigned hz) const {
  if (srtt_us_ == 0) return hz;  // TCP_TIMEOUT_INIT
  return std::min(usecs_to_jiffies((srtt_us_ >> 3) + rttvar_us_, hz), rto_max(hz));
}

// port of tcp_schedule_loss_probe(): 2·srtt plus TCP_RTO_MIN for a lone segment (room for
// the peer's delayed ACK) or TCP_TIMEOUT_MIN with more in flight; TCP_TIMEOUT_INIT without
// an RTT; never later than the RTO would fire (tcp_rto_delta_us()).
kern::jiffies_t loss_probe_timeout(const RttEstimator& rtt, unsigned packets_out, std::int64_t since_head_us,
                                   std::int64_t rto_min_us, unsigned hz) {
  kern::jiffies_t timeout = hz;
  if (rtt.measured())
    timeout = usecs_to_jiffies((rtt.srtt8_us() >> 2) + (packets_out == 1 ? rto_min_us : TCP_TIMEOUT_MIN_US), hz);
  const std::int64_t rto_delta_us = jiffies_to_usecs(rtt.rto(hz), hz) - since_head_us;
  if (rto_delta_us > 0) timeout = std::min(timeout, usecs_to_jiffies(rto_delta_us, hz));
  return timeout;
}

// port of inet_csk_reset_xmit_timer() -> sk_reset_timer() -> mod_timer(): jiffies + when,
// capped at TCP_RTO_MAX, filed on the wheel.
RtxChain arm_chain(kern::jiffies_t now, kern::jiffies_t timeout, bool probe_first, kern::jiffies_t rto,
                   HostTimers host) {
  timeout = std::min(timeout, rto_max(host.hz));
  return {host.fire(now + timeout, now), probe_first, rto};
}

kern::jiffies_t HostTimers::fire(kern::jiffies_t expires, kern::jiffies_t clk) const {
  return wheel ? kern::timer_wheel_expiry(expires, clk, hz) : expires;
}

// port of tcp_send_loss_probe()'s and tcp_retransmit_timer()'s re-arming: after the probe the
// RTO in full (tcp_rearm_rto()); after an RTO firing twice the RTO (icsk_rto << 1, at most
// TCP_RTO_MAX). Armed from the timer's handler: the base clock reads one past its jiffy.
RtxFirings::Firing RtxFirings::next() {
  const Firing f{next_, probe_, rto_firings_ + (probe_ ? 0 : 1)};
  if (!probe_) {
    ++rto_firings_;
    rto_ = std::min(rto_ << 1, rto_max(host_.hz));
  }
  probe_ = false;
  next_ = host_.fire(f.at + rto_, f.at + 1);
  return f;
}

}  // namespace monsim::sim
