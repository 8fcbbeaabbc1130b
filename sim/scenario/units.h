// The scenario language's units: durations ("250us", "20ms", "3s", "5m", "1h", or a plain
// number of seconds), sizes ("16KiB", "1MiB", "512B", or a plain number of bytes) and rates
// ("1Gbps", "100Mbps", "56Kbps", "9600bps"). Numbers are decimal only. Parsers return false
// with a reason on bad input; durations are rounded to the nanosecond.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/engine/sim_time.h"

namespace monsim::sim {

// A plain decimal number ("12", "-0.5", "1e-3"): no hex, no nan or inf, nothing after it.
bool parse_decimal(std::string_view text, double* out);

bool parse_duration(std::string_view text, nanos* out, std::string* why);
bool parse_size(std::string_view text, std::uint64_t* out, std::string* why);
bool parse_rate(std::string_view text, double* bits_per_second, std::string* why);

// The shortest spelling that parses back to the same value: "5s", "250ms", "1.5s", "0s".
std::string format_duration(nanos d);
std::string format_size(std::uint64_t bytes);
std::string format_rate(double bps);
// A plain number, the shortest spelling that parses back to the same double ("0.2", "300").
std::string format_number(double v);

}  // namespace monsim::sim
