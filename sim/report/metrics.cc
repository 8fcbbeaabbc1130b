// MetricsBuilder's intake: every trace event, in order, into per-client state and the rows of
// requests.csv and sessions.csv. (The summary is metrics_summary.cc's, the tables metrics_csv.cc's.)
#include "sim/report/metrics.h"

#include <algorithm>
#include <cmath>

#include "client/kern/errno.h"
#include "sim/engine/sim_time.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

// The trace's time stamp of `t`: microseconds, truncated (format_seconds()), as a double.
double trace_seconds(nanos t) { return static_cast<double>(t / NS_PER_US) / 1e6; }

// A JSON list of strings ("[\"client.*\"]"), as the chaos events carry them.
std::vector<std::string> string_list(const json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace

// ------------------------------------------------------------------ events

const kern::FieldValue* MetricsBuilder::Event::find(std::string_view key) const { return find_field(fields, key); }
long long MetricsBuilder::Event::i(std::string_view key, long long def) const { return field_int(fields, key, def); }
std::uint64_t MetricsBuilder::Event::u(std::string_view key, std::uint64_t def) const {
  return field_uint(fields, key, def);
}
std::string MetricsBuilder::Event::s(std::string_view key) const { return field_text(fields, key); }

void MetricsBuilder::add(const TraceWriter::Line& line) {
  add_event({trace_seconds(line.t), line.node, line.event, line.fields});
}

void MetricsBuilder::add_json(const std::string& line) {
  const json e = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (e.is_discarded() || !e.is_object() || !e.contains("event") || !e["event"].is_string()) {
    ++bad_lines_;
    return;
  }
  std::vector<kern::Field> fields;
  for (const auto& [k, v] : e.items()) {
    if (k == "t" || k == "node" || k == "event") continue;
    if (v.is_number_unsigned()) fields.emplace_back(k, v.get<std::uint64_t>());
    else if (v.is_number_integer()) fields.emplace_back(k, v.get<long long>());
    else if (v.is_number_float()) fields.emplace_back(k, v.get<double>());
    else if (v.is_boolean()) fields.emplace_back(k, v.get<bool>());
    else if (v.is_string()) fields.emplace_back(k, v.get<std::string>());
    else fields.emplace_back(k, kern::JsonText{v.dump()});
  }
  const std::string node = e.value("node", "");
  const std::string name = e["event"].get<std::string>();
  const double t = e.contains("t") && e["t"].is_number() ? e["t"].get<double>() : 0.0;
  add_event({t, node, name, fields});
}

void MetricsBuilder::add_event(const Event& e) {
  end_ = std::max(end_, e.t);
  if (e.node == "chaos") {
    if (e.name != "fault") return;
    const std::string kind = e.s("kind");
    const bool undo = e.s("undo") == "true";
    add_fault_event(kind, undo, e.t);
    if (kind == "clock_step") {
      clock_steps_.push_back({e.s("client"), static_cast<double>(e.i("by_ns")) / 1e9});
    } else if (kind == "reset" && !undo) {
      causes_.reset(e.s("target"), e.t);
    } else if (kind == "partition" || kind == "heal") {
      const json groups = json::parse(e.s("groups"), nullptr, false);
      const bool block = kind == "partition" && !undo;
      if (groups.is_array())
        for (std::size_t g = 0; g < groups.size(); ++g)
          for (std::size_t h = 0; h < groups.size(); ++h)
            if (g != h) causes_.block(string_list(groups[g]), string_list(groups[h]), block, e.t);
    } else if (kind == "partition_oneway") {
      causes_.block(string_list(json::parse(e.s("from"), nullptr, false)),
                    string_list(json::parse(e.s("to"), nullptr, false)), !undo, e.t);
    }
    return;
  }
  if (e.node.rfind("mon.", 0) == 0) {
    const std::string mon(e.node);
    if (e.name == "mon_state") causes_.mon_state(mon, e.s("state"), e.t);
    else if (e.name == "conn_accept") causes_.accepted(mon, e.u("sock"), e.s("peer"));
    else if (e.name == "session_trim") causes_.trimmed(mon, e.u("conn"), e.t);
    return;
  }
  if (e.node.rfind("client.", 0) != 0) return;
  Client& c = client(e.node);
  if (c.first_seen < 0) c.first_seen = e.t;
  if (add_hunt_event(c, e) || add_session_event(c, e) || add_request_event(c, e)) return;
  add_other_event(c, e);
}

// hunt_pick, hunting_start, hunting_end: the hunts and their picks (the kernel's ranks).
bool MetricsBuilder::add_hunt_event(Client& c, const Event& e) {
  if (e.name == "hunt_pick") {
    const long long rank = e.i("rank", -1);
    if (c.hunting && !c.hunts.empty()) {
      c.hunts.back().picks.push_back(rank);
      c.hunts.back().pick_times.push_back(e.t);
    } else {
      c.pending_pick = rank;  // __open_session picks before it sets the hunting flag
      c.pending_pick_t = e.t;
    }
  } else if (e.name == "hunting_start") {
    Hunt h;
    h.start = e.t;
    if (c.pending_pick_t == e.t) {
      h.picks.push_back(c.pending_pick);
      h.pick_times.push_back(e.t);
    }
    c.hunts.push_back(h);
    c.hunting = true;
  } else if (e.name == "hunting_end") {
    if (!c.hunts.empty()) c.hunts.back().end = e.t;
    c.hunting = false;
  } else {
    return false;
  }
  return true;
}

// Sessions, how and why they end, and keepalive timeouts measured against the newest acked stamp.
bool MetricsBuilder::add_session_event(Client& c, const Event& e) {
  if (e.name == "session_established") {
    c.established.push_back(e.t);
    sessions_.push_back({std::string(e.node), e.s("mon"), static_cast<int>(e.i("rank", -1)), e.t, -1, "", ""});
    c.open_session = static_cast<long long>(sessions_.size()) - 1;
    c.session_rows.push_back(sessions_.size() - 1);
    // How this session ends is found after it began: not by a "stop" before it (librados'
    // bootstrap MonClient is shut down before the real one's first session).
    c.detected_by = "connection_error";
  } else if (e.name == "session_close") {
    if (c.open_session >= 0) {
      SessionRow& s = sessions_[static_cast<std::size_t>(c.open_session)];
      s.end = e.t;
      s.detected_by = c.detected_by;
      s.end_reason = causes_.why(s.client, s.mon, s.start, c.detected_by);
      c.open_session = -1;
    }
    c.detected_by = "connection_error";
  } else if (e.name == "keepalive_timeout") {
    c.detected_by = "keepalive_timeout";
    c.ka_at.push_back(e.t);
    // At detection: now (wall clock, with every step so far) minus the stamp of the newest
    // acknowledged keepalive.
    double step = 0;
    for (const auto& [pattern, by] : clock_steps_)
      if (pattern == "client.*" || pattern == e.node) step += by;
    const double now_wall = static_cast<double>(kRealtimeEpoch) / 1e9 + e.t + step;
    c.ka_after_last_ack.push_back(c.last_ack_stamp < 0 ? -1 : round_us(now_wall - c.last_ack_stamp));
  } else if (e.name == "keepalive2_ack") {
    c.last_ack_stamp = static_cast<double>(e.i("stamp_sec")) + static_cast<double>(e.i("stamp_nsec")) / 1e9;
  } else if (e.name == "stop") {
    c.detected_by = "stop";
  } else {
    return false;
  }
  return true;
}

// The workload's calls and the monitor requests they make: one row per call, bound to its
// request's tid (the request_submit that follows the call's op_start on that client).
bool MetricsBuilder::add_request_event(Client& c, const Event& e) {
  if (e.name == "op_start") {
    RequestRow r;
    r.client = std::string(e.node);
    r.kind = e.s("kind");
    r.op = e.u("op");
    r.start = e.t;
    requests_.push_back(r);
    c.open_ops[r.op] = requests_.size() - 1;
    c.unbound_op = static_cast<long long>(requests_.size()) - 1;
  } else if (e.name == "op_done") {
    auto it = c.open_ops.find(e.u("op"));
    if (it != c.open_ops.end()) {
      RequestRow& r = requests_[it->second];
      r.end = e.t;
      r.result = static_cast<int>(e.i("result"));
      r.err = e.s("err");
      c.open_ops.erase(it);
    }
  } else if (e.name == "request_submit") {
    const std::uint64_t tid = e.u("tid");
    c.held.insert({e.s("kind"), tid});
    if (c.unbound_op >= 0 && requests_[static_cast<std::size_t>(c.unbound_op)].kind == e.s("kind")) {
      requests_[static_cast<std::size_t>(c.unbound_op)].tid = tid;
      c.tids[{e.s("kind"), tid}] = static_cast<std::size_t>(c.unbound_op);
    }
    c.unbound_op = -1;
  } else if (e.name == "request_resend") {
    ++c.resent[e.s("kind")];
    if (auto it = c.tids.find({e.s("kind"), e.u("tid")}); it != c.tids.end()) ++requests_[it->second].resends;
  } else if (e.name == "request_done") {
    const std::uint64_t tid = e.u("tid");
    c.held.erase({e.s("kind"), tid});
    auto it = c.tids.find({e.s("kind"), tid});
    // Answered by a reply (not cancelled by a signal): in the session open now.
    if (it != c.tids.end() && c.open_session >= 0 && e.find("result") &&
        e.i("result") != -kern::ERR_ERESTARTSYS) {
      const SessionRow& s = sessions_[static_cast<std::size_t>(c.open_session)];
      RequestRow& r = requests_[it->second];
      r.mon = s.mon;
      r.rank = s.rank;
      r.session = c.open_session;
    }
  } else if (e.name == "op_skipped") {
    ++c.skipped[e.s("kind")];
  } else {
    return false;
  }
  return true;
}

// Subscriptions, maps, authentication and the mount.
void MetricsBuilder::add_other_event(Client& c, const Event& e) {
  if (e.name == "conn_open") {
    const std::string peer = e.s("peer");
    if (peer.rfind("mon.", 0) == 0) mon_attempts_[peer].push_back(e.t);
  } else if (e.name == "subscribe_sent") {
    ++c.sub_sent;
  } else if (e.name == "subscribe_renew") {
    ++c.sub_renewed;
  } else if (e.name == "auth_error") {
    ++c.auth_errors;
  } else if (e.name == "map_received") {
    c.epochs[e.s("map")] = e.u("epoch");
  } else if (e.name == "mount_done" || e.name == "mount_failed") {
    c.mount_result = static_cast<int>(e.i("result"));
    c.mount_at = e.t;
  }
}

double round_us(double s) { return std::round(s * 1e6) / 1e6; }


const char* request_state_name(RequestState s) {
  switch (s) {
    case RequestState::completed: return "completed";
    case RequestState::failed: return "failed";
    case RequestState::pending: return "pending";
    case RequestState::lost: return "lost";
  }
  return "";
}

RequestState MetricsBuilder::state_of(const RequestRow& r) const {
  if (r.end >= 0) return r.result == 0 ? RequestState::completed : RequestState::failed;
  if (is_request_kind(r.kind) && r.tid != 0 && !clients_.at(r.client).held.count({r.kind, r.tid})) return RequestState::lost;
  return RequestState::pending;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[rank == 0 ? 0 : rank - 1];
}

}  // namespace monsim::sim
