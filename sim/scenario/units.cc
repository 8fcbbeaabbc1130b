#include "sim/scenario/units.h"

#include <cmath>
#include <cstdio>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace monsim::sim {

bool parse_decimal(std::string_view text, double* out) {
  // [+-]? digits [. digits] [e [+-] digits], or [+-]? . digits ...: what a person writes.
  // strtod alone would also take "0x10", "nan", "inf" and "1e999" (infinite).
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto digits = [&] {
    const std::size_t start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < n && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  if (i != n) return false;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (!std::isfinite(v)) return false;
  *out = v;
  return true;
}

namespace {

// A decimal number followed by a unit; the number may have a fraction and an exponent.
bool split(std::string_view text, double* number, std::string* unit, std::string* why) {
  std::string_view s = text;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty()) {
    *why = "empty value";
    return false;
  }
  // The number is the longest prefix of number characters; the rest (after spaces) the unit.
  std::size_t k = 0;
  while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.' || s[k] == '+' ||
                          s[k] == '-' ||
                          ((s[k] == 'e' || s[k] == 'E') && k + 1 < s.size() &&
                           (std::isdigit(static_cast<unsigned char>(s[k + 1])) || s[k + 1] == '+' || s[k + 1] == '-'))))
    ++k;
  if (!parse_decimal(s.substr(0, k), number)) {
    const std::string digits(s.substr(0, k));
    const bool huge = k > 0 && !std::isfinite(std::strtod(digits.c_str(), nullptr));
    *why = huge ? "'" + std::string(s) + "': the number " + digits + " is too large"
                : "'" + std::string(s) + "' does not start with a decimal number";
    return false;
  }
  std::string_view u = s.substr(k);
  while (!u.empty() && u.front() == ' ') u.remove_prefix(1);
  *unit = std::string(u);
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
  if (v > 0 && v < 0.5) {
    *why = "shorter than a nanosecond (the simulated clock's unit)";
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
  const double v = n * scale;
  if (v > 1e15) {  // a petabyte: far past every bound, and safe to round
    *why = "size too large";
    return false;
  }
  if (v != std::floor(v)) {
    *why = "not a whole number of bytes";
    return false;
  }
  *out = static_cast<std::uint64_t>(v);
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
  if (!std::isfinite(*bps)) {
    *why = "rate too large";
    return false;
  }
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

std::string format_number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string format_rate(double bps) {
  // The largest unit that spells it exactly; a rate that no unit spells exactly (a fraction
  // of a bps that decimal cannot hold) is written in bps, which always reads back the same.
  auto shortest = [](double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
  };
  static const struct {
    double scale;
    const char* name;
  } units[] = {{1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "Kbps"}};
  for (const auto& u : units) {
    if (bps < u.scale) continue;
    const std::string text = shortest(bps / u.scale);
    double back = 0;
    if (parse_decimal(text, &back) && back * u.scale == bps) return text + u.name;
  }
  return shortest(bps) + "bps";
}

}  // namespace monsim::sim
