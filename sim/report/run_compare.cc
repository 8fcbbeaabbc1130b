#include "sim/report/run_compare.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/json_input.h"
#include "sim/report/sweep_table.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines of `a` and `b` in a longest common subsequence's order: ' ' both, '-' a only,
// '+' b only. (A resolved scenario is a few hundred lines: the table is small.)
std::vector<std::pair<char, std::string>> line_diff(const std::vector<std::string>& a,
                                                     const std::vector<std::string>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::pair<char, std::string>> out;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      out.push_back({' ', a[i++]});
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {  // A's line first on a tie
      out.push_back({'+', b[j++]});
    } else {
      out.push_back({'-', a[i++]});
    }
  }
  return out;
}

std::string number_delta(const std::string& a, const std::string& b) {
  char* end_a = nullptr;
  char* end_b = nullptr;
  const double x = std::strtod(a.c_str(), &end_a), y = std::strtod(b.c_str(), &end_b);
  if (a.empty() || b.empty() || *end_a || *end_b) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, " (%+.6g)", y - x);
  return buf;
}

}  // namespace

std::string scenario_difference(const fs::path& a, const fs::path& b, std::size_t max_lines) {
  constexpr std::size_t kLines = 5000;  // beyond: said, not compared
  std::string ta, tb, why;
  if (!read_input_file((a / "scenario.yaml").string(), limits::kFileBytes, "a run's scenario.yaml", &ta, &why) ||
      !read_input_file((b / "scenario.yaml").string(), limits::kFileBytes, "a run's scenario.yaml", &tb, &why))
    return "scenario: not compared: " + why + "\n";
  const auto la = lines_of(ta), lb = lines_of(tb);
  if (la == lb) return "scenario: identical\n";
  if (la.size() > kLines || lb.size() > kLines) return "scenario: differs (too long to show how)\n";
  std::vector<std::string> shown;
  for (const auto& [mark, line] : line_diff(la, lb))
    if (mark != ' ') shown.push_back(std::string(1, mark) + " " + line);
  std::string out = "scenario: " + std::to_string(shown.size()) + " line(s) differ (- A, + B):\n";
  for (std::size_t k = 0; k < shown.size() && k < max_lines; ++k) out += "  " + shown[k] + "\n";
  if (shown.size() > max_lines) out += "  … and " + std::to_string(shown.size() - max_lines) + " more\n";
  return out;
}

std::string metric_difference(const fs::path& a, const fs::path& b, std::size_t max_lines) {
  json sa, sb;
  std::string why;
  if (!read_json_file(a / "summary.json", kJsonFileBytes, "a summary.json", &sa, &why) ||
      !read_json_file(b / "summary.json", kJsonFileBytes, "a summary.json", &sb, &why))
    return "metrics: not compared: " + why + "\n";
  const auto ma = scalar_metrics(sa), mb = scalar_metrics(sb);
  std::vector<std::string> rows;
  for (const auto& [key, va] : ma) {
    const auto it = std::find_if(mb.begin(), mb.end(), [&](const auto& kv) { return kv.first == key; });
    const std::string vb = it == mb.end() ? "(none)" : it->second;
    if (vb != va) rows.push_back("  " + key + ": " + va + " -> " + vb + number_delta(va, vb));
  }
  for (const auto& [key, vb] : mb)
    if (std::none_of(ma.begin(), ma.end(), [&](const auto& kv) { return kv.first == key; }))
      rows.push_back("  " + key + ": (none) -> " + vb);
  if (rows.empty()) return "metrics: identical\n";
  std::string out = "metrics: " + std::to_string(rows.size()) + " differ (A -> B):\n";
  for (std::size_t k = 0; k < rows.size() && k < max_lines; ++k) out += rows[k] + "\n";
  if (rows.size() > max_lines) out += "  … and " + std::to_string(rows.size() - max_lines) + " more (summary.json)\n";
  return out;
}

}  // namespace monsim::sim
