#include "sim/report/import_events.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

#include "sim/engine/trace.h"
#include "sim/report/json_input.h"

namespace monsim::sim {

using kern::Field;

namespace {

// "mon.a", "mon.b and mon.a" → the monitors named.
std::vector<std::string> mons_named(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex name(R"(mon\.[a-z0-9]+)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

// What a FAULT line of the host's log did ("SIGKILL mon.a", monsim reality's "revive mon.a",
// "poweroff undone mon.a", "reset client.0", "partition [[...],[...]]", "partition_oneway
// undone {"from":[..],"to":[..]}"), at `t` on the guest's clock.
void fault_action(double t, const std::string& what, EventLog& reader) {
  static const std::regex mon_kind_re(R"(^(revive|resume|poweroff|poweron)( undone)? (.*)$)");
  static const std::regex reset_re(R"(^reset (client\.\d{1,6})\b.*$)");
  static const std::regex placed_re(R"(^(partition|partition_oneway|heal)( undone)? ([\[{].*)$)");
  static const char* kAllCut = R"([["client.*"],["mon.*"]])";
  std::smatch m;
  if (what.rfind("SIGKILL ", 0) == 0) reader.fault(t, "kill", false, mons_named(what));
  else if (what.rfind("SIGSTOP ", 0) == 0) reader.fault(t, "pause", false, mons_named(what));
  else if (what.rfind("SIGCONT ", 0) == 0) reader.fault(t, "pause", true, mons_named(what));
  else if (what.rfind("restarting ", 0) == 0) reader.fault(t, "kill", true, mons_named(what));
  else if (what.rfind("iptables DROP", 0) == 0) reader.fault(t, "partition", false, {}, {{"groups", kern::JsonText{kAllCut}}});
  else if (what.rfind("healed", 0) == 0) reader.fault(t, "partition", true, {}, {{"groups", kern::JsonText{kAllCut}}});
  else if (std::regex_match(what, m, mon_kind_re)) reader.fault(t, m[1].str(), m[2].matched, mons_named(m[3].str()));
  else if (std::regex_match(what, m, reset_re)) reader.fault(t, "reset", false, {}, {{"target", m[1].str()}});
  else if (std::regex_match(what, m, placed_re)) {
    // monsim reality's partitions: the groups as the scenario gave them (parsed here, so
    // that nothing but JSON reaches the trace).
    const std::string kind = m[1].str();
    const auto placed = parse_json(m[3].str());
    if (kind == "partition_oneway" && placed.is_object() && placed.contains("from") && placed.contains("to"))
      reader.fault(t, kind, m[2].matched, {},
                   {{"from", kern::JsonText{placed["from"].dump()}}, {"to", kern::JsonText{placed["to"].dump()}}});
    else if (kind != "partition_oneway" && placed.is_array())
      reader.fault(t, kind, m[2].matched, {}, {{"groups", kern::JsonText{placed.dump()}}});
  }
}

}  // namespace

int EventLog::rank_of(const std::string& name) const {
  const auto it = std::find(mons_.begin(), mons_.end(), name);
  return it == mons_.end() ? -1 : static_cast<int>(it - mons_.begin());
}

// One line of the host's fault log, on the guest's clock (`offset`: guest minus host).
void fault_line(const std::string& line, double offset, EventLog& reader, ImportedRun* out) {
  if (line.size() > kLongestImportLine) return;
  static const std::regex fault_re(R"(^(\S+) FAULT \w+: (.*)$)");
  static const std::regex restart_re(R"(^(\S+) restart (mon\.[a-z0-9]+))");
  static const std::regex end_re(R"(^(\S+) === end of run)");
  static const std::regex plan_re(R"(^\S+ === t0 .*; plan ([a-z0-9-]+), (\d{1,6}) steps, (\d{1,7}(?:\.\d{1,9})?) s)");
  std::smatch m;
  double host = 0;
  if (std::regex_search(line, m, end_re) && host_seconds(m[1].str(), &host)) {
    reader.mark(host + offset, "end");  // the run's end: an open session lasts to here
  } else if (std::regex_search(line, m, plan_re)) {
    out->reality_plan = m[1].str();
    out->reality_steps = std::stoi(m[2].str());
    out->reality_duration = std::stod(m[3].str());
  } else if (std::regex_search(line, m, restart_re) && host_seconds(m[1].str(), &host)) {
    reader.fault(host + offset, "kill", true, {m[2].str()});
  } else if (std::regex_match(line, m, fault_re) && host_seconds(m[1].str(), &host)) {
    fault_action(host + offset, m[2].str(), reader);
  }
}

// The trace and dmesg lines of the events, in time order, relative to t = 0.
void emit(EventLog& reader, ImportedRun* out) {
  std::stable_sort(reader.events.begin(), reader.events.end(), [](const ImportEvent& a, const ImportEvent& b) {
    return a.t != b.t ? a.t < b.t : a.order < b.order;
  });
  for (auto& e : reader.events) {
    const double rel = e.t - out->t0;
    if (e.stamp >= 0) {  // on the simulated realtime clock: its epoch plus the time since t = 0
      const double wall = static_cast<double>(kRealtimeEpoch / NS_PER_S) + (e.stamp - out->t0);
      const auto sec = static_cast<long long>(std::floor(wall));
      e.fields.push_back({"stamp_sec", sec});
      e.fields.push_back({"stamp_nsec", static_cast<long long>(std::llround((wall - static_cast<double>(sec)) * 1e9))});
    }
    const auto t = static_cast<nanos>(std::llround(rel * 1e6)) * NS_PER_US;
    std::string s = TraceWriter::format({t, e.node, e.name, std::nullopt, e.fields, e.level, e.text});
    s.pop_back();  // the newline
    out->trace.push_back(std::move(s));
    if (e.level == kern::LogLevel::info || e.level == kern::LogLevel::err) {
      char stamp[32];
      std::snprintf(stamp, sizeof stamp, "[%12.6f] ", rel);
      out->dmesg.push_back(std::string(stamp) + "libceph: " + e.text);
    }
  }
}
}  // namespace monsim::sim
