#include "sim/html/run_page.h"

#include <cmath>

#include "sim/html/csv_rows.h"
#include "sim/html/html.h"

namespace monsim::sim::html {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// A CSV table of the run as a sortable table: its first kTableRows rows, numbers sorted as numbers.
std::string csv_table(const fs::path& file, const std::string& caption) {
  Table t;
  t.caption = caption;
  std::size_t n = 0;
  if (!read_csv(file, &t.headers, [&](const std::vector<std::string>& r) {
        if (n++ >= kTableRows) return true;
        std::vector<std::string> cells;
        for (const auto& c : r) {
          const double v = cell_number(c);
          cells.push_back(std::isnan(v) ? escape(c) : number_cell(c, v));
        }
        t.rows.push_back(std::move(cells));
        return true;
      }))
    return "<p>" + escape(file.filename().string()) + ": not written</p>\n";
  if (n == 0) return "<p>none</p>\n";
  if (n > kTableRows)
    t.more = "… and " + std::to_string(n - kTableRows) + " more rows in " + file.filename().string();
  return t.html() + "<p>" + link(file.filename().string(), file.filename().string()) + "</p>\n";
}

std::string verdict_body(const RunReport& r) {
  std::string b = "<p>" + badge(r.verdict) + "</p>\n";
  if (!r.note.empty()) b += "<p>" + escape(r.note) + "</p>\n";
  if (!r.breaches.empty()) {
    b += "<p>Invariant breaches " + badge("breach") + "</p>\n<ul>\n";
    for (const auto& x : r.breaches)
      b += "<li><b>" + escape(x.headline) + "</b><br>found at: <code>" + escape(x.found_at) + "</code></li>\n";
    if (r.breaches_total > r.breaches.size())
      b += "<li>… and " + std::to_string(r.breaches_total - r.breaches.size()) + " more (summary.json: invariants)</li>\n";
    b += "</ul>\n";
  }
  if (r.expectations.empty()) return b + "<p>The scenario has no expectations of a run.</p>\n";
  Table t;
  t.headers = {"metric", "expected", "got", "verdict", "where", "the scenario's line"};
  for (const auto& x : r.expectations)
    t.rows.push_back({"<code>" + escape(x.metric) + "</code>", escape(x.expected), escape(x.got), badge(x.verdict),
                      escape(x.where), "<code>" + escape(x.line) + "</code>"});
  return b + t.html();
}

std::string lead(const RunReport& r, const json& run) {
  const auto s = [&](const char* k) { return run.contains(k) ? (run[k].is_string() ? run[k].get<std::string>() : run[k].dump()) : ""; };
  std::string l = "<p>" + badge(r.verdict) + " scenario <b>" + escape(s("scenario")) + "</b> (" + escape(s("file")) +
                  "), seed " + escape(s("seed")) + ", " + escape(s("clients")) + " client(s) " + escape(s("logic")) +
                  ", " + escape(s("duration")) + " s simulated, trace " + escape(s("trace_hash")) + "</p>\n";
  const json& sum = *r.summary;
  const auto count = [&](const char* group, const char* key) {
    return sum.contains(group) && sum[group].is_object() ? sum[group].value(key, json(0)).dump() : "0";
  };
  l += "<p>sessions " + count("sessions", "established") + ", hunts " + count("hunts", "count") +
       ", keepalive timeouts " + count("keepalive_timeouts", "count") + ", requests " + count("requests", "count") +
       " (lost " + count("requests", "lost") + "), invariant breaches " + count("invariants", "breaches") + "</p>\n";
  return l;
}

std::string links_list(const std::vector<std::pair<std::string, std::string>>& links, const std::string& none) {
  if (links.empty()) return "<p>" + escape(none) + "</p>\n";
  std::string b = "<ul>\n";
  for (const auto& [href, text] : links) b += "<li>" + link(href, text) + "</li>\n";
  return b + "</ul>\n";
}

std::string files_list(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> links;
  for (const char* f : {"summary.json", "trace.jsonl", "dmesg.txt", "client.log", "sessions.csv", "requests.csv",
                        "scenario.yaml"}) {
    std::error_code ec;
    if (fs::is_regular_file(dir / f, ec)) links.push_back({f, f});
  }
  return links_list(links, "none");
}

}  // namespace

std::string run_page(const RunReport& r) {
  const json& sum = *r.summary;
  const json& run = sum["run"];
  Page p("monsim run: " + run.value("scenario", std::string("?")) + ", seed " + run.value("seed", json(0)).dump());
  p.lead(lead(r, run));
  p.section("verdict", "Verdict", verdict_body(r));
  p.section("plots", "Plots", timeline_svg(r.dir, sum) + backoff_svg(sum) + latency_svg(r.dir, sum));
  p.section("sessions", "Sessions", csv_table(r.dir / "sessions.csv", "Each session: its monitor, when it began and ended, why it ended and what noticed."));
  p.section("requests", "Requests", csv_table(r.dir / "requests.csv", "Each request: when it was sent and answered, how often it was resent, to which monitor."));
  std::string log = pre(text_head(r.dir / "dmesg.txt", kLogLines));
  std::error_code ec;
  if (fs::is_regular_file(r.dir / "client.log", ec))
    log += "<p>client.0's Ceph log (" + link("client.log", "client.log") + "):</p>\n" + pre(text_head(r.dir / "client.log", kLogLines));
  p.section("log", "Kernel log (dmesg.txt)", log);
  p.section("scenario", "Scenario (resolved)", pre(text_head(r.dir / "scenario.yaml", kLogLines)));
  p.section("rerun", "Rerun", pre(r.rerun));
  p.section("history", "Earlier runs of this scenario", links_list(r.history, "none kept beside this one"));
  if (!r.compared.empty()) p.section("compared", "Compared with", links_list(r.compared, ""));
  p.section("files", "Files", files_list(r.dir));
  return p.str();
}

}  // namespace monsim::sim::html
