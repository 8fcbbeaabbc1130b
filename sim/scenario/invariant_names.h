// The invariant checkers' property names (sim/check/invariants.h describes each), here so
// that a scenario's expectations can name them (`invariants.session_regained.count`) and be
// validated below the checkers' room. tests/sim/check holds the two lists to each other.
#pragma once

#include <array>
#include <string_view>

namespace monsim::sim {

inline constexpr std::array<std::string_view, 10> kInvariantNames = {
    "one_connection",   "hunt_mult_bounds", "no_send_on_closed", "requests_accounted", "session_after_auth",
    "tids_unique",      "one_leader",       "session_regained",  "request_completes",  "keepalive_detects"};

}  // namespace monsim::sim
