#include "sim/report/trace_diff.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/report/json_input.h"
#include "sim/report/run_compare.h"
#include "sim/report/scenario_folder.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kShownChars = 400;  // a line longer than this is cut where it is shown

// "linux-4.10, seed 1, trace 100b328e418c1ca2 (full)": what the run's summary says it was.
std::string identity(const fs::path& dir) {
  json s;
  std::string why;
  if (!read_json_file(dir / "summary.json", kJsonFileBytes, "a summary.json", &s, &why) || !s.is_object() ||
      !s.contains("run") || !s["run"].is_object())
    return "no summary.json";
  const json& r = s["run"];
  auto text = [&](const char* k) {
    if (!r.contains(k)) return std::string("?");
    const std::string t = r[k].is_string() ? r[k].get<std::string>() : r[k].dump();
    return t.size() > 80 ? t.substr(0, 80) + "…" : t;
  };
  return text("scenario") + ", " + text("logic") + ", seed " + text("seed") + ", trace " + text("trace_hash") + " (" +
         text("trace") + ")";
}

std::string shown(const std::string& line) {
  return line.size() <= kShownChars ? line : line.substr(0, kShownChars) + " …";
}

// `key` of an event as text: a string as it is, anything else as JSON ("?" if missing). A
// trace is the user's file: a field may have any type.
std::string text_of(const json& e, const char* key) {
  if (!e.contains(key)) return "?";
  return e[key].is_string() ? e[key].get<std::string>() : e[key].dump();
}

// The event's instant and name, for the headline ("t=60.000500 client.0 session_lost").
std::string headline(const std::string& line) {
  const json e = parse_json(line);
  if (e.is_discarded() || !e.is_object()) return "(not an event)";
  return shown("t=" + text_of(e, "t") + " " + text_of(e, "node") + " " + text_of(e, "event"));
}

// "stamp_nsec: 0 | 3002720": the fields in which two versions of one event differ.
std::string differing_fields(const std::string& a, const std::string& b) {
  const json ea = parse_json(a), eb = parse_json(b);
  if (!ea.is_object() || !eb.is_object() || text_of(ea, "event") != text_of(eb, "event") ||
      text_of(ea, "node") != text_of(eb, "node"))
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
  json e = parse_json(line);
  if (!e.is_object()) return line;
  for (const auto& k : ignore) e.erase(k);
  return e.dump();
}

// One side's lines: a run's trace.jsonl read a line at a time, or a text.
class TraceLines {
 public:
  // A run directory's trace.jsonl; false and `why` if it cannot be read.
  bool open(const fs::path& dir, std::string* why) {
    file_ = dir / "trace.jsonl";
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(file_, ec))) {
      *why = dir.string() + ": no trace.jsonl (a run directory, or a scenario folder with a latest run)";
      return false;
    }
    std::string error;
    if (!reader_.open(file_.string(), UINT64_MAX >> 1, limits::kTraceLine, "a trace", &error)) {
      *why = file_.string() + ": " + error;
      return false;
    }
    return true;
  }
  void use_text(const std::string* text) { text_ = text; }

  // The next line; false at the end, or when the trace cannot be read (why() then says so).
  bool next(std::string* line) {
    if (text_) {
      if (at_ >= text_->size()) return false;
      const std::size_t nl = std::min(text_->find('\n', at_), text_->size());
      ++line_no_;
      if (nl - at_ > limits::kTraceLine) return fail("line " + std::to_string(line_no_) + " is longer than " +
                                                     size_text(limits::kTraceLine) + ": not an event monsim wrote");
      line->assign(*text_, at_, nl - at_);
      at_ = nl + 1;
      return true;
    }
    switch (reader_.next(line)) {
      case LineReader::Got::line: return true;
      case LineReader::Got::end: return false;
      case LineReader::Got::too_long:
        return fail(file_.string() + ":" + std::to_string(reader_.line_number()) + ": a line longer than " +
                    size_text(limits::kTraceLine) + ": not an event monsim wrote");
      case LineReader::Got::error: return fail(file_.string() + ": " + reader_.error());
    }
    return false;
  }
  const std::string& why() const { return why_; }

 private:
  bool fail(std::string why) {
    why_ = std::move(why);
    return false;
  }
  fs::path file_;
  LineReader reader_;
  const std::string* text_ = nullptr;
  std::size_t at_ = 0;
  std::uint64_t line_no_ = 0;
  std::string why_;
};

// Where the two sides part, after the identical lines: the report's body.
TraceDiff diff_lines(TraceLines& ia, TraceLines& ib, const TraceDiffOptions& opts, std::string out) {
  TraceDiff d;
  std::deque<std::string> shared;  // the last `before` identical lines
  std::string la, lb;
  std::uint64_t n = 0;
  bool more_a = false, more_b = false;
  while (true) {
    more_a = ia.next(&la);
    more_b = ib.next(&lb);
    if (!more_a || !more_b || comparable(la, opts.ignore) != comparable(lb, opts.ignore)) break;
    ++n;
    shared.push_back(std::move(la));
    if (static_cast<int>(shared.size()) > opts.before) shared.pop_front();
  }
  if (!ia.why().empty() || !ib.why().empty()) {
    d.why = !ia.why().empty() ? ia.why() : ib.why();
    d.exit_code = 2;
    return d;
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
    if (!fields.empty()) out += "differing in " + shown(fields) + " (A | B)\n";
  }
  for (const auto& s : shared) out += "  " + shown(s) + "\n";
  auto side = [&](TraceLines& in, const std::string& first, bool more, const char* mark) {
    if (!more) return;
    out += std::string(mark) + " " + shown(first) + "\n";
    std::string line;
    for (int i = 1; i < opts.after && in.next(&line); ++i) out += std::string(mark) + " " + shown(line) + "\n";
  };
  side(ia, la, more_a, "A");
  side(ib, lb, more_b, "B");
  d.report = out;
  return d;
}

}  // namespace

TraceDiff diff_runs(const fs::path& a_arg, const fs::path& b_arg, const TraceDiffOptions& opts) {
  TraceDiff d;
  const fs::path a = resolve_run_dir(a_arg), b = resolve_run_dir(b_arg);
  TraceLines ia, ib;
  if (!ia.open(a, &d.why) || !ib.open(b, &d.why)) {
    d.exit_code = 2;
    return d;
  }
  return diff_lines(ia, ib, opts,
                    "A " + a.string() + ": " + identity(a) + "\nB " + b.string() + ": " + identity(b) + "\n" +
                        scenario_difference(a, b) + metric_difference(a, b));
}

TraceDiff diff_trace_texts(const std::string& a, const std::string& b, const TraceDiffOptions& opts) {
  TraceLines ia, ib;
  ia.use_text(&a);
  ib.use_text(&b);
  return diff_lines(ia, ib, opts, "");
}

}  // namespace monsim::sim
