// The Net's retransmission timer: when a connection's lost data is sent again and when it
// gives up, by Linux 6.1's rules (tcp_rto.h) on the sending node's jiffies.
//
// The timer is kept as a chain (its next firing and the RTO it doubles from), not as events:
// only data lost in a partition, or at a powered-off peer, needs its firings, and those are
// computed when needed — a storm's keepalives, acknowledged a round trip later, cost no timer.
#include "sim/net/net.h"

#include <algorithm>

#include "sim/engine/engine.h"

namespace monsim::sim {

HostTimers Net::host_timers(NodeId node) const {
  const SimClock& c = clock_of(node);
  return {c.hz(), c.timer_wheel(), loss_probe_[static_cast<std::size_t>(node)]};
}

// port of tcp_rearm_rto() and tcp_schedule_loss_probe(), as tcp_write_xmit() leaves them:
// the probe's timer, for the oldest unacknowledged segment, armed now; a kernel without
// probes (before 3.10) arms the RTO in full.
// port: the probe is armed also in loss recovery (an ACK that leaves some data after a heal);
// the kernel arms the RTO there. Everything lost has been sent again by then.
void Net::arm_rtx(Socket& s) {
  const HostTimers ht = host_timers(s.node);
  const std::int64_t since_head_us = (now_ns() - s.unacked.front().second) / NS_PER_US;
  const std::int64_t rto_min_us = cfg_.tcp.rto_min / NS_PER_US;
  const auto in_flight = static_cast<unsigned>(std::min<std::size_t>(s.unacked.size(), 2));
  const kern::jiffies_t rto = s.rtt.rto(ht.hz);
  const kern::jiffies_t now = clock_of(s.node).jiffies();
  if (!ht.loss_probe) {
    s.rtx = arm_chain(now, rto, false, rto, ht);
    return;
  }
  const kern::jiffies_t timeout = loss_probe_timeout(s.rtt, in_flight, since_head_us, rto_min_us, ht.hz);
  s.rtx = arm_chain(now, timeout, true, rto, ht);
}

nanos Net::next_rtx_after(const Socket& s, nanos now) const {
  const SimClock& c = clock_of(s.node);
  RtxFirings f(s.rtx, host_timers(s.node));
  for (;;) {
    const nanos t = c.instant_of(f.next().at);
    if (t > now) return t;
  }
}

// port of retransmits_timed_out() from tcp_write_timeout(): at an RTO firing after the first
// (icsk_retransmits non-zero), when tcp_model_timeout()'s milliseconds have passed since the
// oldest unacknowledged segment was first sent (retrans_stamp).
// port: a probe re-armed earlier by more data after this deadline was computed moves the
// firings up to one RTO earlier; the deadline timer checks again when it fires.
nanos Net::giveup_deadline(const Socket& s) const {
  const SimClock& c = clock_of(s.node);
  const nanos first_ms = s.unacked.front().second / NS_PER_MS;
  const nanos timeout_ms = retransmit_give_up_offset(cfg_.tcp.retries2, cfg_.tcp.rto_min) / NS_PER_MS;
  RtxFirings f(s.rtx, host_timers(s.node));
  for (;;) {
    const RtxFirings::Firing fr = f.next();
    if (fr.probe || fr.rto_firings < 2) continue;
    const nanos t = c.instant_of(fr.at);
    if (t / NS_PER_MS - first_ms >= timeout_ms) return t;
  }
}

// port of tcp_ack_update_rtt() (and tcp_synack_rtt_meas()): Karn's rule keeps a segment sent
// again from measuring by its send time; its TCP timestamp's echo measures it instead, in the
// millisecond ticks of tcp_time_stamp (at least 1).
void Net::measure_rtt(Socket& s, nanos since, bool resent, std::uint64_t snd_una) {
  const nanos now = now_ns();
  std::int64_t us = (now - since) / NS_PER_US;
  if (resent) us = std::max<std::int64_t>(now / NS_PER_MS - since / NS_PER_MS, 1) * 1000;
  s.rtt.sample(us, cfg_.tcp.rto_min / NS_PER_US, snd_una, s.tx_seq);
}

}  // namespace monsim::sim
