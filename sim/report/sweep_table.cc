#include "sim/report/sweep_table.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cerrno>
#include <map>
#include <regex>

#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

void flatten(const json& v, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) flatten(child, path.empty() ? k : path + "." + k, out);
  } else if (v.is_number() || v.is_boolean() || v.is_null()) {
    out.emplace_back(path, v.dump());
  }  // strings and lists are not scalar metrics
}

}  // namespace

bool split_csv_line(const std::string& line, std::vector<std::string>* cells) {
  cells->clear();
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') cell += c;
      else if (i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
      else quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells->push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells->push_back(cell);
  return !quoted;
}

namespace {

// The metric's value as a number: booleans as 0/1; false for null (or anything else).
bool number_of(const std::string& text, double* x) {
  if (text == "true" || text == "false") {
    *x = text == "true" ? 1 : 0;
    return true;
  }
  if (text.empty() || text == "null") return false;
  char* end = nullptr;
  *x = std::strtod(text.c_str(), &end);
  return end && *end == '\0';
}

// Nearest rank: the smallest value with at least p % of the values at or below it.
double percentile(const std::vector<double>& sorted, double p) {
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
  const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

// Every metric name, in the order first seen going through the runs by index.
std::vector<std::string> metric_columns(const std::vector<SweepRun>& runs) {
  std::vector<std::string> names;
  std::map<std::string, bool> seen;
  for (const auto& r : runs)
    for (const auto& [name, value] : r.metrics)
      if (seen.emplace(name, true).second) names.push_back(name);
  return names;
}

// The runs of each combination of varied values, in the order of first appearance.
struct Group {
  std::vector<std::string> values;
  std::vector<const SweepRun*> runs;
};
std::vector<Group> groups_of(const std::vector<SweepRun>& runs) {
  std::vector<Group> groups;
  std::map<std::vector<std::string>, std::size_t> index;
  for (const auto& r : runs) {
    const auto [it, fresh] = index.emplace(r.values, groups.size());
    if (fresh) groups.push_back({r.values, {}});
    groups[it->second].runs.push_back(&r);
  }
  return groups;
}

// Each metric's numeric values over `runs`, in run order (one pass over the runs: a sweep
// of 10^5 runs and a hundred metrics is not walked once per metric).
std::map<std::string, std::vector<double>> numbers_by_metric(const std::vector<const SweepRun*>& runs) {
  std::map<std::string, std::vector<double>> out;
  for (const SweepRun* r : runs)
    for (const auto& [name, text] : r->metrics) {
      double x = 0;
      if (number_of(text, &x)) out[name].push_back(x);
    }
  return out;
}

// A whole number of at most 20 digits that fits 64 bits.
bool whole_number(const std::string& t, std::uint64_t* x) {
  if (t.empty() || t.size() > 20 || t.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  *x = std::strtoull(t.c_str(), nullptr, 10);
  return errno == 0;
}

// What a metric cell of sweep.csv may be: true, false, null, or a finite JSON number of at
// most 40 characters (summary.json prints doubles in at most 24).
bool metric_text_ok(const std::string& t) {
  if (t == "true" || t == "false" || t == "null") return true;
  if (t.size() > 40) return false;
  static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  if (!std::regex_match(t, number)) return false;
  const double x = std::strtod(t.c_str(), nullptr);
  return std::isfinite(x);
}

}  // namespace

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::vector<std::pair<std::string, std::string>> scalar_metrics(const json& summary) {
  std::vector<std::pair<std::string, std::string>> out;
  const bool one_client = summary.contains("run") && summary["run"].value("clients", 1) <= 1;
  for (const auto& [k, v] : summary.items()) {
    if (k == "run" || (k == "clients" && !one_client)) continue;
    flatten(v, k, out);
  }
  return out;
}

std::string SweepTable::csv() const {
  const std::vector<std::string> names = metric_columns(runs);
  std::string out = "run,seed";
  for (const auto& k : keys) out += "," + csv_cell(k);
  out += ",exit,trace_hash";
  for (const auto& n : names) out += "," + csv_cell(n);
  out += "\n";
  for (const auto& r : runs) {
    std::map<std::string, const std::string*> value;
    for (const auto& [name, v] : r.metrics) value[name] = &v;
    out += std::to_string(r.index) + "," + std::to_string(r.seed);
    for (std::size_t i = 0; i < keys.size(); ++i) out += "," + csv_cell(i < r.values.size() ? r.values[i] : "");
    out += "," + std::to_string(r.exit_code) + "," + csv_cell(r.trace_hash);
    for (const auto& n : names) {
      auto it = value.find(n);
      out += "," + (it == value.end() ? std::string() : csv_cell(*it->second));
    }
    out += "\n";
  }
  return out;
}

json SweepTable::stats() const {
  const std::vector<std::string> names = metric_columns(runs);
  json groups = json::array();
  for (const Group& g : groups_of(runs)) {
    json group;
    json vary = json::object();
    for (std::size_t i = 0; i < keys.size(); ++i) vary[keys[i]] = i < g.values.size() ? g.values[i] : "";
    group["vary"] = vary;
    group["runs"] = g.runs.size();
    std::size_t failed = 0;
    for (const SweepRun* r : g.runs) failed += r->exit_code != 0;
    group["failed"] = failed;
    auto numbers = numbers_by_metric(g.runs);
    json metrics = json::object();
    for (const auto& n : names) {
      auto it = numbers.find(n);
      if (it == numbers.end()) continue;
      std::vector<double>& xs = it->second;
      double sum = 0;
      for (double x : xs) sum += x;  // in run order: the same sum in a merge
      std::sort(xs.begin(), xs.end());
      metrics[n] = {{"n", xs.size()},           {"min", xs.front()},
                    {"p50", percentile(xs, 50)}, {"p90", percentile(xs, 90)},
                    {"p99", percentile(xs, 99)}, {"max", xs.back()},
                    {"mean", sum / static_cast<double>(xs.size())}};
    }
    group["metrics"] = std::move(metrics);
    groups.push_back(std::move(group));
  }
  json out = json::object();
  if (!identity.scenario.empty())
    out["sweep"] = {{"scenario", identity.scenario},
                    {"scenario_hash", identity.scenario_hash},
                    {"seeds", identity.seeds},
                    {"shard", std::to_string(identity.shard) + "/" + std::to_string(identity.shards)},
                    {"planned", identity.planned},
                    {"complete", identity.complete}};
  out["keys"] = keys;
  out["runs"] = runs.size();
  out["groups"] = std::move(groups);
  return out;
}

std::string sweep_expectation_label(const Expectation& x, const std::vector<std::string>& keys,
                                    const std::vector<std::string>& combo) {
  std::string label = x.metric;
  std::string where;
  for (std::size_t k = 0; k < keys.size() && k < combo.size(); ++k)
    where += (where.empty() ? "" : ", ") + keys[k] + "=" + combo[k];
  label += x.fraction ? " fraction of runs at most " + show_value(nlohmann::json(x.fraction_at_most)) +
                            (x.fraction_is_time ? "s" : "")
                      : " " + x.quantile + " over runs";
  if (!where.empty()) label += " (" + where + ")";
  return label;
}

std::vector<Miss> check_sweep_expectations(const Scenario& s, const SweepTable& table) {
  std::vector<Miss> misses;
  const std::vector<Group> groups = groups_of(table.runs);
  std::vector<std::map<std::string, std::vector<double>>> numbers;
  for (const Group& g : groups) numbers.push_back(numbers_by_metric(g.runs));
  for (const auto& x : s.expect) {
    if (!x.over_runs) continue;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      Miss m{sweep_expectation_label(x, table.keys, groups[gi].values), show_expected(x), "", x.pos.str()};
      auto it = numbers[gi].find(x.metric);
      if (it == numbers[gi].end()) {
        m.actual = "(no run has this value)";
        misses.push_back(m);
        continue;
      }
      std::vector<double> xs = it->second;
      double sum = 0;
      for (double v : xs) sum += v;
      std::sort(xs.begin(), xs.end());
      double got = 0;
      if (x.fraction) {
        std::size_t at_most = 0;
        for (double v : xs) at_most += v <= x.fraction_at_most + 1e-9;
        got = static_cast<double>(at_most) / static_cast<double>(xs.size());
      } else if (x.quantile == "min") got = xs.front();
      else if (x.quantile == "max") got = xs.back();
      else if (x.quantile == "mean") got = sum / static_cast<double>(xs.size());
      else got = percentile(xs, std::stod(x.quantile.substr(1)));
      if (compare(got, x.values.at(0), x.cmp, x.tolerance)) continue;
      // A fraction as runs out of runs (19 of 30 = 0.633333), a statistic to 6 digits.
      m.actual = x.fraction ? show_value(nlohmann::json(got)) + " (" + std::to_string(static_cast<std::size_t>(
                                                                   std::lround(got * static_cast<double>(xs.size())))) +
                                  " of " + std::to_string(xs.size()) + " runs)"
                            : show_value(nlohmann::json(got)) + " (" + std::to_string(xs.size()) + " runs)";
      misses.push_back(m);
    }
  }
  return misses;
}

bool parse_sweep_csv(const std::string& text, SweepTable* table, std::string* why) {
  // Its keys and values reach sweep.json: UTF-8 only.
  if (std::size_t bad = 0; !valid_utf8(text, &bad)) {
    int line = 1, column = 1;
    line_and_column(text, bad, &line, &column);
    *why = "line " + std::to_string(line) + ":" + std::to_string(column) + ": a byte that is not UTF-8";
    return false;
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  std::vector<std::string> header;
  if (lines.empty() || !split_csv_line(lines[0], &header) || header.size() < 4 || header[0] != "run" ||
      header[1] != "seed") {
    *why = "line 1: not a sweep table (it starts with run,seed)";
    return false;
  }
  std::size_t exit_col = 2;
  while (exit_col + 1 < header.size() && !(header[exit_col] == "exit" && header[exit_col + 1] == "trace_hash"))
    ++exit_col;
  if (exit_col + 1 >= header.size()) {
    *why = "line 1: no exit,trace_hash columns";
    return false;
  }
  table->keys.assign(header.begin() + 2, header.begin() + static_cast<std::ptrdiff_t>(exit_col));
  table->runs.clear();
  std::vector<std::string> cells;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string where = "line " + std::to_string(i + 1) + ": ";
    if (!split_csv_line(lines[i], &cells) || cells.size() != header.size()) {
      *why = where + "expected " + std::to_string(header.size()) + " columns";
      return false;
    }
    SweepRun r;
    std::uint64_t index = 0, exit_code = 0;
    if (!whole_number(cells[0], &index) || index >= limits::kSweepRuns)
      return *why = where + "run: not a run number (0 to " + std::to_string(limits::kSweepRuns - 1) + ")", false;
    r.index = static_cast<std::size_t>(index);
    if (!whole_number(cells[1], &r.seed)) return *why = where + "seed: not a seed (0 to 2^64-1)", false;
    r.values.assign(cells.begin() + 2, cells.begin() + static_cast<std::ptrdiff_t>(exit_col));
    if (!whole_number(cells[exit_col], &exit_code) || exit_code > 255)
      return *why = where + "exit: not an exit status (0 to 255)", false;
    r.exit_code = static_cast<int>(exit_code);
    r.trace_hash = cells[exit_col + 1];
    for (std::size_t c = exit_col + 2; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;
      if (!metric_text_ok(cells[c]))
        return *why = where + header[c] + ": '" + cells[c].substr(0, 50) +
                      "' is not a metric monsim writes (a finite number, true, false or null)", false;
      r.metrics.emplace_back(header[c], cells[c]);
    }
    table->runs.push_back(std::move(r));
  }
  return true;
}

bool parse_sweep_identity(const json& stats, SweepIdentity* id, std::string* why) {
  if (!stats.is_object() || !stats.contains("sweep") || !stats["sweep"].is_object()) {
    *why = "it does not say which sweep it is (written by a monsim before 2026-12: run that shard again)";
    return false;
  }
  const json& s = stats["sweep"];
  auto text = [&](const char* k) { return s.contains(k) && s[k].is_string() ? s[k].get<std::string>() : ""; };
  id->scenario = text("scenario");
  id->scenario_hash = text("scenario_hash");
  id->seeds = text("seeds");
  const std::string shard = text("shard");
  unsigned long long k = 0, n = 0;
  char tail = 0;
  if (id->scenario.empty() || id->scenario_hash.empty() || id->seeds.empty() ||
      std::sscanf(shard.c_str(), "%llu/%llu%c", &k, &n, &tail) != 2 || k < 1 || k > n || n > limits::kSweepRuns ||
      !s.contains("planned") || !s["planned"].is_number_unsigned() || !s.contains("complete") ||
      !s["complete"].is_boolean()) {
    *why = "its \"sweep\" entry is not one monsim writes";
    return false;
  }
  id->shard = static_cast<std::size_t>(k);
  id->shards = static_cast<std::size_t>(n);
  id->planned = s["planned"].get<std::size_t>();
  id->complete = s["complete"].get<bool>();
  return true;
}

}  // namespace monsim::sim
