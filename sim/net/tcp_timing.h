// Linux TCP's give-up rules, as pure functions (net/ipv4/tcp_timer.c).
#pragma once

#include "sim/engine/sim_time.h"

namespace monsim::sim {

struct TcpParams {
  int syn_retries = 6;            // net.ipv4.tcp_syn_retries
  int retries2 = 15;              // net.ipv4.tcp_retries2
  nanos rto_min = 200 * NS_PER_MS;  // TCP_RTO_MIN
};

inline constexpr nanos TCP_TIMEOUT_INIT = 1 * NS_PER_S;  // first SYN retransmission timeout
// One TCP segment's payload on Ethernet: MTU 1500 less 20 (IP), 20 (TCP) and 12 (timestamps).
inline constexpr unsigned TCP_MSS_BYTES = 1448;
inline constexpr nanos TCP_RTO_MAX = 120 * NS_PER_S;

// Offset (from the first SYN) of SYN retransmission number k (k >= 1): 1, 3, 7, 15, ... s.
constexpr nanos syn_retransmit_offset(int k) { return ((nanos{1} << k) - 1) * TCP_TIMEOUT_INIT; }

// When connect() fails with ERR_ETIMEDOUT: after the last retransmission's timeout doubled again;
// 127 s for syn_retries 6.
constexpr nanos syn_give_up_offset(int syn_retries) { return syn_retransmit_offset(syn_retries + 1); }

// port of tcp_model_timeout(): how long unacknowledged data is retransmitted before the
// connection is aborted with ERR_ETIMEDOUT; about 924.6 s for retries2 15 and rto_min 200 ms.
constexpr nanos retransmit_give_up_offset(int retries2, nanos rto_base) {
  int thresh = 0;  // ilog2(TCP_RTO_MAX / rto_base)
  for (nanos q = TCP_RTO_MAX / rto_base; q > 1; q >>= 1) ++thresh;
  if (retries2 <= thresh) return ((nanos{2} << retries2) - 1) * rto_base;
  return ((nanos{2} << thresh) - 1) * rto_base + (retries2 - thresh) * TCP_RTO_MAX;
}

// The first retransmission instant strictly after `now` for data first sent at `first_send`
// (RTO rto_base, doubling, capped at TCP_RTO_MAX).
constexpr nanos next_retransmit_after(nanos first_send, nanos now, nanos rto_base) {
  nanos t = first_send;
  nanos rto = rto_base;
  while (t <= now) {
    t += rto;
    rto = rto * 2 > TCP_RTO_MAX ? TCP_RTO_MAX : rto * 2;
  }
  return t;
}

}  // namespace monsim::sim
