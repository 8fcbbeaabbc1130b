// The scenario loader's walker (internal to sim/scenario): it converts and validates YAML
// nodes, collecting errors with file:line:col and path, and knows the scenario's node names.
// The section loaders (scenario_load.cc) and the fault kinds (fault_kinds.cc) use it.
#pragma once

#include <charconv>
#include <cctype>
#include <climits>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/engine/sim_time.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/units.h"

namespace monsim::sim {

// The closest of `options` to `word` (edit distance under 3), or "".
std::string closest(const std::string& word, const std::vector<std::string>& options);
std::string join(const std::vector<std::string>& v, const char* sep = ", ");

// The reply kinds a reply rule (delay, drop, corrupt) may name.
extern const std::vector<std::string> kReplyKinds;

// Walks the YAML tree, converting and validating, collecting errors.
class Loader {
 public:
  Loader(std::string file, std::map<std::string, std::string> sets)
      : file_(std::move(file)), sets_(std::move(sets)) {}

  std::vector<std::string> errors;

  void error(const YAML::Node& at, const std::string& path, const std::string& msg) {
    if (errors.size() >= limits::kErrorsCollected) {
      ++errors_dropped;
      return;
    }
    const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    // A value that came from --set is reported against the override; so is a problem with
    // a mapping that only exists because an override created it (it has no position).
    for (const auto& [p, text] : sets_)
      if (path == p || path.rfind(p + ".", 0) == 0 || path.rfind(p + "[", 0) == 0 ||
          (m.line < 0 && (p.rfind(path + ".", 0) == 0 || p.rfind(path + "[", 0) == 0))) {
        errors.push_back(text + ": " + path + ": " + msg);  // (text: "--set key=value")
        return;
      }
    std::string where = file_;
    if (m.line >= 0) where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    errors.push_back(where + ": " + (path.empty() ? "(top level)" : path) + ": " + msg);
  }

  std::size_t errors_dropped = 0;

  // A problem found after the walk, at a position kept from it.
  void error_at(const SourcePos& pos, const std::string& path, const std::string& msg) {
    if (errors.size() >= limits::kErrorsCollected) {
      ++errors_dropped;
      return;
    }
    errors.push_back(pos.str() + ": " + path + ": " + msg);
  }

  SourcePos pos(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return {file_, m.line >= 0 ? m.line + 1 : 0, m.line >= 0 ? m.column + 1 : 0};
  }
  // The position of what is at `path`: the override that gave it ("--set expect=[…]", no
  // line), or its place in the file.
  SourcePos pos(const YAML::Node& n, const std::string& path) const {
    for (const auto& [p, text] : sets_)
      if (path == p || path.rfind(p + ".", 0) == 0 || path.rfind(p + "[", 0) == 0) return {text, 0, 0};
    return pos(n);
  }

  // A mapping with only `allowed` keys. False (and reported) if not a mapping.
  bool map(const YAML::Node& n, const std::string& path, const std::vector<std::string>& allowed) {
    if (!n.IsMap()) {
      error(n, path, "expected a mapping");
      return false;
    }
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      const std::string hint = closest(key, allowed);
      error(kv.first, child(path, key),
            "unknown key" + (hint.empty() ? " (allowed: " + join(allowed) + ")" : "; did you mean '" + hint + "'?"));
    }
    return true;
  }

  static std::string child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  bool scalar(const YAML::Node& n, const std::string& path, std::string* out,
              std::size_t max_bytes = limits::kScalarBytes) {
    if (!n.IsScalar()) {
      error(n, path, "expected a single value");
      return false;
    }
    if (n.Scalar().size() > max_bytes) {
      error(n, path, "a value of " + std::to_string(n.Scalar().size()) + " bytes (at most " +
                         std::to_string(max_bytes) + ")");
      return false;
    }
    *out = n.Scalar();
    return true;
  }

  bool duration(const YAML::Node& n, const std::string& path, nanos* out, bool allow_negative = false) {
    std::string s, why;
    if (!scalar(n, path, &s)) return false;
    bool neg = false;
    if (allow_negative && !s.empty() && s[0] == '-') {
      neg = true;
      s.erase(s.begin());
    }
    if (!parse_duration(s, out, &why)) {
      error(n, path, why);
      return false;
    }
    if (neg) *out = -*out;
    return true;
  }

  // A duration in [lo, hi] (both inclusive).
  bool duration_in(const YAML::Node& n, const std::string& path, nanos lo, nanos hi, nanos* out,
                   bool allow_negative = false) {
    nanos v;
    if (!duration(n, path, &v, allow_negative)) return false;
    if (v < lo || v > hi) {
      error(n, path, lo == 0   ? "must be at most " + format_duration(hi)
                     : lo == 1 ? "must be positive and at most " + format_duration(hi)
                               : "must be between " + format_duration(lo) + " and " + format_duration(hi));
      return false;
    }
    *out = v;
    return true;
  }

  // A duration that the model keeps in whole `unit`s (milliseconds, seconds).
  bool whole(const YAML::Node& n, const std::string& path, nanos v, nanos unit, const char* unit_name) {
    if (v % unit == 0) return true;
    error(n, path, std::string("must be a whole number of ") + unit_name);
    return false;
  }

  bool size(const YAML::Node& n, const std::string& path, std::uint64_t* out) {
    std::string s, why;
    if (!scalar(n, path, &s)) return false;
    if (!parse_size(s, out, &why)) {
      error(n, path, why);
      return false;
    }
    return true;
  }

  bool rate(const YAML::Node& n, const std::string& path, double* out) {
    std::string s, why;
    if (!scalar(n, path, &s)) return false;
    if (!parse_rate(s, out, &why)) {
      error(n, path, why);
      return false;
    }
    return true;
  }

  bool integer(const YAML::Node& n, const std::string& path, long long lo, long long hi, long long* out) {
    std::string s;
    if (!scalar(n, path, &s)) return false;
    long long v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size()) {
      error(n, path, "'" + s + "' is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return false;
    }
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
      error(n, path, "expected an integer, got '" + s + "'");
      return false;
    }
    if (v < lo || v > hi) {
      error(n, path, std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return false;
    }
    *out = v;
    return true;
  }

  // A whole number in [0, 2^64 - 1] (a seed).
  bool unsigned_integer(const YAML::Node& n, const std::string& path, std::uint64_t* out) {
    std::string s;
    if (!scalar(n, path, &s)) return false;
    std::uint64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size()) {
      error(n, path, "'" + s + "' is out of range [0, 18446744073709551615]");
      return false;
    }
    long long negative = 0;
    auto rn = std::from_chars(s.data(), s.data() + s.size(), negative);
    if (!s.empty() && s[0] == '-' && rn.ec == std::errc() && rn.ptr == s.data() + s.size()) {
      error(n, path, s + " is out of range [0, 18446744073709551615]");
      return false;
    }
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
      error(n, path, "expected an integer, got '" + s + "'");
      return false;
    }
    *out = v;
    return true;
  }

  bool number(const YAML::Node& n, const std::string& path, double* out) {
    std::string s;
    if (!scalar(n, path, &s)) return false;
    double v;
    if (!parse_decimal(s, &v)) {
      error(n, path, "expected a decimal number, got '" + s + "'");
      return false;
    }
    *out = v;
    return true;
  }

  bool boolean(const YAML::Node& n, const std::string& path, bool* out) {
    std::string s;
    if (!scalar(n, path, &s)) return false;
    if (s == "true" || s == "yes" || s == "on") *out = true;
    else if (s == "false" || s == "no" || s == "off") *out = false;
    else {
      error(n, path, "expected true or false, got '" + s + "'");
      return false;
    }
    return true;
  }

  bool choice(const YAML::Node& n, const std::string& path, const std::vector<std::string>& options, std::string* out) {
    std::string s;
    if (!scalar(n, path, &s)) return false;
    if (std::find(options.begin(), options.end(), s) != options.end()) {
      *out = s;
      return true;
    }
    const std::string hint = closest(s, options);
    error(n, path, "'" + s + "' is not one of " + join(options) + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return false;
  }

  bool string_list(const YAML::Node& n, const std::string& path, std::vector<std::string>* out) {
    out->clear();
    if (n.IsScalar()) {
      out->push_back(n.Scalar());
      return true;
    }
    if (!sequence(n, path, limits::kPatternsPerList)) return false;
    for (std::size_t i = 0; i < n.size(); ++i) {
      std::string s;
      if (!scalar(n[i], path + "[" + std::to_string(i) + "]", &s)) return false;
      out->push_back(s);
    }
    return true;
  }

  // A list of at most `max` items.
  bool sequence(const YAML::Node& n, const std::string& path, std::size_t max) {
    if (!n.IsSequence()) {
      error(n, path, "expected a list");
      return false;
    }
    if (n.size() > max) {
      error(n, path, std::to_string(n.size()) + " items (at most " + std::to_string(max) + ")");
      return false;
    }
    return true;
  }

 private:
  std::string file_;
  std::map<std::string, std::string> sets_;
};

// ------------------------------------------------------------------ names and targets

struct Names {
  std::vector<std::string> mons;  // "mon.a", ...
  int clients = 0;                // client.0 ... client.N-1
  bool matches_any(const std::string& pattern) const {
    if (pattern == "*" || pattern == "mon.*" || pattern == "client.*") return true;
    return is_mon(pattern) || is_client(pattern);
  }
  bool is_mon(const std::string& n) const { return std::find(mons.begin(), mons.end(), n) != mons.end(); }
  // client.N, N written as the world names it (no sign, no leading zero), N < clients.
  bool is_client(const std::string& n) const {
    if (n.rfind("client.", 0) != 0) return false;
    const std::string digits = n.substr(7);
    if (digits.empty() || digits.size() > 6 || (digits.size() > 1 && digits[0] == '0')) return false;
    int v = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    return v < clients;
  }
};

// A monitor target: mon.X, mon.*, connected, connected(client.N).
bool check_mon_target(Loader& L, const YAML::Node& n, const std::string& path, const Names& names,
                      std::string* out);
// A node pattern: a monitor, a client, mon.*, client.* or *.
bool check_pattern(Loader& L, const YAML::Node& n, const std::string& path, const Names& names,
                   const std::string& s);

}  // namespace monsim::sim
