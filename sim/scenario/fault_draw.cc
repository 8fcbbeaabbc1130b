#include "sim/scenario/fault_draw.h"

#include <algorithm>
#include <cmath>

#include "sim/engine/random_stream.h"

namespace monsim::sim {

namespace {
constexpr nanos kMs = NS_PER_MS;
constexpr nanos kSec = NS_PER_S;

const char* const kReplies[] = {"auth_reply", "subscribe_ack", "mon_map", "osd_map", "statfs_reply", "keepalive2_ack", "\"*\""};
const char* const kCorruptions[] = {"truncate", "bad_length", "wrong_fsid", "unknown_type", "garbage"};

// A duration between lo and hi, log-uniform (short ones as likely as long ones, by order of
// magnitude), in whole milliseconds.
nanos log_uniform(RandomStream& r, nanos lo, nanos hi) {
  if (hi <= lo) return lo;
  const double x = std::exp(std::log(static_cast<double>(lo)) +
                            r.unit() * (std::log(static_cast<double>(hi)) - std::log(static_cast<double>(lo))));
  return std::clamp(static_cast<nanos>(x) / kMs * kMs, lo, hi);
}

template <typename T, std::size_t N>
const T& pick(RandomStream& r, const T (&xs)[N]) {
  return xs[r.below(N)];
}

const std::string& pick(RandomStream& r, const std::vector<std::string>& xs) { return xs[r.below(xs.size())]; }

// A monitor target: the client's monitor of the moment (half the time), or a named one.
std::string mon_target(RandomStream& r, const DrawOptions& o) {
  return r.chance(0.5) ? std::string("connected") : pick(r, o.monitors);
}

// "{mon: M, reply: R, OWN}": a reply rule (delay, drop, corrupt) on every monitor three times in
// ten, else on the client's or a named one. `own` (the rule's own value) is drawn by the
// caller first, then the reply kind, then the monitor: the order the first version's single
// expression drew them in (an unspecified one, GCC's), kept explicit so that explore's seeds
// go on giving the same schedules.
std::string reply_rule(RandomStream& r, const DrawOptions& o, const std::string& own) {
  const std::string reply = pick(r, kReplies);
  const std::string mon = r.chance(0.3) ? std::string("\"*\"") : mon_target(r, o);
  return "{mon: " + mon + ", reply: " + reply + ", " + own + "}";
}

// A non-empty subset of the monitors, as a YAML list.
std::string mon_group(RandomStream& r, const std::vector<std::string>& mons, std::vector<std::string>* rest) {
  std::vector<std::string> in;
  for (const auto& m : mons) (r.chance(0.5) ? in : *rest).push_back(m);
  if (in.empty()) {
    in.push_back(rest->back());
    rest->pop_back();
  }
  std::string t = "[";
  for (std::size_t i = 0; i < in.size(); ++i) t += (i ? ", " : "") + in[i];
  return t + "]";
}

std::string list_text(const std::vector<std::string>& xs) {
  std::string t = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) t += (i ? ", " : "") + xs[i];
  return t + "]";
}

// One fault of `kind` (its value and extras; at and for are drawn by the caller).
void draw_value(RandomStream& r, const DrawOptions& o, DrawnFault& f, bool* undoable) {
  *undoable = true;
  const std::string& k = f.kind;
  if (k == "kill" || k == "poweroff" || k == "pause") {
    f.value = mon_target(r, o);
  } else if (k == "partition") {
    std::vector<std::string> rest;
    const std::string group = mon_group(r, o.monitors, &rest);
    // Clients from some monitors, or monitors from each other (a split quorum).
    if (rest.empty() || r.chance(0.5)) f.value = "[[client.*], " + group + "]";
    else f.value = "[" + group + ", " + list_text(rest) + "]";
  } else if (k == "partition_oneway") {
    const std::string m = pick(r, o.monitors);
    f.value = r.chance(0.5) ? "{from: [client.*], to: [" + m + "]}" : "{from: [" + m + "], to: [client.*]}";
  } else if (k == "reset") {
    f.value = "client.*";
    *undoable = false;
  } else if (k == "delay") {
    const std::string by = duration_text(log_uniform(r, 10 * kMs, 20 * kSec));
    f.value = reply_rule(r, o, "by: " + by);
  } else if (k == "drop") {
    const double p = static_cast<double>(1 + r.below(10)) / 10.0;
    char prob[16];
    std::snprintf(prob, sizeof prob, "%.1f", p);
    f.value = reply_rule(r, o, std::string("probability: ") + prob);
  } else if (k == "corrupt") {
    const std::string how = pick(r, kCorruptions);
    f.value = reply_rule(r, o, "how: " + how);
    if (r.chance(0.5)) {
      f.extra = ", count: " + std::to_string(1 + r.below(3));
      *undoable = false;
    }
  } else if (k == "reject_auth") {
    f.value = "{mon: " + mon_target(r, o) + ", error: EACCES}";
  } else if (k == "latency") {
    // The latency first, then the monitor (the order the first version's expression drew them in).
    const std::string one_way = duration_text(log_uniform(r, 1 * kMs, 2 * kSec));
    const std::string& mon = pick(r, o.monitors);
    f.value = "{between: [client.*, " + mon + "], one_way: " + one_way + "}";
  } else if (k == "clock_step") {
    const nanos by = log_uniform(r, 100 * kMs, 120 * kSec);
    f.value = "{node: client.*, by: " + std::string(r.chance(0.5) ? "-" : "") + duration_text(by) + "}";
    *undoable = false;
  }
}

}  // namespace

std::string duration_text(nanos t) {
  const nanos ms = t / kMs;
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string DrawnFault::text() const {
  std::string t = "{at: " + duration_text(at) + ", " + kind + ": " + value;
  if (for_ > 0) t += ", for: " + duration_text(for_);
  return t + extra + "}";
}

std::string schedule_text(const std::vector<DrawnFault>& faults) {
  std::string t = "[";
  for (std::size_t i = 0; i < faults.size(); ++i) t += (i ? ", " : "") + faults[i].text();
  return t + "]";
}

const std::vector<DrawKind>& draw_kinds() {
  static const std::vector<DrawKind> kinds = {
      {"kill", 3, "a monitor (the client's, or a named one) killed; revived after `for` three times in four"},
      {"pause", 3, "a monitor stopped (SIGSTOP); resumed after `for` three times in four"},
      {"poweroff", 2, "a monitor's host powered off; on again after `for` three times in four"},
      {"partition", 3, "clients cut off from some monitors, or the monitors split; healed after `for`"},
      {"partition_oneway", 1, "one direction between the clients and a monitor held; healed after `for`"},
      {"reset", 1, "a socket error on every client's connection"},
      {"delay", 1, "a reply kind held 10 ms..20 s by a monitor (or all), for a window"},
      {"drop", 1, "a reply kind dropped with probability 0.1..1, for a window"},
      {"corrupt", 1, "a reply kind corrupted, for a window or for 1..3 replies"},
      {"reject_auth", 1, "authentication refused (EACCES) by a monitor, for a window"},
      {"latency", 1, "the one-way latency to a monitor set to 1 ms..2 s, for a window"},
      {"clock_step", 1, "every client's realtime clock stepped by up to ±120 s"},
  };
  return kinds;
}

DrawnSchedule draw_schedule(std::uint64_t seed, const DrawOptions& o) {
  RandomStream r(seed, "explore");
  DrawnSchedule out;
  std::vector<const DrawKind*> allowed, on;
  for (const auto& k : draw_kinds())
    if (o.kinds.empty() || std::find(o.kinds.begin(), o.kinds.end(), k.kind) != o.kinds.end()) allowed.push_back(&k);
  if (allowed.empty()) return out;
  for (const auto* k : allowed)
    if (r.chance(o.enable)) on.push_back(k);
  if (on.empty()) on.push_back(allowed[r.below(allowed.size())]);
  for (const auto* k : on) out.enabled.push_back(k->kind);
  unsigned total = 0;
  for (const auto* k : on) total += k->weight;
  const int n = 1 + static_cast<int>(r.below(static_cast<std::uint64_t>(std::max(1, o.max_faults))));
  const nanos last_at = std::max(2 * kSec, o.duration * 8 / 10);
  for (int i = 0; i < n; ++i) {
    std::uint64_t w = r.below(total);
    const DrawKind* k = on.front();
    for (const auto* c : on) {
      if (w < c->weight) {
        k = c;
        break;
      }
      w -= c->weight;
    }
    DrawnFault f;
    f.kind = k->kind;
    f.at = (1 * kSec + static_cast<nanos>(r.below(static_cast<std::uint64_t>((last_at - kSec) / kMs))) * kMs);
    bool undoable = true;
    draw_value(r, o, f, &undoable);
    // Most faults end: a process fault is left in place a quarter of the time (a dead monitor).
    const bool lasting = (f.kind == "kill" || f.kind == "poweroff" || f.kind == "pause") && r.chance(0.25);
    if (undoable && !lasting) f.for_ = log_uniform(r, 1 * kSec, std::max(2 * kSec, o.duration / 2));
    out.faults.push_back(std::move(f));
  }
  std::stable_sort(out.faults.begin(), out.faults.end(), [](const DrawnFault& a, const DrawnFault& b) { return a.at < b.at; });
  return out;
}

}  // namespace monsim::sim
