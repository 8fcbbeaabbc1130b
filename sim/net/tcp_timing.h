// Linux TCP's give-up rules, as pure functions (net/ipv4/tcp_timer.c).
#pragma once

#include "sim/engine/sim_time.h"

namespace monsim::sim {

struct TcpParams {
  int syn_retries = 6;            // net.ipv4.tcp_syn_retries
  int retries2 = 15;              // net.ipv4.tcp_retries2
  nanos rto_min = 200 * NS_PER_MS;  // TCP_RTO_MIN
};

// One TCP segment's payload on Ethernet: MTU 1500 less 20 (IP), 20 (TCP) and 12 (timestamps).
inline constexpr unsigned TCP_MSS_BYTES = 1448;
inline constexpr nanos TCP_RTO_MAX = 120 * NS_PER_S;

// port of tcp_model_timeout(): how long after its first sending unacknowledged data is
// retransmitted before the connection is aborted with ERR_ETIMEDOUT (at the first RTO firing
// past it: retransmits_timed_out()); about 924.6 s for retries2 15 and rto_min 200 ms.
constexpr nanos retransmit_give_up_offset(int retries2, nanos rto_base) {
  int thresh = 0;  // ilog2(TCP_RTO_MAX / rto_base)
  for (nanos q = TCP_RTO_MAX / rto_base; q > 1; q >>= 1) ++thresh;
  if (retries2 <= thresh) return ((nanos{2} << retries2) - 1) * rto_base;
  return ((nanos{2} << thresh) - 1) * rto_base + (retries2 - thresh) * TCP_RTO_MAX;
}

}  // namespace monsim::sim
