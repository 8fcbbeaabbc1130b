// What `monsim import` makes of a real client's log, whichever its kind (a kernel's dmesg,
// kernel_log.h; librados' Ceph log, ceph_log.h): events on the log's own clock, the host's
// fault log read onto that clock, and both written out as a run's trace and dmesg lines,
// relative to t = 0.
#pragma once

#include <string>
#include <vector>

#include <algorithm>
#include <cstdio>

#include "sim/engine/trace.h"
#include "sim/report/kernel_log.h"

namespace monsim::sim {

inline constexpr std::size_t kLongestImportLine = 4096;

// "2026-11-29T17:09:07.303989Z": seconds since the start of that day's month (enough to
// subtract two instants of one run; a run that crosses a month's end is not supported).
inline bool host_seconds(const std::string& text, double* out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  double s = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%lfZ", &y, &mo, &d, &h, &mi, &s) != 6) return false;
  *out = ((d * 24.0 + h) * 60.0 + mi) * 60.0 + s;
  return true;
}

struct ImportEvent {
  double t;          // on the log's clock, seconds (not yet relative)
  std::size_t order;  // the line's position: ties keep the log's order
  std::string node, name;
  std::vector<kern::Field> fields;
  kern::LogLevel level = kern::LogLevel::none;
  std::string text;
  double stamp = -1;  // a keepalive's stamp (guest seconds), spelled relative to t = 0 at the end
};

// The events read so far: the client's, the faults', the marks'.
class EventLog {
 public:
  explicit EventLog(const std::vector<std::string>& mons) : mons_(mons) {}

  void mark(double t, const std::string& name) {
    events.push_back({t, order_++, "real", "mark", {{"name", name}}, kern::LogLevel::none, ""});
  }

  // A fault of the host's log. `placement`: a partition's groups, or partition_oneway's from
  // and to (JSON, checked by the caller); empty for a fault on monitors.
  void fault(double t, const std::string& kind, bool undo, std::vector<std::string> target_mons,
             std::vector<kern::Field> placement = {}) {
    std::vector<kern::Field> f = {{"kind", kind}, {"undo", undo}};
    if (!placement.empty()) {
      for (auto& x : placement) f.push_back(std::move(x));
    } else {
      f.push_back({"target", target_mons.size() == 1 ? target_mons[0] : std::string("mon.*")});
      f.push_back({"mons", json_list(target_mons)});
    }
    events.push_back({t, order_++, "chaos", "fault", std::move(f), kern::LogLevel::none, ""});
    // What the fault did to each monitor's process, as the simulated monitors report it.
    const char* state = nullptr;
    if (kind == "kill") state = undo ? "up" : "down";
    else if (kind == "pause") state = undo ? "up" : "paused";
    else if (kind == "poweroff") state = undo ? "up" : "off";
    else if (kind == "revive" || kind == "resume" || kind == "poweron") state = "up";
    if (!state) return;
    for (const auto& name : target_mons) {
      const auto it = std::find(mons_.begin(), mons_.end(), name);
      const int rank = it == mons_.end() ? -1 : static_cast<int>(it - mons_.begin());
      events.push_back({t, order_++, name, "mon_state", {{"state", state}, {"rank", rank}}, kern::LogLevel::none, ""});
    }
  }

  std::vector<ImportEvent> events;

 protected:
  kern::Field mon(int rank) const {
    if (rank < 0) return {"mon", kern::JsonText{"null"}};
    return {"mon", static_cast<std::size_t>(rank) < mons_.size() ? mons_[static_cast<std::size_t>(rank)]
                                                                 : "mon" + std::to_string(rank)};
  }
  // The rank of a monitor's name ("mon.b"), -1 if the map has no such name.
  int rank_of(const std::string& name) const;
  void add(double t, const char* name, std::vector<kern::Field> fields, kern::LogLevel level = kern::LogLevel::none,
           std::string text = {}) {
    events.push_back({t, order_++, "client.0", name, std::move(fields), level, std::move(text)});
  }

  const std::vector<std::string>& mons_;
  std::size_t order_ = 0;
};

// One line of the host's fault log, onto the log's clock (`offset`: the log's clock minus the
// host's): the faults, the run's end, and a `monsim reality` plan's name, steps and duration.
void fault_line(const std::string& line, double offset, EventLog& log, ImportedRun* out);

// The trace and dmesg lines of the events, in time order, relative to out->t0.
void emit(EventLog& log, ImportedRun* out);

}  // namespace monsim::sim
