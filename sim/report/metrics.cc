#include "sim/report/metrics.h"

#include <algorithm>
#include <cmath>

#include "sim/engine/sim_time.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[rank == 0 ? 0 : rank - 1];
}

namespace {

bool is_request_kind(const std::string& k) { return k == "statfs" || k == "get_version" || k == "command"; }

double round_us(double s) { return std::round(s * 1e6) / 1e6; }

json latency(const std::vector<double>& v) {
  json j;
  for (auto [name, p] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p99", 99.0}, {"max", 100.0}}) {
    const double x = percentile(v, p);
    j[name] = x < 0 ? json(nullptr) : json(round_us(x));
  }
  return j;
}

}  // namespace

void MetricsBuilder::add(const std::string& line) {
  json e = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (e.is_discarded() || !e.contains("event")) {
    ++bad_lines_;
    return;
  }
  const double t = e.value("t", 0.0);
  end_ = std::max(end_, t);
  const std::string ev = e["event"].get<std::string>();
  const std::string node = e.value("node", "");

  if (node == "chaos") {
    if (ev == "fault" && e.value("kind", "") == "clock_step")
      clock_steps_.push_back({e.value("client", std::string()), static_cast<double>(e.value("by_ns", 0LL)) / 1e9});
    return;
  }
  if (node.rfind("client.", 0) != 0) return;
  Client& c = client(node);
  if (ev == "conn_open") {
    const std::string peer = e.value("peer", "");
    if (peer.rfind("mon.", 0) == 0) mon_attempts_[peer.substr(4)].push_back(t);
    return;
  }
  if (add_hunt_event(c, ev, e, t)) return;
  if (add_session_event(c, node, ev, e, t)) return;
  add_request_event(c, node, ev, e, t);
}

// hunt_pick, hunting_start, hunting_end: the hunts and their picks.
bool MetricsBuilder::add_hunt_event(Client& c, const std::string& ev, const json& e, double t) {
  if (ev == "hunt_pick") {
    const long long mon = e.value("mon", -1LL);
    if (c.hunting && !c.hunts.empty()) {
      c.hunts.back().picks.push_back(mon);
      c.hunts.back().pick_times.push_back(t);
    } else {
      c.pending_pick = mon;  // __open_session picks before it sets the hunting flag
      c.pending_pick_t = t;
    }
  } else if (ev == "hunting_start") {
    Hunt h;
    h.start = t;
    if (c.pending_pick_t == t) {
      h.picks.push_back(c.pending_pick);
      h.pick_times.push_back(t);
    }
    c.hunts.push_back(h);
    c.hunting = true;
  } else if (ev == "hunting_end") {
    if (!c.hunts.empty()) c.hunts.back().end = t;
    c.hunting = false;
  } else {
    return false;
  }
  return true;
}

// Sessions, why they end, and keepalive timeouts measured against the newest acked stamp.
bool MetricsBuilder::add_session_event(Client& c, const std::string& node, const std::string& ev,
                                       const json& e, double t) {
  if (ev == "session_established") {
    c.established.push_back(t);
    sessions_.push_back({node, std::to_string(e.value("mon", -1)), t, -1, ""});
    c.open_session = static_cast<int>(sessions_.size()) - 1;
  } else if (ev == "session_close") {
    if (c.open_session >= 0) {
      sessions_[c.open_session].end = t;
      sessions_[c.open_session].end_reason = c.last_end_cause;
      c.open_session = -1;
    }
    c.last_end_cause = "fault";
  } else if (ev == "keepalive_timeout") {
    c.last_end_cause = "keepalive_timeout";
    c.ka_at.push_back(t);
    // At detection: now (wall clock, with every step so far) minus the stamp of the newest
    // acknowledged keepalive.
    double step = 0;
    for (const auto& [pattern, by] : clock_steps_)
      if (pattern == "client.*" || pattern == node) step += by;
    const double now_wall = static_cast<double>(kRealtimeEpoch) / 1e9 + t + step;
    c.ka_after_last_ack.push_back(c.last_ack_stamp < 0 ? -1 : round_us(now_wall - c.last_ack_stamp));
  } else if (ev == "keepalive2_ack") {
    c.last_ack_stamp = static_cast<double>(e.value("stamp_sec", 0LL)) + static_cast<double>(e.value("stamp_nsec", 0LL)) / 1e9;
  } else if (ev == "stop") {
    c.last_end_cause = "stop";
  } else {
    return false;
  }
  return true;
}

// Requests, the per-client counters, maps and the mount.
void MetricsBuilder::add_request_event(Client& c, const std::string& node, const std::string& ev,
                                       const json& e, double t) {
  if (ev == "op_start") {
    requests_.push_back({node, e.value("kind", ""), t, -1, 0});
    c.open_ops[e.value("op", 0ULL)] = requests_.size() - 1;
  } else if (ev == "op_done") {
    auto it = c.open_ops.find(e.value("op", 0ULL));
    if (it != c.open_ops.end()) {
      requests_[it->second].end = t;
      requests_[it->second].result = e.value("result", 0);
      c.open_ops.erase(it);
    }
  } else if (ev == "request_resend") {
    ++c.resent;
  } else if (ev == "op_skipped") {
    ++c.skipped;
  } else if (ev == "subscribe_sent") {
    ++c.sub_sent;
  } else if (ev == "subscribe_renew") {
    ++c.sub_renewed;
  } else if (ev == "auth_error") {
    ++c.auth_errors;
  } else if (ev == "map_received") {
    c.epochs[e.value("map", "")] = e.value("epoch", 0ULL);
  } else if (ev == "mount_done" || ev == "mount_failed") {
    c.mount_result = e.value("result", 0);
    c.mount_at = t;
  } else if (ev == "run_end_client") {
    c.pending_at_end = e.value("pending", 0ULL);
  }
}

std::vector<SessionRow> MetricsBuilder::sessions() const { return sessions_; }

json MetricsBuilder::client_metrics(const std::string& name, const Client& c) const {
  json m;
  m["sessions"]["established"] = c.established.size();
  m["sessions"]["first_at"] = c.established.empty() ? json(nullptr) : json(c.established.front());
  json hunts = json::array();
  double max_d = 0, total = 0;
  for (const auto& h : c.hunts) {
    json j;
    j["start"] = h.start;
    j["end"] = h.end < 0 ? json(nullptr) : json(h.end);
    const double d = (h.end < 0 ? end_ : h.end) - h.start;
    j["duration"] = round_us(d);
    j["open"] = h.end < 0;
    j["picks"] = h.picks;
    std::vector<double> iv;
    for (std::size_t i = 1; i < h.pick_times.size(); ++i) iv.push_back(round_us(h.pick_times[i] - h.pick_times[i - 1]));
    j["pick_intervals"] = iv;
    max_d = std::max(max_d, d);
    total += d;
    hunts.push_back(j);
  }
  m["hunts"] = hunts;
  m["hunts_summary"] = {{"count", c.hunts.size()}, {"max_duration", round_us(max_d)}, {"total_duration", round_us(total)}};
  json kas = json::array();
  for (std::size_t i = 0; i < c.ka_at.size(); ++i) kas.push_back({{"at", c.ka_at[i]}, {"after_last_ack", c.ka_after_last_ack[i]}});
  m["keepalive_timeouts"] = kas;
  std::uint64_t count = 0, completed = 0, failed = 0, open = 0;
  std::map<std::string, std::vector<double>> lat;
  std::map<std::string, std::array<std::uint64_t, 3>> per_kind;
  for (const auto& r : requests_) {
    if (r.client != name) continue;
    auto& k = per_kind[r.kind];
    ++k[0];
    if (is_request_kind(r.kind)) ++count;
    if (r.end < 0) {
      if (is_request_kind(r.kind)) ++open;
      continue;
    }
    if (r.result == 0) {
      ++k[1];
      if (is_request_kind(r.kind)) ++completed;
      lat[r.kind].push_back(r.end - r.start);
    } else {
      ++k[2];
      if (is_request_kind(r.kind)) ++failed;
    }
  }
  m["requests"]["count"] = count;
  m["requests"]["completed"] = completed;
  m["requests"]["failed"] = failed;
  m["requests"]["resent"] = c.resent;
  m["requests"]["skipped"] = c.skipped;
  m["requests"]["pending"] = std::min<std::uint64_t>(open, c.pending_at_end);
  m["requests"]["lost"] = open > c.pending_at_end ? open - c.pending_at_end : 0;
  for (const auto& [kind, k] : per_kind) {
    m["requests"][kind]["count"] = k[0];
    m["requests"][kind]["completed"] = k[1];
    m["requests"][kind]["failed"] = k[2];
    m["requests"][kind]["latency"] = latency(lat[kind]);
  }
  m["subscriptions"] = {{"sent", c.sub_sent}, {"renewed", c.sub_renewed}};
  for (const char* map : {"osdmap", "monmap"}) {
    auto it = c.epochs.find(map);
    m["maps"][map]["epoch"] = it == c.epochs.end() ? 0 : it->second;
  }
  m["auth"]["errors"] = c.auth_errors;
  m["mount"]["result"] = c.mount_result == 1 ? json(nullptr) : json(c.mount_result);
  m["mount"]["at"] = c.mount_at < 0 ? json(nullptr) : json(c.mount_at);
  return m;
}

namespace {

// What the clients' metrics add up to.
struct Totals {
  std::uint64_t established = 0;
  double first = -1;
  std::vector<json> hunts, kas;
  double max_d = 0, total = 0;
  std::uint64_t rc = 0, rcomp = 0, rfail = 0, rres = 0, rlost = 0, rskip = 0, sent = 0, ren = 0, aerr = 0;
  std::map<std::string, std::uint64_t> epochs = {{"osdmap", UINT64_MAX}, {"monmap", UINT64_MAX}};
};

Totals add_up(const json& per, const std::vector<std::string>& names) {
  Totals t;
  for (const auto& n : names) {
    const json& m = per[n.substr(7)];
    t.established += m["sessions"]["established"].get<std::uint64_t>();
    if (!m["sessions"]["first_at"].is_null()) {
      const double f = m["sessions"]["first_at"].get<double>();
      if (t.first < 0 || f < t.first) t.first = f;
    }
    for (const auto& h : m["hunts"]) t.hunts.push_back(h);
    for (const auto& k : m["keepalive_timeouts"]) t.kas.push_back(k);
    t.max_d = std::max(t.max_d, m["hunts_summary"]["max_duration"].get<double>());
    t.total += m["hunts_summary"]["total_duration"].get<double>();
    t.rc += m["requests"]["count"].get<std::uint64_t>();
    t.rcomp += m["requests"]["completed"].get<std::uint64_t>();
    t.rfail += m["requests"]["failed"].get<std::uint64_t>();
    t.rres += m["requests"]["resent"].get<std::uint64_t>();
    t.rskip += m["requests"]["skipped"].get<std::uint64_t>();
    t.rlost += m["requests"]["lost"].get<std::uint64_t>();
    t.sent += m["subscriptions"]["sent"].get<std::uint64_t>();
    t.ren += m["subscriptions"]["renewed"].get<std::uint64_t>();
    t.aerr += m["auth"]["errors"].get<std::uint64_t>();
    for (auto& [map, e] : t.epochs) e = std::min<std::uint64_t>(e, m["maps"][map]["epoch"].get<std::uint64_t>());
  }
  std::stable_sort(t.hunts.begin(), t.hunts.end(), [](const json& a, const json& b) { return a["start"].get<double>() < b["start"].get<double>(); });
  std::stable_sort(t.kas.begin(), t.kas.end(), [](const json& a, const json& b) { return a["at"].get<double>() < b["at"].get<double>(); });
  return t;
}

// The mount: the worst result (0 when every client mounted) and the last to finish.
json mount_summary(const json& per, const std::vector<std::string>& names) {
  json mount_result = nullptr, mount_at = nullptr;
  for (const auto& n : names) {
    const json& m = per[n.substr(7)]["mount"];
    if (!m["result"].is_null() && (mount_result.is_null() || m["result"].get<int>() < mount_result.get<int>()))
      mount_result = m["result"];
    if (!m["at"].is_null() && (mount_at.is_null() || m["at"].get<double>() > mount_at.get<double>())) mount_at = m["at"];
  }
  return {{"result", mount_result}, {"at", mount_at}};
}

}  // namespace

// The requests: the clients' counts, then latencies overall and by kind.
json MetricsBuilder::request_summary(json counts) const {
  std::vector<double> all_lat;
  std::map<std::string, std::vector<double>> kind_lat;
  std::map<std::string, std::array<std::uint64_t, 3>> kinds;
  for (const auto& r : requests_) {
    auto& k = kinds[r.kind];
    ++k[0];
    if (r.end < 0) continue;
    if (r.result == 0) {
      ++k[1];
      kind_lat[r.kind].push_back(r.end - r.start);
      if (is_request_kind(r.kind)) all_lat.push_back(r.end - r.start);
    } else {
      ++k[2];
    }
  }
  json out = std::move(counts);
  out["latency"] = latency(all_lat);
  for (const auto& [kind, k] : kinds) {
    out[kind] = {{"count", k[0]}, {"completed", k[1]}, {"failed", k[2]}};
    out[kind]["latency"] = latency(kind_lat[kind]);
  }
  return out;
}

// Connection attempts per monitor, and the most in any one second.
json MetricsBuilder::mon_summary() const {
  json mons = json::object();
  for (const auto& [mon, times] : mon_attempts_) {
    std::map<long long, std::uint64_t> per_second;
    for (double x : times) ++per_second[static_cast<long long>(std::floor(x))];
    std::uint64_t peak = 0;
    for (const auto& [sec, n] : per_second) peak = std::max(peak, n);
    mons[mon] = {{"connection_attempts", times.size()}, {"peak_attempts_per_s", peak}};
  }
  return mons;
}

json MetricsBuilder::summary() const {
  json per = json::object();
  std::vector<std::string> names;
  for (const auto& [name, c] : clients_) names.push_back(name);
  // client.10 after client.9
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a.substr(7)) < std::stoi(b.substr(7));
  });
  for (const auto& n : names) per[n.substr(7)] = client_metrics(n, clients_.at(n));
  const Totals t = add_up(per, names);

  json s;
  s["sessions"] = {{"established", t.established}, {"first_at", t.first < 0 ? json(nullptr) : json(t.first)}};
  json hj = json::array();
  for (auto& h : t.hunts) hj.push_back(h);
  s["hunts"] = hj;
  // hunts.count etc. sit beside the list: a JSON array cannot carry them, so the summary
  // keeps them under hunts_summary and expectation look-ups map hunts.count there.
  s["hunts_summary"] = {{"count", t.hunts.size()}, {"max_duration", round_us(t.max_d)}, {"total_duration", round_us(t.total)}};
  json kj = json::array();
  for (auto& k : t.kas) kj.push_back(k);
  s["keepalive_timeouts"] = kj;
  s["keepalive_timeouts_summary"] = {{"count", t.kas.size()}};
  s["requests"] = request_summary({{"count", t.rc}, {"completed", t.rcomp}, {"failed", t.rfail},
                                   {"resent", t.rres}, {"lost", t.rlost}, {"skipped", t.rskip}});
  s["subscriptions"] = {{"sent", t.sent}, {"renewed", t.ren}};
  for (const auto& [map, e] : t.epochs) s["maps"][map]["epoch"] = e == UINT64_MAX ? 0 : e;
  s["auth"]["errors"] = t.aerr;
  s["mount"] = mount_summary(per, names);
  s["mons"] = mon_summary();
  s["clients"] = per;
  return s;
}

}  // namespace monsim::sim
