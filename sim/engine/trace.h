// The run's trace: JSON Lines, one event per line, in simulated order (DESIGN.md §6).
//
//   {"t":12.345678,"node":"client.0","event":"hunt_pick","jiffies":4294892296,"mon":1,...}
//
// Field order is the order of emission, numbers have one spelling (integers in decimal,
// doubles in the shortest round-trip form), so the same run always yields the same bytes.
// The trace hash is FNV-1a 64 over every line including its newline.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "client/kern/trace.h"
#include "sim/engine/sim_time.h"

namespace monsim::sim {

class TraceWriter {
 public:
  // Lines also go to `out` if given (the caller owns it).
  explicit TraceWriter(std::ostream* out = nullptr) : out_(out) {}

  struct Line {
    nanos t;
    std::string_view node;
    std::string_view event;
    std::optional<std::uint64_t> jiffies;
    const std::vector<kern::Field>& fields;
    kern::LogLevel level;
    std::string_view text;
  };
  void write(const Line& line);
  // The line as the trace spells it (JSON, with its newline).
  static std::string format(const Line& line);

  // What is written (and hashed): every event; all but the per-tick housekeeping (the
  // tick, its rescheduling, keepalives and their acks: most of a storm's lines); nothing.
  // The metrics and the kernel log lines see every event whatever the level.
  enum class Level { full, events, off };
  void set_level(Level level) { level_ = level; }
  static bool parse_level(std::string_view text, Level* level);
  static const char* level_text(Level level);
  static bool per_tick(std::string_view event);

  std::uint64_t hash() const { return hash_; }
  std::string hash_hex() const;
  std::uint64_t lines() const { return lines_; }
  std::uint64_t bytes() const { return bytes_; }

  // Calls `fn` (once) when the trace grows past `max_bytes` — a run's budget (it must not
  // return if the run is to stop there).
  void limit(std::uint64_t max_bytes, std::function<void()> fn) {
    max_bytes_ = max_bytes;
    on_limit_ = std::move(fn);
  }

  // Called for every event that carries a kernel log line (for dmesg-style printing).
  void on_log(std::function<void(const Line&)> fn) { on_log_ = std::move(fn); }

  // Called with every event written, before it is formatted (the metrics, as the run goes).
  void on_event(std::function<void(const Line&)> fn) { on_event_ = std::move(fn); }

  // Also keep every line in memory (tests read them back).
  void keep_lines(bool keep) { keep_ = keep; }
  const std::vector<std::string>& kept() const { return kept_; }

 private:
  std::ostream* out_;
  Level level_ = Level::full;
  std::uint64_t hash_ = 0xCBF29CE484222325ULL;
  std::uint64_t lines_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t max_bytes_ = UINT64_MAX;
  std::function<void()> on_limit_;
  bool keep_ = false;
  std::vector<std::string> kept_;
  std::function<void(const Line&)> on_log_;
  std::function<void(const Line&)> on_event_;
};

// A node's view of the trace: the kern::TraceSink handed to that node's code.
class NodeTrace : public kern::TraceSink {
 public:
  // `jiffies` (optional) supplies the node's jiffies for each event.
  NodeTrace(TraceWriter& writer, std::string node,
            std::function<std::uint64_t()> jiffies = nullptr)
      : writer_(writer), node_(std::move(node)), jiffies_(std::move(jiffies)) {}

  // A client's trace names monitors: an event's "mon" (the kernel's rank) is written as the
  // monitor's name with the rank beside it (name_monitors()). `name` gives "" for no monitor.
  void name_monitors_with(std::function<std::string(std::int64_t)> name) { mon_name_ = std::move(name); }

  void emit(std::string_view event, std::vector<kern::Field> fields,
            kern::LogLevel level = kern::LogLevel::none, std::string_view text = {}) override;

  const std::string& node() const { return node_; }

 private:
  void name_monitors(std::vector<kern::Field>& fields) const;

  TraceWriter& writer_;
  std::string node_;
  std::function<std::uint64_t()> jiffies_;
  std::function<std::string(std::int64_t)> mon_name_;
};

// An event's field by key (nullptr: absent), and its value as an integer, an unsigned, or
// text (a string, JSON text, or a bool as "true"/"false"); absent or of another type: `def`/"".
const kern::FieldValue* find_field(const std::vector<kern::Field>& fields, std::string_view key);
long long field_int(const std::vector<kern::Field>& fields, std::string_view key, long long def = 0);
std::uint64_t field_uint(const std::vector<kern::Field>& fields, std::string_view key, std::uint64_t def = 0);
std::string field_text(const std::vector<kern::Field>& fields, std::string_view key);

// Append `s` to `out` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s);
// Append a field value in the trace's stable spelling.
void append_json_value(std::string& out, const kern::FieldValue& v);
// A JSON list of strings / of integers, as a field value.
kern::JsonText json_list(const std::vector<std::string>& items);
kern::JsonText json_list(const std::vector<int>& items);

}  // namespace monsim::sim
