// Metrics measured from the scenario's faults (scenarios/README.md, "Metrics relative to
// faults"): when each fault was applied and undone, how long each client took to notice it
// (lose its session) and to be back (a session with a usable monitor again), and how long each
// client was without one over the whole run.
#include <algorithm>
#include <limits>

#include "sim/report/metrics.h"
#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/fault_steps.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

// The kinds that end a fault rather than start one: a session loss after them is an earlier
// fault's doing, so they do not bound an earlier fault's noticing.
bool ends_a_fault(const std::string& kind) {
  return kind == "heal" || kind == "revive" || kind == "resume" || kind == "poweron";
}

// Was a session that ended for `reason` (sessions.csv's end_reason) lost to a fault of `kind`?
// A process fault or a cut only by its own doing; a reply rule, a latency or a clock step
// shows only as a keepalive timeout or a connection error; an undo is nothing to notice.
bool lost_to(const std::string& kind, const std::string& reason) {
  if (ends_a_fault(kind)) return false;
  if (kind == "kill" || kind == "pause" || kind == "poweroff" || kind == "reset") return reason == kind;
  if (kind == "partition" || kind == "partition_oneway") return reason == "partition";
  return reason != "stop";
}

json seconds_or_null(double x) { return x < 0 ? json(nullptr) : json(round_us(x)); }

}  // namespace

void MetricsBuilder::plan_faults(const Scenario& s) {
  faults_.assign(s.faults.size(), {});
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    FaultSeen& f = faults_[s.faults[i].index < faults_.size() ? s.faults[i].index : i];
    f.kind = fault_kind_name(s.faults[i].kind);
    f.has_undo = s.faults[i].for_ > 0;
    f.disruptive = !ends_a_fault(f.kind);
  }
  plan_.clear();
  for (const FaultStep& st : fault_steps(s)) {
    const Fault& f = s.faults[st.fault];
    plan_.push_back({f.index < faults_.size() ? f.index : st.fault, fault_kind_name(f.kind), st.undo});
  }
  plan_at_ = 0;
}

void MetricsBuilder::add_fault_event(const std::string& kind, bool undo, double t) {
  if (plan_.empty()) {  // no scenario: the events in order are the faults
    if (!undo) {
      faults_.push_back({kind, t, t, false, !ends_a_fault(kind)});
      return;
    }
    for (auto it = faults_.rbegin(); it != faults_.rend(); ++it)
      if (it->kind == kind && it->end == it->start) {
        it->has_undo = true;
        it->end = t;
        return;
      }
    return;
  }
  // The next step of the timeline of this kind (a step a fault event never came for, as a
  // real lab's log may lack one, is passed over).
  for (std::size_t j = plan_at_; j < plan_.size(); ++j) {
    if (plan_[j].kind != kind || plan_[j].undo != undo) continue;
    FaultSeen& f = faults_[plan_[j].fault];
    if (undo) {
      f.end = t;
    } else {
      f.start = t;
      f.end = f.has_undo ? -1 : t;
    }
    plan_at_ = j + 1;
    return;
  }
}

std::vector<MetricsBuilder::Outage> MetricsBuilder::outages(const std::string& name, const Client& c) const {
  std::vector<Outage> out;
  double from = c.first_seen;  // no session yet: it is out from its first event
  for (std::size_t row : c.session_rows) {
    const SessionRow& s = sessions_[row];
    if (from >= 0 && s.start > from) out.push_back({from, s.start});
    from = -1;
    const bool lost = s.end >= 0 && s.end_reason != "stop";
    const double until = s.end >= 0 ? s.end : end_;
    auto spans = causes_.troubled_spans(name, s.mon, s.start, until);
    // A lost session was lost to its last trouble (the one its client noticed, a pause or a
    // cut healed just before the keepalive check included): out from that trouble's start
    // until the next session. Its earlier troubles, and those of a session that outlived them
    // (a short freeze, a healed cut, the 2010 client's session it never checks), while they lasted.
    const double cut = lost ? causes_.last_cut(name, s.mon, s.start, s.end) : -1;
    if (lost && (cut >= 0 || !spans.empty())) {
      const bool by_span = !spans.empty() && spans.back().first >= cut;
      from = by_span ? spans.back().first : cut;
      if (by_span) spans.pop_back();
    } else if (lost) {
      from = s.end;  // for no trouble of its monitor's (a corrupt reply, dropped acks)
    }
    for (const auto& [a, b] : spans) {
      if (from >= 0 && a >= from) continue;
      const double to = from >= 0 ? std::min(b, from) : b;
      out.push_back({a, s.end < 0 && to >= end_ ? -1 : to});  // (still out at the end: never back)
    }
  }
  if (from >= 0) out.push_back({from, -1});
  return out;
}

json MetricsBuilder::client_fault_metrics(const Client& c, const std::vector<Outage>& out) const {
  json all = json::object();
  for (std::size_t n = 0; n < faults_.size(); ++n) {
    const FaultSeen& f = faults_[n];
    json one = {{"noticed_after", nullptr}, {"recovered_after", nullptr}};
    if (f.start >= 0) {
      // Noticed: the first session the client lost to it (lost_to()) from its start on, before
      // the next fault that is not an undo started (that loss would be the next fault's).
      double bound = std::numeric_limits<double>::infinity();
      for (const FaultSeen& g : faults_)
        if (g.disruptive && g.start > f.start && g.start < bound) bound = g.start;
      for (std::size_t row : c.session_rows) {
        const SessionRow& s = sessions_[row];
        if (s.end >= f.start && s.end < bound && lost_to(f.kind, s.end_reason)) {
          one["noticed_after"] = round_us(s.end - f.start);
          break;
        }
      }
      // Recovered: from the fault's end until the client is out of the outage it was in then.
      if (f.end >= 0) {
        double back = 0;
        for (const Outage& o : out)
          if (o.from <= f.end && (o.to < 0 || o.to > f.end)) back = o.to < 0 ? -1 : o.to - f.end;
        one["recovered_after"] = seconds_or_null(back);
      }
    }
    all[std::to_string(n)] = std::move(one);
  }
  return all;
}

json MetricsBuilder::fault_summary(const json& clients) const {
  json all = {{"count", faults_.size()}};
  for (std::size_t n = 0; n < faults_.size(); ++n) {
    const FaultSeen& f = faults_[n];
    const std::string key = std::to_string(n);
    double noticed = -1, recovered = -1;
    std::uint64_t noticing = 0;
    bool all_back = f.start >= 0 && f.end >= 0;
    for (const auto& [name, m] : clients.items()) {
      const json& one = m["faults"][key];
      if (one["noticed_after"].is_number()) {
        ++noticing;
        noticed = std::max(noticed, one["noticed_after"].get<double>());
      }
      if (one["recovered_after"].is_number()) recovered = std::max(recovered, one["recovered_after"].get<double>());
      else all_back = false;
    }
    all[key] = {{"kind", f.kind},
                {"start", seconds_or_null(f.start)},
                {"end", seconds_or_null(f.end)},
                {"noticed_after", seconds_or_null(noticed)},
                {"clients_noticed", noticing},
                {"recovered_after", all_back ? seconds_or_null(recovered) : json(nullptr)}};
  }
  return all;
}

}  // namespace monsim::sim
