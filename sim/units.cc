#include "sim/units.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace monsim::sim {

namespace {

// A decimal number followed by a unit; the number may have a fraction.
bool split(std::string_view text, double* number, std::string* unit, std::string* why) {
  std::string s(text);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  if (s.empty()) {
    *why = "empty value";
    return false;
  }
  const char* begin = s.c_str();
  char* end = nullptr;
  *number = std::strtod(begin, &end);
  if (end == begin || std::isnan(*number) || std::isinf(*number)) {
    *why = "'" + s + "' does not start with a number";
    return false;
  }
  *unit = std::string(end);
  while (!unit->empty() && unit->front() == ' ') unit->erase(unit->begin());
  return true;
}

}  // namespace

bool parse_duration(std::string_view text, nanos* out, std::string* why) {
  double n;
  std::string unit;
  if (!split(text, &n, &unit, why)) return false;
  double scale;
  if (unit.empty() || unit == "s") scale = 1e9;
  else if (unit == "ns") scale = 1;
  else if (unit == "us" || unit == "µs") scale = 1e3;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "m" || unit == "min") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  else {
    *why = "unknown duration unit '" + unit + "' (use ns, us, ms, s, m or h)";
    return false;
  }
  if (n < 0) {
    *why = "a duration cannot be negative";
    return false;
  }
  const double v = n * scale;
  if (v > 9.2e18) {
    *why = "duration too large";
    return false;
  }
  *out = static_cast<nanos>(std::llround(v));
  return true;
}

bool parse_size(std::string_view text, std::uint64_t* out, std::string* why) {
  double n;
  std::string unit;
  if (!split(text, &n, &unit, why)) return false;
  double scale;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "KiB") scale = 1024;
  else if (unit == "MiB") scale = 1024.0 * 1024;
  else if (unit == "GiB") scale = 1024.0 * 1024 * 1024;
  else if (unit == "KB" || unit == "kB") scale = 1000;
  else if (unit == "MB") scale = 1e6;
  else {
    *why = "unknown size unit '" + unit + "' (use B, KiB, MiB)";
    return false;
  }
  if (n < 0) {
    *why = "a size cannot be negative";
    return false;
  }
  *out = static_cast<std::uint64_t>(std::llround(n * scale));
  return true;
}

bool parse_rate(std::string_view text, double* bps, std::string* why) {
  double n;
  std::string unit;
  if (!split(text, &n, &unit, why)) return false;
  double scale;
  if (unit == "bps") scale = 1;
  else if (unit == "Kbps") scale = 1e3;
  else if (unit == "Mbps") scale = 1e6;
  else if (unit == "Gbps") scale = 1e9;
  else {
    *why = unit.empty() ? "a rate needs a unit (bps, Kbps, Mbps, Gbps)"
                        : "unknown rate unit '" + unit + "' (use bps, Kbps, Mbps, Gbps)";
    return false;
  }
  if (n <= 0) {
    *why = "a rate must be positive";
    return false;
  }
  *bps = n * scale;
  return true;
}

std::string format_duration(nanos d) {
  struct U {
    nanos scale;
    const char* name;
  };
  static const U units[] = {{3600 * NS_PER_S, "h"}, {60 * NS_PER_S, "m"}, {NS_PER_S, "s"},
                            {NS_PER_MS, "ms"}, {NS_PER_US, "us"}, {1, "ns"}};
  if (d == 0) return "0s";
  for (const auto& u : units)
    if (d % u.scale == 0) return std::to_string(d / u.scale) + u.name;
  return std::to_string(d) + "ns";
}

std::string format_size(std::uint64_t b) {
  if (b && b % (1024 * 1024) == 0) return std::to_string(b / (1024 * 1024)) + "MiB";
  if (b && b % 1024 == 0) return std::to_string(b / 1024) + "KiB";
  return std::to_string(b) + "B";
}

std::string format_rate(double bps) {
  char buf[32];
  if (bps >= 1e9 && std::fmod(bps, 1e9) == 0) std::snprintf(buf, sizeof buf, "%.0fGbps", bps / 1e9);
  else if (bps >= 1e6 && std::fmod(bps, 1e6) == 0) std::snprintf(buf, sizeof buf, "%.0fMbps", bps / 1e6);
  else if (bps >= 1e3 && std::fmod(bps, 1e3) == 0) std::snprintf(buf, sizeof buf, "%.0fKbps", bps / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0fbps", bps);
  return buf;
}

}  // namespace monsim::sim
