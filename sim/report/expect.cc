#include "sim/report/expect.h"

#include "sim/scenario/logics.h"

#include <charconv>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <sstream>

#include "sim/scenario/reality_plan.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');) out.push_back(part);
  return out;
}

bool is_index(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

}  // namespace

std::string show_value(const json& v) {
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  return v.dump();
}

std::string show_expected(const Expectation& x) {
  std::string s;
  auto one = [&](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, x.is_time ? "%gs" : "%g", v);
    return std::string(buf);
  };
  if (x.is_list) {
    s = "[";
    for (std::size_t i = 0; i < x.values.size(); ++i) s += (i ? ", " : "") + one(x.values[i]);
    s += "]";
  } else {
    s = one(x.values.at(0));
  }
  const char* cmp = x.cmp == Expectation::Cmp::equals ? "" : x.cmp == Expectation::Cmp::at_least ? ">= " : "<= ";
  if (x.tolerance > 0) s += " ± " + std::to_string(x.tolerance).substr(0, 8);
  return cmp + s;
}

bool compare(double actual, double want, Expectation::Cmp cmp, double tol) {
  switch (cmp) {
    case Expectation::Cmp::equals: return std::fabs(actual - want) <= tol + 1e-9;
    case Expectation::Cmp::at_least: return actual >= want - tol - 1e-9;
    case Expectation::Cmp::at_most: return actual <= want + tol + 1e-9;
  }
  return false;
}

bool is_count(const std::string& path) {
  static const std::regex counts(R"((count|established|lost|completed|failed|resent|sent|renewed|errors|epoch|connection_attempts|peak_attempts_per_s|picks|result|pending)$)");
  return std::regex_search(path, counts);
}

// A metric is the dotted path of a value in summary.json: object keys, and list indexes.
const json* lookup_metric(const json& summary, const std::string& path) {
  const json* cur = &summary;
  for (const std::string& p : split(path)) {
    if (cur->is_array()) {
      std::size_t k = 0;
      const auto r = std::from_chars(p.data(), p.data() + p.size(), k);
      if (!is_index(p) || r.ec != std::errc() || k >= cur->size()) return nullptr;
      cur = &(*cur)[k];
      continue;
    }
    if (!cur->is_object() || !cur->contains(p)) return nullptr;
    cur = &(*cur)[p];
  }
  return cur;
}

bool expectations_judged(const Scenario& s, const json& summary) {
  if (!s.expect_for_seed) return true;
  const json* seed = lookup_metric(summary, "run.seed");
  return !seed || !seed->is_number_unsigned() || seed->get<std::uint64_t>() == *s.expect_for_seed;
}

std::vector<Miss> check_expectations(const Scenario& s, const json& summary) {
  std::vector<Miss> misses;
  if (!expectations_judged(s, summary)) return misses;
  for (const auto& x : s.expect) {
    if (x.over_runs || x.against()) continue;  // a sweep's (sweep_table.h); a real run's (check_against)
    const json* v = lookup_metric(summary, x.metric);
    Miss m{x.metric, show_expected(x), "", x.pos.str()};
    if (!v || v->is_null()) {
      // null: the run has the metric and no value for it (a fault no client noticed).
      m.actual = v ? "none (null)" : "(no such value in this run)";
      misses.push_back(m);
      continue;
    }
    m.actual = show_value(*v);
    bool ok = true;
    if (x.is_list) {
      if (!v->is_array() || (x.cmp == Expectation::Cmp::equals && v->size() != x.values.size()) || v->size() < x.values.size()) {
        ok = false;
      } else {
        for (std::size_t k = 0; k < x.values.size(); ++k)
          ok = ok && (*v)[k].is_number() && compare((*v)[k].get<double>(), x.values[k], x.cmp, x.tolerance);
      }
    } else if (v->is_boolean()) {
      ok = compare(v->get<bool>() ? 1 : 0, x.values[0], x.cmp, x.tolerance);
    } else if (v->is_number()) {
      ok = compare(v->get<double>(), x.values[0], x.cmp, x.tolerance);
    } else {
      ok = false;
    }
    if (!ok) misses.push_back(m);
  }
  return misses;
}

namespace {

// One comparison's values, difference and verdict.
void judge_comparison(const json* v, const json* r, Comparison& c) {
  const bool have_v = v && !v->is_null(), have_r = r && !r->is_null();
  c.simulated = have_v ? show_value(*v) : "";
  c.real = have_r ? show_value(*r) : "";
  if (!have_v || !have_r) {
    c.verdict = !have_v && !have_r ? Comparison::Verdict::neither : Comparison::Verdict::missing;
    return;
  }
  bool ok = false;
  double worst = 0;
  bool numeric = false;
  if (v->is_number() && r->is_number()) {
    numeric = true;
    worst = v->get<double>() - r->get<double>();
    ok = compare(v->get<double>(), r->get<double>(), Expectation::Cmp::equals, c.tolerance);
  } else if (v->is_array() && r->is_array()) {  // element by element, as far as the real run goes
    ok = v->size() >= r->size();
    numeric = true;
    for (std::size_t k = 0; k < r->size() && k < v->size(); ++k) {
      if (!(*v)[k].is_number() || !(*r)[k].is_number()) {
        ok = numeric = false;
        break;
      }
      const double d = (*v)[k].get<double>() - (*r)[k].get<double>();
      if (std::fabs(d) > std::fabs(worst)) worst = d;
      ok = ok && compare((*v)[k].get<double>(), (*r)[k].get<double>(), Expectation::Cmp::equals, c.tolerance);
    }
  }
  const bool compared = v->is_number() || (v->is_array() && !r->empty() && !v->empty());
  if (numeric && compared) c.difference = (worst >= 0 ? "+" : "") + show_value(json(worst));
  c.verdict = ok ? Comparison::Verdict::agree : Comparison::Verdict::differ;
}

}  // namespace

std::vector<Comparison> compare_with_real(const Scenario& s, const json& summary, const json& real) {
  // A `monsim reality` run of this very scenario followed its schedule: each metric is the
  // same one on both sides. `real: PATH` names it in a real run of another schedule (the
  // lab's evidence: four faults in one run).
  const bool same_schedule = reality_run_of(s, real);
  std::vector<Comparison> rows;
  for (const auto& x : s.expect) {
    if (!x.against()) continue;
    Comparison c;
    c.metric = x.metric;
    c.real_path = same_schedule ? x.metric : x.real;
    c.tolerance = x.tolerance;
    c.where = x.pos.str();
    judge_comparison(lookup_metric(summary, x.metric), lookup_metric(real, c.real_path), c);
    rows.push_back(std::move(c));
  }
  return rows;
}

std::vector<Miss> check_against(const Scenario& s, const json& summary, const json& real, const std::string& real_dir) {
  std::vector<Miss> misses;
  for (const Comparison& c : compare_with_real(s, summary, real)) {
    if (c.verdict == Comparison::Verdict::agree || c.verdict == Comparison::Verdict::neither) continue;
    Miss m{c.metric, "", "", c.where};
    m.expected = "the real run's " + c.real_path + " (" + (c.real.empty() ? std::string("none") : c.real) + ")" +
                 (c.tolerance > 0 ? " ± " + show_value(json(c.tolerance)) : std::string()) + " in " + real_dir;
    m.actual = c.simulated.empty() ? "(no such value in this run)" : c.simulated;
    misses.push_back(std::move(m));
  }
  return misses;
}

std::string format_comparisons(const std::vector<Comparison>& rows) {
  std::size_t wm = 6, wr = 4, ws = 9, wd = 10;
  for (const auto& c : rows) {
    wm = std::max(wm, c.metric.size());
    wr = std::max(wr, c.real.size());
    ws = std::max(ws, c.simulated.size());
    wd = std::max(wd, c.difference.size());
  }
  auto pad = [](const std::string& t, std::size_t w) { return t + std::string(w > t.size() ? w - t.size() : 0, ' '); };
  std::string out = "  " + pad("metric", wm) + "  " + pad("real", wr) + "  " + pad("simulated", ws) + "  " +
                    pad("difference", wd) + "  tolerance  verdict\n";
  for (const auto& c : rows) {
    const char* verdict = c.verdict == Comparison::Verdict::agree    ? "agree"
                          : c.verdict == Comparison::Verdict::differ ? "MISS"
                          : c.verdict == Comparison::Verdict::neither ? "neither run has it"
                          : (c.real.empty() ? "MISS: the real run has none" : "MISS: this run has none");
    out += "  " + pad(c.metric, wm) + "  " + pad(c.real.empty() ? "-" : c.real, wr) + "  " +
           pad(c.simulated.empty() ? "-" : c.simulated, ws) + "  " + pad(c.difference.empty() ? "-" : c.difference, wd) +
           "  " + pad(c.tolerance > 0 ? show_value(json(c.tolerance)) : "0", 9) + "  " + verdict + "\n";
  }
  return out;
}

bool reality_run_of(const Scenario& s, const json& real, std::string* why) {
  const json* source = lookup_metric(real, "run.source");
  const json* name = lookup_metric(real, "run.scenario");
  const json* plan = lookup_metric(real, "run.plan");
  if (!source || *source != "monsim reality" || !name || *name != s.name || !plan || !plan->is_object()) return false;
  // The same schedule: the scenario's plan (with this command line's --set) has the real
  // run's duration and steps, and each step was applied within a second of its instant.
  const RealityPlan mine = plan_reality(s, true);
  static const json kNone;
  // A real run's summary is the user's file: a key may be missing (const operator[] would
  // not be defined then).
  const auto field = [&](const char* k) -> const json& { return plan->contains(k) ? (*plan)[k] : kNone; };
  const json& applied = field("applied");
  const auto differs = [&](const std::string& what) {
    if (why) *why = what;
    return false;
  };
  if (!field("duration").is_number() || std::fabs(field("duration").get<double>() - static_cast<double>(s.duration) / NS_PER_S) > 1e-6)
    return differs("another duration");
  if (!field("steps").is_number() || field("steps").get<double>() != static_cast<double>(mine.steps.size()) ||
      !applied.is_array() || applied.size() != mine.steps.size())
    return differs("another number of fault steps applied");
  for (std::size_t i = 0; i < applied.size(); ++i) {
    const json& a = applied[i];
    const RealityStep& st = mine.steps[i];
    if (!a.is_array() || a.size() != 3 || !a[0].is_number() || a[1] != st.kind || a[2] != st.undo ||
        std::fabs(a[0].get<double>() - static_cast<double>(st.at) / NS_PER_S) > 1.0)
      return differs("its fault step " + std::to_string(i + 1) + " is not this scenario's");
  }
  return true;
}

// A librados run's phase: its SafeTimer's latency (each tick late by it, 30 of them before a
// keepalive timeout) and the instant its first hunt began (librados' own start-up before it).
std::vector<std::string> userspace_phase_sets(const json& real) {
  std::vector<std::string> sets;
  const json* latency = lookup_metric(real, "run.timer_latency_us");
  if (latency && latency->is_number() && latency->get<double>() >= 0 && latency->get<double>() <= 1e5) {
    char lat[64];
    std::snprintf(lat, sizeof lat, "clients.timer_latency=%.0fus", std::round(latency->get<double>()));
    sets.push_back(lat);
  }
  const json* start = lookup_metric(real, "hunts.0.start");
  if (start && start->is_number() && start->get<double>() >= 0 && start->get<double>() < 60) {
    char at[64];
    std::snprintf(at, sizeof at, "clients.start=%.3fs", std::floor(start->get<double>() * 1000) / 1000);
    sets.push_back(at);
  }
  return sets;
}

std::vector<std::string> real_phase_sets(const Scenario& s, const json& real) {
  const json* client = lookup_metric(real, "run.client");
  if (client && client->is_string() && *client == "librados")
    return reality_run_of(s, real) && is_userspace_logic(s.clients.logic) ? userspace_phase_sets(real)
                                                                           : std::vector<std::string>{};
  const json* uptime = lookup_metric(real, "run.uptime_at_t0");
  const json* first = lookup_metric(real, "sessions.first_at");
  if (!reality_run_of(s, real) || !uptime || !uptime->is_number() || !first || !first->is_number()) return {};
  char up[64], start[64];
  std::snprintf(up, sizeof up, "clients.uptime=%.3fs", uptime->get<double>());
  // The simulated handshake takes milliseconds: the mount starts where the real session began.
  std::snprintf(start, sizeof start, "clients.start=%.2fs", std::floor(first->get<double>() * 100) / 100);
  std::vector<std::string> sets = {up, start};
  // The real TCP's smoothed RTT (its median, delayed ACKs included: kernel_log.h): the
  // simulated network's round trip, so that the simulated TCP arms the RTO the real one did
  // (srtt + 200 ms in jiffies: a few ms of RTT move it a jiffy, and a retransmission schedule
  // by hundreds of milliseconds).
  const json* srtt = lookup_metric(real, "run.tcp_srtt_us");
  if (srtt && srtt->is_number() && srtt->get<double>() >= 2 && srtt->get<double>() <= 1e6) {
    char lat[64];
    std::snprintf(lat, sizeof lat, "network.latency=%.0fus", std::round(srtt->get<double>() / 2));
    sets.push_back(lat);
  }
  return sets;
}


}  // namespace monsim::sim
