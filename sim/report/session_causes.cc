#include "sim/report/session_causes.h"

#include <algorithm>

namespace monsim::sim {

namespace {

bool any_matches(const std::vector<std::string>& patterns, const std::string& name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return SessionCauses::matches(p, name); });
}

}  // namespace

bool SessionCauses::matches(const std::string& pattern, const std::string& name) {
  if (pattern == "*" || pattern == name) return true;
  if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0)
    return name.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return false;
}

void SessionCauses::trimmed(const std::string& mon, std::uint64_t sock, double t) {
  auto it = peer_.find({mon, sock});
  if (it != peer_.end()) trims_[it->second].push_back({mon, t});
}

// The last rule that covers the pair decides, as the network's per-pair flags do.
bool SessionCauses::cut_since(const std::string& a, const std::string& b, double since) const {
  bool blocked = false;
  for (const auto& k : blocks_) {
    if (k.t > since && blocked) return true;  // blocked at `since`, or since
    if (any_matches(k.from, a) && any_matches(k.to, b)) blocked = k.blocked;
  }
  return blocked;
}

bool SessionCauses::was_since(const std::string& mon, const std::string& state, double since) const {
  auto it = states_.find(mon);
  if (it == states_.end()) return false;
  std::string current = "up";
  for (const auto& [t, s] : it->second) {
    if (t > since && current == state) return true;
    current = s;
  }
  return current == state;
}

double SessionCauses::trouble_from(const std::string& client, const std::string& mon, double since,
                                   double until) const {
  double first = until;
  auto seen = [&](double t) { first = std::min(first, std::max(t, since)); };
  if (auto it = trims_.find(client); it != trims_.end())
    for (const auto& [by, t] : it->second)
      if (by == mon && t >= since) seen(t);
  for (const auto& [pattern, t] : resets_)
    if (t >= since && matches(pattern, client)) seen(t);
  if (auto it = states_.find(mon); it != states_.end())
    for (const auto& [t, state] : it->second)
      if (t >= since && state != "up") {
        seen(t);
        break;
      }
  // The last rule that covers a pair decides (cut_since()): blocked either way at `since`,
  // or from the first rule after it that blocks the pair.
  bool there = false, back = false, found = false;
  for (const auto& k : blocks_) {
    if (k.t > until || found) break;
    const bool fwd = any_matches(k.from, client) && any_matches(k.to, mon);
    const bool rev = any_matches(k.from, mon) && any_matches(k.to, client);
    if (!fwd && !rev) continue;
    if (k.t > since && (there || back)) {
      seen(since);
      found = true;
      break;
    }
    if (fwd) there = k.blocked;
    if (rev) back = k.blocked;
    if (k.t >= since && (there || back)) {
      seen(k.t);
      found = true;
    }
  }
  if (!found && (there || back)) seen(since);
  return first;
}

double SessionCauses::last_cut(const std::string& client, const std::string& mon, double since, double until) const {
  double last = -1;
  if (auto it = trims_.find(client); it != trims_.end())
    for (const auto& [by, t] : it->second)
      if (by == mon && t >= since && t <= until) last = std::max(last, t);
  for (const auto& [pattern, t] : resets_)
    if (t >= since && t <= until && matches(pattern, client)) last = std::max(last, t);
  return last;
}

std::vector<std::pair<double, double>> SessionCauses::troubled_spans(const std::string& client, const std::string& mon,
                                                                   double from, double to) const {
  // The two histories merged in time order: the monitor's states, and the rules on the pair.
  static const std::vector<std::pair<double, std::string>> kNone;
  const auto it = states_.find(mon);
  const auto& states = it == states_.end() ? kNone : it->second;
  std::string state = "up";
  bool there = false, back = false;
  std::vector<std::pair<double, double>> spans;
  double bad_since = -1;
  auto settle = [&](double t) {
    const bool bad = state != "up" || there || back;
    if (bad && bad_since < 0) bad_since = t;
    if (!bad && bad_since >= 0) {
      if (t > from && bad_since < to) spans.push_back({std::max(bad_since, from), std::min(t, to)});
      bad_since = -1;
    }
  };
  std::size_t s = 0, b = 0;
  while (s < states.size() || b < blocks_.size()) {
    const bool state_first = b == blocks_.size() || (s < states.size() && states[s].first <= blocks_[b].t);
    const double t = state_first ? states[s].first : blocks_[b].t;
    if (t >= to) break;
    if (state_first) {
      state = states[s++].second;
    } else {
      const Block& k = blocks_[b++];
      if (any_matches(k.from, client) && any_matches(k.to, mon)) there = k.blocked;
      if (any_matches(k.from, mon) && any_matches(k.to, client)) back = k.blocked;
    }
    settle(t);
  }
  if (bad_since >= 0 && bad_since < to) spans.push_back({std::max(bad_since, from), to});
  return spans;
}

std::string SessionCauses::why(const std::string& client, const std::string& mon, double since,
                               const std::string& detected_by) const {
  if (detected_by == "stop") return "stop";
  if (auto it = trims_.find(client); it != trims_.end())
    for (const auto& [by, t] : it->second)
      if (by == mon && t >= since) return "trim";
  for (const auto& [pattern, t] : resets_)
    if (t >= since && matches(pattern, client)) return "reset";
  for (const auto& [state, reason] : {std::pair{"down", "kill"}, {"off", "poweroff"}, {"paused", "pause"}})
    if (was_since(mon, state, since)) return reason;
  if (cut_since(client, mon, since) || cut_since(mon, client, since)) return "partition";
  return detected_by;
}

}  // namespace monsim::sim
