#include "sim/cli/run_report.h"

#include <algorithm>

#include "sim/html/run_page.h"
#include "sim/report/expect.h"
#include "sim/report/file_out.h"
#include "sim/report/scenario_folder.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// Line `n` (from 1) of the scenario file's text, or "" if it has no such line.
std::string line_of(const std::string& text, int n) {
  std::size_t at = 0;
  for (int i = 1; i < n && at != std::string::npos; ++i) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (n < 1 || at == std::string::npos || at >= text.size()) return "";
  const std::string line = text.substr(at, text.find('\n', at) - at);
  return line.size() > 300 ? line.substr(0, 300) + " …" : line;
}

// Each expectation of the run (not those over a sweep's runs): its value and verdict.
std::vector<html::ExpectationRow> expectation_rows(const Scenario& s, const RunOutcome& out) {
  std::vector<html::ExpectationRow> rows;
  const bool judged = expectations_judged(s, out.summary);
  std::string text, error;  // the scenario file as written, for each expectation's line ("" if unreadable)
  if (!s.expect.empty() && !read_input_file(s.file, limits::kFileBytes, "a scenario file", &text, &error)) text.clear();
  for (const auto& x : s.expect) {
    if (x.over_runs) continue;
    html::ExpectationRow r;
    r.metric = x.metric;
    const json* v = lookup_metric(out.summary, x.metric);
    r.got = v && !v->is_null() ? show_value(*v) : "none";
    r.where = x.pos.str();
    const bool missed = std::any_of(out.misses.begin(), out.misses.end(),
                                    [&](const Miss& m) { return m.where == r.where && m.metric == x.metric; });
    r.verdict = !judged || x.against() ? "not judged" : missed ? "miss" : "pass";
    // A comparison with a real run is judged by `monsim check --against DIR` only.
    r.expected = x.against() ? "the real run's " + x.real + " (check --against)" : show_expected(x);
    r.line = x.pos.file == s.file || x.pos.file.empty() ? line_of(text, x.pos.line) : "";
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> history_links(const fs::path& run) {
  std::vector<std::pair<std::string, std::string>> links;
  const fs::path folder = run.parent_path().empty() ? fs::path(".") : run.parent_path();
  std::error_code ec;
  if (!fs::is_regular_file(folder / kScenarioMarker, ec)) return links;
  for (const auto& dir : folder_runs(folder)) {  // newest first
    if (links.size() == 20) break;
    const std::string name = dir.filename().string();
    if (name == run.filename().string() || !fs::is_regular_file(dir / kRunMarker, ec)) continue;
    const bool page = fs::is_regular_file(dir / "report.html", ec);
    links.push_back({"../" + name + (page ? "/report.html" : "/summary.json"), name});
  }
  return links;
}

bool write_run_report(const Scenario& s, const RunDir& run_dir, const RunOutcome& out, const RunOptions& opts,
                      std::string* why) {
  html::RunReport r;
  r.dir = run_dir.tmp();
  r.summary = &out.summary;
  const bool judged = expectations_judged(s, out.summary);
  r.verdict = !out.misses.empty() || out.unexpected_breaches ? "FAIL" : judged ? "pass" : "not judged";
  if (!judged)
    r.note = s.name + "'s expectations are for seed " + std::to_string(*s.expect_for_seed) + "; this run's seed " +
             std::to_string(s.seed) + ": not judged";
  r.expectations = expectation_rows(s, out);
  for (const auto& b : out.breaches) r.breaches.push_back({breach_headline(b), b.line});
  r.breaches_total = out.summary.contains("invariants") ? out.summary["invariants"].value("breaches", 0ULL) : 0;
  r.rerun = rerun_command(s, opts.sets);
  r.history = history_links(run_dir.dir());
  r.compared = opts.compared;
  return write_text_file(run_dir.file("report.html"), html::run_page(r), why);
}

}  // namespace monsim::sim
