// Linux TCP's retransmission timer (Linux 6.1: net/ipv4/tcp_input.c, tcp_output.c,
// tcp_timer.c; include/net/tcp.h), as pure functions over one host's jiffies: the RTT
// estimator, the RTO it gives, and the jiffies at which the retransmission timer fires.
//
// Every TCP timer is a kernel timer (inet_csk_reset_xmit_timer() -> sk_reset_timer() ->
// mod_timer()), so it goes through the timer wheel (client/kern/timer_wheel.h): it fires on
// its level's bucket after its expiry, never early and up to a granularity late — 1 jiffy
// for a 200 ms RTO, 8 for a second, 64 for 8 s at HZ 250.
//
// One chain of firings follows data sent with nothing else unacknowledged: first a tail loss
// probe (tcp_schedule_loss_probe(): 2·srtt + TCP_RTO_MIN for a lone segment, never later than
// the RTO), which resends the last segment and re-arms the RTO in full
// (tcp_send_loss_probe() -> tcp_rearm_rto()); then RTO firings, each resending the head and
// doubling the RTO up to TCP_RTO_MAX (tcp_retransmit_timer()). A connect's SYN has a chain
// without the probe: TCP_TIMEOUT_INIT (1 s), doubling.
#pragma once

#include <cstdint>

#include "client/kern/jiffies.h"
#include "sim/engine/sim_time.h"

namespace monsim::sim {

// usecs_to_jiffies(): rounds up.
constexpr kern::jiffies_t usecs_to_jiffies(std::int64_t us, unsigned hz) {
  if (us <= 0) return 0;
  return static_cast<kern::jiffies_t>((static_cast<std::uint64_t>(us) * hz + 999'999) / 1'000'000);
}
// jiffies_to_usecs()
constexpr std::int64_t jiffies_to_usecs(kern::jiffies_t j, unsigned hz) {
  return static_cast<std::int64_t>(j) * 1'000'000 / hz;
}

inline constexpr std::int64_t TCP_TIMEOUT_MIN_US = 2000;  // tcp.h: the loss probe's floor with more in flight

// The RTT state of one tcp_sock (srtt_us, mdev_us, mdev_max_us, rttvar_us, rtt_seq), in the
// kernel's units: srtt_us is eight times the smoothed RTT, mdev_us four times the deviation.
class RttEstimator {
 public:
  // port of tcp_rtt_estimator(): one measurement of `mrtt_us`, taken when the ACK moved
  // snd_una to `snd_una` with `snd_nxt` sent (the per-window decay of rttvar keys on them).
  void sample(std::int64_t mrtt_us, std::int64_t rto_min_us, std::uint64_t snd_una, std::uint64_t snd_nxt);
  bool measured() const { return srtt_us_ != 0; }
  std::int64_t srtt8_us() const { return srtt_us_; }  // tp->srtt_us: 8 × the smoothed RTT
  // port of __tcp_set_rto() and tcp_bound_rto(): icsk_rto in jiffies; TCP_TIMEOUT_INIT before
  // the first measurement.
  kern::jiffies_t rto(unsigned hz) const;

 private:
  std::int64_t srtt_us_ = 0;
  std::int64_t mdev_us_ = 0;
  std::int64_t mdev_max_us_ = 0;
  std::int64_t rttvar_us_ = 0;
  std::uint64_t rtt_seq_ = 0;
};

// port of tcp_schedule_loss_probe()'s timeout, in jiffies: for data whose oldest unacknowledged
// segment was sent `since_head_us` ago with `packets_out` segments in flight.
kern::jiffies_t loss_probe_timeout(const RttEstimator& rtt, unsigned packets_out, std::int64_t since_head_us,
                                   std::int64_t rto_min_us, unsigned hz);

// One chain of retransmission-timer firings, as the wheel runs them.
struct RtxChain {
  kern::jiffies_t first_fire = 0;  // the jiffy of its first firing
  bool probe_first = false;        // that firing is a tail loss probe
  kern::jiffies_t rto = 0;         // icsk_rto when it was armed (jiffies)
};

// A host's timers: its HZ, and whether they go through the 4.8+ wheel (or fire at their
// expiry jiffy, as on the cascading wheel of older kernels).
struct HostTimers {
  unsigned hz = 250;
  bool wheel = true;
  bool loss_probe = true;  // tail loss probes (Linux 3.10 and later)
  // The jiffy a timer expiring at `expires`, added while the wheel's clock reads `clk`, fires.
  kern::jiffies_t fire(kern::jiffies_t expires, kern::jiffies_t clk) const;
};

// Arm a chain at jiffy `now` (from process context: the base clock reads now) for a timeout
// of `timeout` jiffies.
RtxChain arm_chain(kern::jiffies_t now, kern::jiffies_t timeout, bool probe_first, kern::jiffies_t rto,
                   HostTimers host);

// The firings of a chain, one after another. Each is re-armed from the timer's own handler
// (the wheel's clock then reads one past the jiffy it ran).
class RtxFirings {
 public:
  RtxFirings() = default;
  RtxFirings(const RtxChain& c, HostTimers host) : host_(host), next_(c.first_fire), probe_(c.probe_first), rto_(c.rto) {}
  struct Firing {
    kern::jiffies_t at;
    bool probe;
    int rto_firings;  // RTO firings up to and including this one (the probe is not one)
  };
  Firing next();

 private:
  HostTimers host_;
  kern::jiffies_t next_ = 0;
  bool probe_ = false;
  kern::jiffies_t rto_ = 0;
  int rto_firings_ = 0;
};

}  // namespace monsim::sim
