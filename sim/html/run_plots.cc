// The plots of a run's page: the timeline (each client's sessions coloured by monitor, its
// hunts, its keepalive timeouts, the faults as shaded spans), each long hunt's backoff (the
// intervals between its picks) and the requests' latency over time.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "sim/html/csv_rows.h"
#include "sim/html/html.h"
#include "sim/html/run_page.h"
#include "sim/html/svg.h"

namespace monsim::sim::html {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

bool is_index(const std::string& key) {
  return !key.empty() && key.size() < 10 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double num(const json& o, const char* key, double fallback) {
  return o.is_object() && o.contains(key) && o[key].is_number() ? o[key].get<double>() : fallback;
}

// o[key], or null — without a copy (a storm's hunts are 10^4 objects).
const json& member(const json& o, const char* key) {
  static const json none;
  return o.is_object() && o.contains(key) ? o[key] : none;
}

std::string str(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : "";
}

// The clients the timeline has a lane for: client.0 … (at most kLanes), their lane numbers.
std::map<std::string, std::size_t> lanes_of(const json& run) {
  std::map<std::string, std::size_t> lanes;
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(num(run, "clients", 1)), kLanes);
  for (std::size_t i = 0; i < n; ++i) lanes["client." + std::to_string(i)] = i;
  return lanes;
}

void draw_faults(Chart& c, const json& summary, double duration) {
  const json& faults = member(summary, "faults");
  if (!faults.is_object()) return;
  for (const auto& [key, f] : faults.items())
    if (is_index(key))
      c.band(num(f, "start", 0), num(f, "end", duration), "faults[" + key + "] " + str(f, "kind"), "#d62728");
}

void draw_sessions(Chart& c, const fs::path& dir, const std::map<std::string, std::size_t>& lanes,
                   const std::map<std::string, std::size_t>& monitor, double duration) {
  std::vector<std::string> cols;
  read_csv(dir / "sessions.csv", &cols, [&](const std::vector<std::string>& r) {
    const auto lane = lanes.find(cell_of(cols, r, "client"));
    if (lane == lanes.end()) return true;
    const std::string mon = cell_of(cols, r, "mon");
    const auto m = monitor.find(mon);
    const double start = cell_number(cell_of(cols, r, "start_s")), end = cell_number(cell_of(cols, r, "end_s"));
    c.bar(start, std::isnan(end) ? duration : end, lane->second, 0.55, m == monitor.end() ? "#999" : palette(m->second),
          mon + ": session " + cell_of(cols, r, "session") + ", " + number(start) + " s to " +
              (std::isnan(end) ? "the end" : number(end) + " s (" + cell_of(cols, r, "end_reason") + ")"));
    return true;
  });
}

void draw_hunts(Chart& c, const json& summary, const std::map<std::string, std::size_t>& lanes, double duration) {
  const json& hunts = member(summary, "hunts");
  if (!hunts.is_object()) return;
  for (const auto& [key, h] : hunts.items()) {
    if (!is_index(key)) continue;
    const auto lane = lanes.find(str(h, "client"));
    if (lane == lanes.end()) continue;
    const double start = num(h, "start", 0), end = num(h, "end", duration);
    c.bar(start, end, lane->second, 0.16, "#333", "hunt " + key + ": " + number(start) + " s to " + number(end) + " s");
  }
  const json& kt = member(summary, "keepalive_timeouts");
  if (!kt.is_object()) return;
  for (const auto& [key, k] : kt.items()) {
    if (!is_index(key)) continue;
    const auto lane = lanes.find(str(k, "client"));
    if (lane != lanes.end())
      c.mark(num(k, "at", 0), lane->second, "#000", "keepalive timeout at " + number(num(k, "at", 0)) + " s");
  }
}

}  // namespace

std::string timeline_svg(const fs::path& dir, const json& summary) {
  const json& run = summary["run"];
  const double duration = num(run, "duration", 1);
  const auto lanes = lanes_of(run);
  std::vector<std::string> names(lanes.size());
  for (const auto& [name, i] : lanes) names[i] = name;
  const std::size_t clients = static_cast<std::size_t>(num(run, "clients", 1));
  const std::string which = clients > names.size() ? " (the first " + std::to_string(names.size()) + " of " +
                                                         std::to_string(clients) + " clients)" : "";
  Chart c("Timeline: sessions (by monitor), hunts, keepalive timeouts, faults" + which, "simulated time (s)", "", 900,
          64 + 26 * static_cast<int>(std::max<std::size_t>(names.size(), 2)));
  c.x_range(0, duration);
  c.lanes(names);
  std::map<std::string, std::size_t> monitor;
  if (run.contains("monitors") && run["monitors"].is_array())
    for (const auto& m : run["monitors"])
      if (m.is_string() && monitor.size() < 64) monitor.emplace(m.get<std::string>(), monitor.size());
  draw_faults(c, summary, duration);
  draw_sessions(c, dir, lanes, monitor, duration);
  draw_hunts(c, summary, lanes, duration);
  std::vector<std::pair<std::size_t, std::string>> by_rank;
  for (const auto& [name, i] : monitor) by_rank.push_back({i, name});
  std::sort(by_rank.begin(), by_rank.end());
  for (const auto& [i, name] : by_rank) c.legend("session with " + name, palette(i));
  c.legend("hunting", "#333");
  c.legend("keepalive timeout (x)", "#000");
  c.legend("fault (shaded)", "#f2c4c4");
  return c.svg();
}

std::string backoff_svg(const json& summary) {
  Chart c("Hunts' backoff: the interval before each pick", "pick", "seconds since the previous pick");
  const json& hunts = member(summary, "hunts");
  std::vector<std::pair<std::size_t, std::string>> longest;  // (-picks, key) would sort; keep the 8 with most picks
  if (hunts.is_object())
    for (const auto& [key, h] : hunts.items())
      if (is_index(key) && h.contains("pick_intervals") && h["pick_intervals"].is_array() && !h["pick_intervals"].empty())
        longest.push_back({h["pick_intervals"].size(), key});
  std::stable_sort(longest.begin(), longest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (longest.size() > 8) longest.resize(8);
  if (!longest.empty()) c.x_range(1, longest.front().first + 1.5);
  std::size_t colour = 0;
  for (const auto& [n, key] : longest) {
    const json& h = hunts[key];
    std::vector<std::pair<double, double>> xy;
    for (std::size_t k = 0; k < h["pick_intervals"].size() && k < 1000; ++k)
      if (h["pick_intervals"][k].is_number()) xy.push_back({k + 2.0, h["pick_intervals"][k].get<double>()});
    c.series("hunt " + key + " (" + str(h, "client") + ", from " + number(num(h, "start", 0)) + " s)", palette(colour++),
             Chart::Style::line, std::move(xy));
  }
  c.empty_note("no hunt picked more than one monitor");
  return c.svg();
}

std::string latency_svg(const fs::path& dir, const json& summary) {
  Chart c("Requests: latency by start time", "simulated time (s)", "latency (s)");
  c.x_range(0, num(summary["run"], "duration", 1));
  std::map<std::string, std::vector<std::pair<std::size_t, std::pair<double, double>>>> by_state;
  std::size_t seen = 0, stride = 1, kept = 0;
  std::vector<std::string> cols;
  read_csv(dir / "requests.csv", &cols, [&](const std::vector<std::string>& r) {
    const double start = cell_number(cell_of(cols, r, "start_s")), lat = cell_number(cell_of(cols, r, "latency_s"));
    const std::size_t i = seen++;
    if (std::isnan(start) || std::isnan(lat) || i % stride) return true;
    by_state[cell_of(cols, r, "state")].push_back({i, {start, lat}});
    if (++kept > kPoints) {  // thin out evenly: keep every other one, sample half as often from now on
      stride *= 2;
      kept = 0;
      for (auto& [state, pts] : by_state) {
        std::erase_if(pts, [stride](const auto& p) { return p.first % stride != 0; });
        kept += pts.size();
      }
    }
    return true;
  });
  std::size_t colour = 0;
  for (auto& [state, pts] : by_state) {
    std::vector<std::pair<double, double>> xy;
    for (const auto& p : pts) xy.push_back(p.second);
    c.series(state + (stride > 1 ? " (1 in " + std::to_string(stride) + ")" : ""), palette(colour++),
             Chart::Style::points, std::move(xy));
  }
  c.empty_note("no requests");
  return c.svg();
}

std::string text_head(const fs::path& file, std::size_t max_lines) {
  std::ifstream in(file, std::ios::binary);
  std::string out, line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ >= max_lines) continue;
    if (line.size() > 4096) line = line.substr(0, 4096) + " …";
    out += line + "\n";
  }
  if (n > max_lines) out += "… and " + std::to_string(n - max_lines) + " more lines in " + file.filename().string() + "\n";
  return out;
}

}  // namespace monsim::sim::html
