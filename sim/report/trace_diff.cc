#include "sim/report/trace_diff.h"

#include <deque>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/scenario_folder.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kShownChars = 400;  // a line longer than this is cut where it is shown

// "linux-4.10, seed 1, trace 100b328e418c1ca2 (full)": what the run's summary says it was.
std::string identity(const fs::path& dir) {
  std::ifstream in(dir / "summary.json");
  const json s = json::parse(in, nullptr, false);
  if (!in.is_open() || s.is_discarded() || !s.contains("run") || !s["run"].is_object()) return "no summary.json";
  const json& r = s["run"];
  auto text = [&](const char* k) { return r.contains(k) ? (r[k].is_string() ? r[k].get<std::string>() : r[k].dump()) : "?"; };
  return text("scenario") + ", " + text("logic") + ", seed " + text("seed") + ", trace " + text("trace_hash") + " (" +
         text("trace") + ")";
}

std::string shown(const std::string& line) {
  return line.size() <= kShownChars ? line : line.substr(0, kShownChars) + " …";
}

// The event's instant and name, for the headline ("t=60.000500 client.0 session_lost").
std::string headline(const std::string& line) {
  const json e = json::parse(line, nullptr, false);
  if (e.is_discarded() || !e.is_object()) return "(not an event)";
  std::string t = e.contains("t") ? e["t"].dump() : "?";
  return "t=" + t + " " + e.value("node", "?") + " " + e.value("event", "?");
}

// "stamp_nsec: 0 | 3002720": the fields in which two versions of one event differ.
std::string differing_fields(const std::string& a, const std::string& b) {
  const json ea = json::parse(a, nullptr, false), eb = json::parse(b, nullptr, false);
  if (!ea.is_object() || !eb.is_object() || ea.value("event", "") != eb.value("event", "") ||
      ea.value("node", "") != eb.value("node", ""))
    return "";
  std::string out;
  for (const auto& [k, v] : ea.items())
    if (!eb.contains(k) || eb[k] != v) out += (out.empty() ? "" : ", ") + k + ": " + v.dump() + " | " + (eb.contains(k) ? eb[k].dump() : "-");
  for (const auto& [k, v] : eb.items())
    if (!ea.contains(k)) out += (out.empty() ? "" : ", ") + k + ": - | " + v.dump();
  return out;
}

// The line with the ignored fields taken out (as it is when none are).
std::string comparable(const std::string& line, const std::vector<std::string>& ignore) {
  if (ignore.empty()) return line;
  json e = json::parse(line, nullptr, false);
  if (!e.is_object()) return line;
  for (const auto& k : ignore) e.erase(k);
  return e.dump();
}

bool open_trace(const fs::path& dir, std::ifstream* in, std::string* why) {
  const fs::path file = dir / "trace.jsonl";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    *why = dir.string() + ": no trace.jsonl (a run directory, or a scenario folder with a latest run)";
    return false;
  }
  in->open(file, std::ios::binary);
  if (!*in) {
    *why = file.string() + ": cannot be read";
    return false;
  }
  return true;
}

}  // namespace

TraceDiff diff_runs(const fs::path& a_arg, const fs::path& b_arg, const TraceDiffOptions& opts) {
  TraceDiff d;
  const fs::path a = resolve_run_dir(a_arg), b = resolve_run_dir(b_arg);
  std::ifstream ia, ib;
  if (!open_trace(a, &ia, &d.why) || !open_trace(b, &ib, &d.why)) {
    d.exit_code = 2;
    return d;
  }
  std::string out = "A " + a.string() + ": " + identity(a) + "\nB " + b.string() + ": " + identity(b) + "\n";
  std::deque<std::string> shared;  // the last `before` identical lines
  std::string la, lb;
  std::uint64_t n = 0;
  bool more_a = false, more_b = false;
  while (true) {
    more_a = static_cast<bool>(std::getline(ia, la));
    more_b = static_cast<bool>(std::getline(ib, lb));
    if (!more_a || !more_b || comparable(la, opts.ignore) != comparable(lb, opts.ignore)) break;
    ++n;
    shared.push_back(std::move(la));
    if (static_cast<int>(shared.size()) > opts.before) shared.pop_front();
  }
  if (!more_a && !more_b) {
    if (n == 0) {
      d.why = "both traces are empty (run with --trace off?): nothing to compare";
      d.exit_code = 2;
      return d;
    }
    d.report = out + "identical: " + std::to_string(n) + " events" +
               (opts.ignore.empty() ? "" : " (ignoring their ignored fields)") + "\n";
    return d;
  }
  d.exit_code = 1;
  if (!more_a || !more_b) {
    out += "the traces agree for " + std::to_string(n) + " events; then " + std::string(more_a ? "B" : "A") +
           " ends and " + (more_a ? "A" : "B") + " goes on at " + headline(more_a ? la : lb) + "\n";
  } else {
    out += "the traces part at event " + std::to_string(n + 1) + " (after " + std::to_string(n) +
           " identical): A " + headline(la) + ", B " + headline(lb) + "\n";
    const std::string fields = differing_fields(la, lb);
    if (!fields.empty()) out += "differing in " + fields + " (A | B)\n";
  }
  for (const auto& s : shared) out += "  " + shown(s) + "\n";
  auto side = [&](std::ifstream& in, std::string first, bool more, const char* mark) {
    if (!more) return;
    out += std::string(mark) + " " + shown(first) + "\n";
    std::string line;
    for (int i = 1; i < opts.after && std::getline(in, line); ++i) out += std::string(mark) + " " + shown(line) + "\n";
  };
  side(ia, la, more_a, "A");
  side(ib, lb, more_b, "B");
  d.report = out;
  return d;
}

}  // namespace monsim::sim
