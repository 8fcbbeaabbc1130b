#include "sim/cli/sweep_junit.h"

#include <algorithm>

#include "sim/cli/exit_codes.h"

namespace monsim::sim {

namespace {

std::string combo_label(const SweepTable& table, const std::vector<std::string>& values) {
  std::string label;
  for (std::size_t k = 0; k < table.keys.size() && k < values.size(); ++k)
    label += (label.empty() ? "" : ", ") + table.keys[k] + "=" + values[k];
  return label;
}

}  // namespace

std::vector<CaseResult> sweep_cases(const Scenario& s, const SweepTable& table,
                                    const std::map<std::size_t, FailedRun>& failed, const std::vector<Miss>& over_runs,
                                    const std::string& timestamp) {
  std::vector<CaseResult> cases;
  std::vector<std::vector<std::string>> combos;
  for (const auto& r : table.runs)
    if (std::find(combos.begin(), combos.end(), r.values) == combos.end()) combos.push_back(r.values);
  for (const auto& combo : combos) {
    const std::string label = combo_label(table, combo);
    CaseResult c;
    c.classname = "monsim.sweep." + s.name;
    c.name = s.name + (label.empty() ? "" : " [" + label + "]");
    c.file = s.file;
    c.timestamp = timestamp;
    std::size_t runs = 0;
    for (const auto& r : table.runs) {
      if (r.values != combo) continue;
      ++runs;
      auto it = failed.find(r.index);
      if (it == failed.end()) continue;
      Miss m{"seed " + std::to_string(r.seed), "",
             "exit " + std::to_string(it->second.exit_code) + (it->second.reason.empty() ? "" : ": " + it->second.reason),
             it->second.rerun};
      if (it->second.exit_code == kBreach) c.breaches.push_back({"seed " + std::to_string(r.seed) + ": " + it->second.reason, it->second.rerun});
      else c.misses.push_back(m);
    }
    c.breaches_total = c.breaches.size();
    c.failure_headline = std::to_string(c.misses.size() + c.breaches.size()) + " of " + std::to_string(runs) + " runs failed";
    c.notes.push_back(std::to_string(runs) + " runs");
    cases.push_back(std::move(c));
    // Each `over: runs` expectation of this combination: a gate that held is a pass.
    for (const auto& x : s.expect) {
      if (!x.over_runs) continue;
      CaseResult g;
      g.classname = "monsim.sweep." + s.name;
      const std::string gate = sweep_expectation_label(x, table.keys, combo);
      g.name = s.name + ": " + gate + " " + show_expected(x);
      g.file = s.file;
      g.timestamp = timestamp;
      for (const auto& m : over_runs)
        if (m.metric == gate && m.where == x.pos.str()) g.misses.push_back(m);
      cases.push_back(std::move(g));
    }
  }
  return cases;
}

}  // namespace monsim::sim
