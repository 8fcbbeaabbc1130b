#include "sim/html/check_page.h"

#include "sim/html/html.h"

namespace monsim::sim::html {

namespace {

std::string verdict_of(const CaseResult& c) {
  if (!c.error.empty()) return "error";
  if (!c.breaches.empty()) return "breach";
  if (c.failed()) return "FAIL";
  return c.skipped ? "not judged" : "pass";
}

// What went wrong, a line each: the error, each breach, each miss.
std::string problems(const CaseResult& c) {
  std::string p;
  if (!c.error.empty()) p += "<div>" + escape(c.error) + "</div>";
  for (const auto& b : c.breaches) p += "<div>BREACH " + escape(b.headline) + "</div>";
  if (c.breaches_total > c.breaches.size())
    p += "<div>… and " + std::to_string(c.breaches_total - c.breaches.size()) + " more breaches</div>";
  for (const auto& m : c.misses)
    p += "<div>MISS " + escape(m.where) + ": " + escape(m.metric) + ": expected " + escape(m.expected) + ", got " +
         escape(m.actual) + "</div>";
  if (c.skipped) p += "<div>" + escape(c.skip_reason) + "</div>";
  return p.empty() ? "-" : p;
}

}  // namespace

std::string check_page(const std::vector<CheckCase>& cases, const std::string& counts) {
  Page p("monsim check: " + std::to_string(cases.size()) + " scenario(s)");
  bool all_pass = true;
  Table t;
  t.headers = {"scenario", "verdict", "file", "seed", "logic", "seconds (wall)", "what failed", "report", "rerun"};
  for (const auto& k : cases) {
    const CaseResult& c = *k.result;
    const std::string v = verdict_of(c);
    all_pass &= v == "pass" || v == "not judged";
    t.rows.push_back({escape(c.name), badge(v), escape(c.file), escape(c.seed), escape(c.logic),
                      number_cell(std::to_string(c.seconds).substr(0, 6), c.seconds), problems(c), k.report.empty() ? "-" : link(k.report, "report"),
                      c.rerun.empty() || !c.failed() ? "-" : "<code>" + escape(c.rerun) + "</code>"});
  }
  p.lead("<p>" + badge(all_pass ? "pass" : "FAIL") + " " + escape(counts) + "</p>\n");
  p.section("scenarios", "Scenarios", t.html());
  return p.str();
}

}  // namespace monsim::sim::html
