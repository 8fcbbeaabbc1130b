// summary.json: the metrics of each client, what they add up to, and the monitors' load.
// Every metric name is a dotted path into it (metrics.h).
#include <algorithm>
#include <array>
#include <cmath>

#include "sim/report/metrics.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

json latency(const std::vector<double>& v) {
  json j;
  for (auto [name, p] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p99", 99.0}, {"max", 100.0}}) {
    const double x = percentile(v, p);
    j[name] = x < 0 ? json(nullptr) : json(round_us(x));
  }
  return j;
}

// The counts of one kind of call, or of all the monitor requests together.
struct KindTotals {
  std::uint64_t count = 0, completed = 0, failed = 0, resent = 0, lost = 0, pending = 0, skipped = 0;
  std::vector<double> latencies;

  json to_json() const {
    json j = {{"count", count},     {"completed", completed}, {"failed", failed}, {"resent", resent},
              {"lost", lost},       {"pending", pending},     {"skipped", skipped}};
    j["latency"] = latency(latencies);
    return j;
  }
};

// Reconnect times: how long each hunt after the first (the mount's) took, finished ones only.
std::vector<double> reconnect_times(const std::vector<double>& durations, const std::vector<bool>& open) {
  std::vector<double> out;
  for (std::size_t i = 1; i < durations.size(); ++i)
    if (!open[i]) out.push_back(durations[i]);
  return out;
}

json reconnects(const std::vector<double>& times) {
  json j = {{"count", times.size()}};
  j.update(latency(times));
  return j;
}

// Records (hunts, keepalive timeouts) as an object: totals first, then each by its index.
// Adds a member whose key the object cannot hold yet. An ordered_json object is a vector
// searched linearly, so obj[key] over a storm's 10^5 clients or hunts is quadratic (it was
// most of a 100 000-client run's summary); a key known to be new goes straight to the end.
void append_new(json& obj, std::string key, json value) {
  obj.get_ref<json::object_t&>().emplace_back(std::move(key), std::move(value));
}

// (The records are moved in: a storm's summary holds 10^4-10^5 of them, and each copy of a
// json object is a tree of allocations.)
json indexed(json totals, std::vector<json>&& records) {
  for (std::size_t i = 0; i < records.size(); ++i) append_new(totals, std::to_string(i), std::move(records[i]));
  return totals;
}

}  // namespace

// The requests of `client` ("" for every client): totals over the monitor requests, then by kind.
json MetricsBuilder::request_metrics(const std::string& client, const std::vector<const RequestRow*>& rows) const {
  KindTotals all;
  std::map<std::string, KindTotals> kinds;
  for (const RequestRow* row : rows) {
    const RequestRow& r = *row;
    KindTotals& k = kinds[r.kind];
    ++k.count;
    switch (state_of(r)) {
      case RequestState::completed:
        ++k.completed;
        k.latencies.push_back(r.end - r.start);
        break;
      case RequestState::failed: ++k.failed; break;
      case RequestState::lost: ++k.lost; break;
      case RequestState::pending: ++k.pending; break;
    }
  }
  auto add_counts = [&kinds](const Client& c) {
    for (const auto& [kind, n] : c.resent) kinds[kind].resent += n;
    for (const auto& [kind, n] : c.skipped) kinds[kind].skipped += n;
  };
  if (client.empty()) {
    for (const auto& [name, c] : clients_) add_counts(c);
  } else {
    add_counts(clients_.at(client));
  }
  for (const auto& [kind, k] : kinds) {
    all.skipped += k.skipped;
    all.resent += k.resent;
    if (!is_request_kind(kind)) continue;
    all.count += k.count;
    all.completed += k.completed;
    all.failed += k.failed;
    all.lost += k.lost;
    all.pending += k.pending;
    all.latencies.insert(all.latencies.end(), k.latencies.begin(), k.latencies.end());
  }
  json j = all.to_json();
  for (const auto& [kind, k] : kinds) j[kind] = k.to_json();
  return j;
}

std::vector<double> MetricsBuilder::client_reconnects(const Client& c) const {
  std::vector<double> durations;
  std::vector<bool> open;
  for (const auto& h : c.hunts) {
    durations.push_back(h.end < 0 ? end_ - h.start : h.end - h.start);
    open.push_back(h.end < 0);
  }
  return reconnect_times(durations, open);
}

json MetricsBuilder::client_metrics(const std::string& name, const Client& c,
                                    const std::vector<const RequestRow*>& rows) const {
  json m;
  m["sessions"]["established"] = c.established.size();
  m["sessions"]["first_at"] = c.established.empty() ? json(nullptr) : json(c.established.front());
  std::vector<json> hunts;
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
    hunts.push_back(std::move(j));
  }
  json last = hunts.empty() ? json(nullptr) : hunts.back();
  m["hunts"] = indexed(
      {{"count", c.hunts.size()}, {"max_duration", round_us(max_d)}, {"total_duration", round_us(total)}},
      std::move(hunts));
  if (!last.is_null()) m["hunts"]["last"] = std::move(last);  // the same hunt as hunts.<count-1>
  std::vector<json> kas;
  for (std::size_t i = 0; i < c.ka_at.size(); ++i)
    kas.push_back({{"at", c.ka_at[i]}, {"after_last_ack", c.ka_after_last_ack[i]}});
  m["reconnects"] = reconnects(client_reconnects(c));
  const std::size_t ka_count = kas.size();
  m["keepalive_timeouts"] = indexed({{"count", ka_count}}, std::move(kas));
  m["requests"] = request_metrics(name, rows);
  m["subscriptions"] = {{"sent", c.sub_sent}, {"renewed", c.sub_renewed}};
  for (const char* map : {"osdmap", "monmap"}) {
    auto it = c.epochs.find(map);
    m["maps"][map]["epoch"] = it == c.epochs.end() ? 0 : it->second;
  }
  m["auth"]["errors"] = c.auth_errors;
  m["mount"]["result"] = c.mount_result == 1 ? json(nullptr) : json(c.mount_result);
  m["mount"]["at"] = c.mount_at < 0 ? json(nullptr) : json(c.mount_at);
  const std::vector<Outage> out = outages(name, c);
  double unavailable = 0;
  for (const Outage& o : out) unavailable += (o.to < 0 ? end_ : o.to) - o.from;
  m["unavailable"] = round_us(unavailable);
  if (!faults_.empty()) m["faults"] = client_fault_metrics(c, out);
  return m;
}

namespace {

// What the clients' metrics add up to (besides the requests, counted from the rows).
struct Totals {
  std::uint64_t established = 0;
  double first = -1;
  std::vector<json> hunts, kas;
  double max_d = 0, total = 0;
  std::uint64_t sent = 0, renewed = 0, auth_errors = 0;
  std::map<std::string, std::uint64_t> epochs = {{"osdmap", UINT64_MAX}, {"monmap", UINT64_MAX}};
  json mount_result = nullptr, mount_at = nullptr;  // the worst result; the last to finish

  void add(const std::string& client, const json& m) {
    established += m["sessions"]["established"].get<std::uint64_t>();
    if (!m["sessions"]["first_at"].is_null()) {
      const double f = m["sessions"]["first_at"].get<double>();
      if (first < 0 || f < first) first = f;
    }
    const json& h = m["hunts"];
    for (std::size_t i = 0; i < h["count"].get<std::size_t>(); ++i) {
      json one = {{"client", client}};
      one.update(h[std::to_string(i)]);
      hunts.push_back(std::move(one));
    }
    const json& k = m["keepalive_timeouts"];
    for (std::size_t i = 0; i < k["count"].get<std::size_t>(); ++i) {
      json one = {{"client", client}};
      one.update(k[std::to_string(i)]);
      kas.push_back(std::move(one));
    }
    max_d = std::max(max_d, h["max_duration"].get<double>());
    total += h["total_duration"].get<double>();
    sent += m["subscriptions"]["sent"].get<std::uint64_t>();
    renewed += m["subscriptions"]["renewed"].get<std::uint64_t>();
    auth_errors += m["auth"]["errors"].get<std::uint64_t>();
    for (auto& [map, e] : epochs) e = std::min<std::uint64_t>(e, m["maps"][map]["epoch"].get<std::uint64_t>());
    const json& mount = m["mount"];
    if (!mount["result"].is_null() && (mount_result.is_null() || mount["result"].get<int>() < mount_result.get<int>()))
      mount_result = mount["result"];
    if (!mount["at"].is_null() && (mount_at.is_null() || mount["at"].get<double>() > mount_at.get<double>()))
      mount_at = mount["at"];
  }

  void sort() {
    auto by = [](const char* key) {
      return [key](const json& a, const json& b) { return a[key].get<double>() < b[key].get<double>(); };
    };
    std::stable_sort(hunts.begin(), hunts.end(), by("start"));
    std::stable_sort(kas.begin(), kas.end(), by("at"));
  }
};

}  // namespace

// Connection attempts per monitor, and the most in any one second; every monitor of the
// cluster, tried or not, keyed by its short name ("a": mons.a.connection_attempts).
json MetricsBuilder::mon_summary() const {
  std::vector<std::string> names = monitors_;
  for (const auto& [mon, times] : mon_attempts_)
    if (std::find(names.begin(), names.end(), mon) == names.end()) names.push_back(mon);
  json mons = json::object();
  for (std::size_t rank = 0; rank < names.size(); ++rank) {
    const std::string& mon = names[rank];
    std::uint64_t attempts = 0, peak = 0;
    if (auto it = mon_attempts_.find(mon); it != mon_attempts_.end()) {
      std::map<long long, std::uint64_t> per_second;
      for (double x : it->second) ++per_second[static_cast<long long>(std::floor(x))];
      for (const auto& [sec, n] : per_second) peak = std::max(peak, n);
      attempts = it->second.size();
    }
    const bool known = rank < monitors_.size();
    mons[mon.substr(4)] = {{"name", mon},
                           {"rank", known ? static_cast<long long>(rank) : -1LL},
                           {"connection_attempts", attempts},
                           {"peak_attempts_per_s", peak}};
  }
  return mons;
}

json MetricsBuilder::summary() const {
  std::vector<std::string> names;
  for (const auto& [name, c] : clients_) names.push_back(name);
  // client.10 after client.9
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a.substr(7)) < std::stoi(b.substr(7));
  });
  // The rows, every one and each client's (one pass: a storm has 10^4 clients and 10^6 calls).
  std::vector<const RequestRow*> all_rows;
  std::map<std::string, std::vector<const RequestRow*>> rows_of;
  for (const auto& r : requests_) {
    all_rows.push_back(&r);
    rows_of[r.client].push_back(&r);
  }
  static const std::vector<const RequestRow*> none;
  json per = json::object();
  Totals t;
  for (const auto& n : names) {
    auto it = rows_of.find(n);
    json m = client_metrics(n, clients_.at(n), it == rows_of.end() ? none : it->second);
    t.add(n, m);
    append_new(per, n.substr(7), std::move(m));  // names are unique
  }
  t.sort();

  json s;
  s["sessions"] = {{"established", t.established}, {"first_at", t.first < 0 ? json(nullptr) : json(t.first)}};
  const std::size_t hunt_count = t.hunts.size();
  json last = t.hunts.empty() ? json(nullptr) : t.hunts.back();  // the one that started last
  s["hunts"] = indexed(
      {{"count", hunt_count}, {"max_duration", round_us(t.max_d)}, {"total_duration", round_us(t.total)}},
      std::move(t.hunts));
  if (!last.is_null()) s["hunts"]["last"] = std::move(last);
  std::vector<double> all_reconnects;
  for (const auto& n : names) {
    const std::vector<double> r = client_reconnects(clients_.at(n));
    all_reconnects.insert(all_reconnects.end(), r.begin(), r.end());
  }
  s["reconnects"] = reconnects(all_reconnects);
  const std::size_t ka_count = t.kas.size();
  s["keepalive_timeouts"] = indexed({{"count", ka_count}}, std::move(t.kas));
  s["requests"] = request_metrics("", all_rows);
  s["subscriptions"] = {{"sent", t.sent}, {"renewed", t.renewed}};
  for (const auto& [map, e] : t.epochs) s["maps"][map]["epoch"] = e == UINT64_MAX ? 0 : e;
  s["auth"]["errors"] = t.auth_errors;
  s["mount"] = {{"result", t.mount_result}, {"at", t.mount_at}};
  s["mons"] = mon_summary();
  double worst = 0, total = 0;
  for (const auto& [n, m] : per.items()) {
    worst = std::max(worst, m["unavailable"].get<double>());
    total += m["unavailable"].get<double>();
  }
  s["unavailable"] = {{"max", round_us(worst)}, {"total", round_us(total)}};
  if (!faults_.empty()) s["faults"] = fault_summary(per);
  s["clients"] = std::move(per);
  return s;
}

}  // namespace monsim::sim
