#include "sim/html/explore_page.h"

#include <algorithm>
#include <map>

#include "sim/html/html.h"
#include "sim/html/run_page.h"
#include "sim/html/svg.h"

namespace monsim::sim::html {

namespace {

std::string properties(const ExploreReport& r) {
  if (r.properties.empty()) return "<p>" + badge("pass") + " no run broke an invariant.</p>\n";
  std::string b;
  for (const auto& p : r.properties) {
    b += "<h3>" + badge("breach") + " " + escape(p.name) + "</h3>\n<p>" + std::to_string(p.runs) +
         " run(s) broke it; the first, run " + std::to_string(p.first_run) + ": " + escape(p.detail) + "</p>\n";
    if (!p.found_at.empty()) b += "<p>found at: <code>" + escape(p.found_at) + "</code></p>\n";
    b += "<p>rerun:</p>" + pre(p.rerun) + "<p>";
    b += p.kept.empty() ? "its run was not kept" : "its run: " + link(p.kept + "/report.html", p.kept);
    b += p.shrunk.empty() ? "; no shrunk scenario (interrupted, or it did not load)"
                          : "; shrunk: " + link(p.shrunk, p.shrunk) + " (monsim check on it exits 1 while the breach stands)";
    b += "</p>\n";
  }
  return b;
}

std::string kinds(const ExploreReport& r) {
  struct Count {
    std::size_t drawn = 0, runs = 0, broke = 0;
  };
  std::map<std::string, Count> by_kind;
  for (const auto& row : r.rows) {
    std::map<std::string, bool> in_run;
    for (const auto& k : row.fault_kinds) {
      ++by_kind[k].drawn;
      in_run[k] = true;
    }
    for (const auto& [k, yes] : in_run) {
      ++by_kind[k].runs;
      by_kind[k].broke += !row.broken.empty();
    }
  }
  if (by_kind.empty()) return "<p>No fault was drawn.</p>\n";
  Table t;
  t.headers = {"fault kind", "faults drawn", "runs with it", "of them broke an invariant"};
  Chart c("Runs with each fault kind (blue), and those of them that broke an invariant (red)", "runs", "", 900,
          64 + 26 * static_cast<int>(std::max<std::size_t>(by_kind.size(), 2)));
  std::vector<std::string> names;
  double most = 1;
  for (const auto& [k, n] : by_kind) {
    t.rows.push_back({escape(k), number_cell(n.drawn), number_cell(n.runs), number_cell(n.broke)});
    c.bar(0, static_cast<double>(n.runs), names.size(), 0.6, palette(0), k + ": " + std::to_string(n.runs) + " runs");
    c.bar(0, static_cast<double>(n.broke), names.size(), 0.3, palette(3), k + ": " + std::to_string(n.broke) + " broke");
    most = std::max(most, static_cast<double>(n.runs));
    names.push_back(k);
  }
  c.lanes(names);
  c.x_range(0, most * 1.05);
  c.legend("runs with it", palette(0));
  c.legend("of them broke an invariant", palette(3));
  return t.html() + c.svg();
}

std::string runs(const ExploreReport& r) {
  Table t;
  t.headers = {"run", "seed", "faults", "exit", "broken", "kept run", "schedule"};
  for (const auto& row : r.rows) {
    if (t.rows.size() == kTableRows) break;
    std::string kinds;
    for (const auto& k : row.fault_kinds) kinds += (kinds.empty() ? "" : " ") + k;
    t.rows.push_back({number_cell(static_cast<double>(row.run)), number_cell(static_cast<double>(row.seed)),
                      escape(kinds), number_cell(row.exit_code), escape(row.broken),
                      row.kept.empty() ? "-" : link(row.kept + "/report.html", row.kept),
                      "<code>" + escape(row.schedule) + "</code>"});
  }
  if (r.rows.size() > kTableRows)
    t.more = "… and " + std::to_string(r.rows.size() - kTableRows) + " more runs in explore.csv";
  return t.html() + "<p>" + link("explore.csv", "explore.csv") + "</p>\n";
}

}  // namespace

std::string explore_page(const ExploreReport& r) {
  Page p("monsim explore: " + r.scenario);
  std::size_t broke = 0;
  for (const auto& row : r.rows) broke += !row.broken.empty();
  p.lead("<p>" + badge(r.properties.empty() ? "pass" : "breach") + " " + std::to_string(r.rows.size()) + " of " +
         std::to_string(r.planned) + " runs from seed " + std::to_string(r.first_seed) + " on " + escape(r.file) +
         " (" + escape(r.logic) + "), " + std::to_string(broke) + " broke an invariant, " +
         std::to_string(r.properties.size()) + " properties" + (r.interrupted ? "; <b>interrupted</b>" : "") + "</p>\n");
  p.section("properties", "Properties broken", properties(r));
  p.section("kinds", "Fault kinds", kinds(r));
  p.section("runs", "Runs", runs(r));
  return p.str();
}

}  // namespace monsim::sim::html
