#include "sim/engine/trace.h"

#include <charconv>
#include <cstdio>

namespace monsim::sim {

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void append_json_value(std::string& out, const kern::FieldValue& v) {
  char buf[64];
  if (auto* i = std::get_if<std::int64_t>(&v)) {
    auto r = std::to_chars(buf, buf + sizeof buf, *i);
    out.append(buf, r.ptr);
  } else if (auto* u = std::get_if<std::uint64_t>(&v)) {
    auto r = std::to_chars(buf, buf + sizeof buf, *u);
    out.append(buf, r.ptr);
  } else if (auto* d = std::get_if<double>(&v)) {
    auto r = std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, r.ptr);
  } else if (auto* b = std::get_if<bool>(&v)) {
    out += *b ? "true" : "false";
  } else if (auto* j = std::get_if<kern::JsonText>(&v)) {
    out += j->text;
  } else {
    append_json_string(out, std::get<std::string>(v));
  }
}

kern::JsonText json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  return {out + "]"};
}

kern::JsonText json_list(const std::vector<int>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + std::to_string(items[i]);
  return {out + "]"};
}

namespace {
const char* level_name(kern::LogLevel l) {
  switch (l) {
    case kern::LogLevel::debug: return "debug";
    case kern::LogLevel::info: return "info";
    case kern::LogLevel::warn: return "warn";
    case kern::LogLevel::err: return "err";
    case kern::LogLevel::none: break;
  }
  return "";
}
}  // namespace

bool TraceWriter::per_tick(std::string_view event) {
  return event == "tick" || event == "tick_scheduled" || event == "keepalive_sent" || event == "keepalive2_write" ||
         event == "keepalive2_ack";
}

bool TraceWriter::parse_level(std::string_view text, Level* level) {
  if (text == "full") *level = Level::full;
  else if (text == "events") *level = Level::events;
  else if (text == "off") *level = Level::off;
  else return false;
  return true;
}

const char* TraceWriter::level_text(Level level) {
  return level == Level::full ? "full" : level == Level::events ? "events" : "off";
}

std::string TraceWriter::format(const Line& line) {
  std::string s;
  s.reserve(128);
  s += "{\"t\":";
  s += format_seconds(line.t);
  s += ",\"node\":";
  append_json_string(s, line.node);
  s += ",\"event\":";
  append_json_string(s, line.event);
  if (line.jiffies) {
    s += ",\"jiffies\":";
    append_json_value(s, *line.jiffies);
  }
  for (const auto& f : line.fields) {
    s.push_back(',');
    append_json_string(s, f.key);
    s.push_back(':');
    append_json_value(s, f.value);
  }
  if (line.level != kern::LogLevel::none) {
    s += ",\"level\":\"";
    s += level_name(line.level);
    s += "\",\"msg\":";
    append_json_string(s, line.text);
  }
  s += "}\n";
  return s;
}

void TraceWriter::write(const Line& line) {
  // The metrics and the kernel log see every event, whatever is written.
  if (on_event_) on_event_(line);
  if (on_log_ && line.level != kern::LogLevel::none) on_log_(line);
  if (level_ == Level::off || (level_ == Level::events && per_tick(line.event))) return;
  const std::string s = format(line);
  for (unsigned char c : s) {
    hash_ ^= c;
    hash_ *= 0x100000001B3ULL;
  }
  ++lines_;
  bytes_ += s.size();
  if (bytes_ > max_bytes_ && on_limit_) {
    auto fn = std::move(on_limit_);
    on_limit_ = nullptr;
    fn();
  }
  if (out_) out_->write(s.data(), static_cast<std::streamsize>(s.size()));
  if (keep_) kept_.push_back(s);
}

std::string TraceWriter::hash_hex() const {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
  return buf;
}

const kern::FieldValue* find_field(const std::vector<kern::Field>& fields, std::string_view key) {
  for (const auto& f : fields)
    if (f.key == key) return &f.value;
  return nullptr;
}

long long field_int(const std::vector<kern::Field>& fields, std::string_view key, long long def) {
  const kern::FieldValue* v = find_field(fields, key);
  if (!v) return def;
  if (auto* x = std::get_if<std::int64_t>(v)) return *x;
  if (auto* x = std::get_if<std::uint64_t>(v)) return static_cast<long long>(*x);
  return def;
}

std::uint64_t field_uint(const std::vector<kern::Field>& fields, std::string_view key, std::uint64_t def) {
  const kern::FieldValue* v = find_field(fields, key);
  if (!v) return def;
  if (auto* x = std::get_if<std::uint64_t>(v)) return *x;
  if (auto* x = std::get_if<std::int64_t>(v)) return *x < 0 ? def : static_cast<std::uint64_t>(*x);
  return def;
}

std::string field_text(const std::vector<kern::Field>& fields, std::string_view key) {
  const kern::FieldValue* v = find_field(fields, key);
  if (!v) return "";
  if (auto* x = std::get_if<std::string>(v)) return *x;
  if (auto* x = std::get_if<kern::JsonText>(v)) return x->text;
  if (auto* x = std::get_if<bool>(v)) return *x ? "true" : "false";
  return "";
}

void NodeTrace::emit(std::string_view event, std::vector<kern::Field> fields,
                     kern::LogLevel level, std::string_view text) {
  if (mon_name_) name_monitors(fields);
  std::optional<std::uint64_t> j;
  if (jiffies_) j = jiffies_();
  writer_.write({now_ns(), node_, event, j, fields, level, text});
}

// "mon": 2 (the kernel's rank) becomes "mon": "mon.c", "rank": 2 — the name a person reads,
// the rank the kernel used — or "mon": null, "rank": -1 when there is no monitor.
void NodeTrace::name_monitors(std::vector<kern::Field>& fields) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].key != "mon") continue;
    const auto* rank = std::get_if<std::int64_t>(&fields[i].value);
    if (!rank) continue;
    const std::int64_t r = *rank;
    const std::string name = mon_name_(r);
    if (name.empty()) fields[i].value = kern::JsonText{"null"};
    else fields[i].value = name;
    fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(i) + 1, kern::Field("rank", static_cast<long long>(r)));
    return;
  }
}

}  // namespace monsim::sim
