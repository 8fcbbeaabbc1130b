// The trace sink: where the kernel's log points (pr_info, pr_err, dout) go.
//
// Each call becomes one event of the run's trace (DESIGN.md §6) with the simulated time, the
// node and the jiffies filled in by the environment. An event may carry the kernel's log line
// (level + text) so the runner can print it dmesg-style.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace monsim::kern {

// A value already spelled as JSON (a list, null): written into the trace as it is. The ports
// never need one; the environment's own events do (a quorum's members, a partition's groups).
struct JsonText {
  std::string text;
};

using FieldValue = std::variant<std::int64_t, std::uint64_t, double, bool, std::string, JsonText>;

struct Field {
  std::string key;
  FieldValue value;

  Field(std::string k, int v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  Field(std::string k, long v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  Field(std::string k, long long v) : key(std::move(k)), value(static_cast<std::int64_t>(v)) {}
  Field(std::string k, unsigned v) : key(std::move(k)), value(static_cast<std::uint64_t>(v)) {}
  Field(std::string k, unsigned long v) : key(std::move(k)), value(static_cast<std::uint64_t>(v)) {}
  Field(std::string k, unsigned long long v)
      : key(std::move(k)), value(static_cast<std::uint64_t>(v)) {}
  Field(std::string k, double v) : key(std::move(k)), value(v) {}
  Field(std::string k, bool v) : key(std::move(k)), value(v) {}
  Field(std::string k, const char* v) : key(std::move(k)), value(std::string(v)) {}
  Field(std::string k, std::string v) : key(std::move(k)), value(std::move(v)) {}
  Field(std::string k, std::string_view v) : key(std::move(k)), value(std::string(v)) {}
  Field(std::string k, JsonText v) : key(std::move(k)), value(std::move(v)) {}
  Field(std::string k, FieldValue v) : key(std::move(k)), value(std::move(v)) {}
};

enum class LogLevel { none, debug, info, warn, err };

class TraceSink {
 public:
  virtual ~TraceSink() = default;

  // Record `event` with its fields, in the order given. Any context; never blocks; events
  // from one context keep their order. `level`/`text` is the kernel log line, if any.
  virtual void emit(std::string_view event, std::vector<Field> fields,
                    LogLevel level = LogLevel::none, std::string_view text = {}) = 0;
};

}  // namespace monsim::kern
