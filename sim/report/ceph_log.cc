#include "sim/report/ceph_log.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <sstream>

#include "sim/report/import_events.h"
#include "sim/report/json_input.h"
#include "sim/scenario/input_file.h"

namespace monsim::sim {

namespace {

using kern::Field;

// "2026-12-07T00:02:44.681594+0000 7f6f7d174040 10 monclient: …": the stamp, its zone, the
// thread, the level and the message.
const std::regex& line_re() {
  static const std::regex re(
      R"(^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9})([+-])(\d{2})(\d{2}) [0-9a-f]{1,16} +(-?\d{1,3}) (.*)$)");
  return re;
}

// The line's instant in UTC seconds of the month (host_seconds()'s clock), or false.
bool stamp_of(const std::smatch& m, double* t) {
  if (!host_seconds(m[1].str() + "Z", t)) return false;
  const double zone = (std::stod(m[3].str()) * 60 + std::stod(m[4].str())) * 60;
  *t -= m[2].str() == "+" ? zone : -zone;
  return true;
}

class CephReader : public EventLog {
 public:
  explicit CephReader(const std::vector<std::string>& mons) : EventLog(mons) {}

  // One monclient line (`text`: the whole message, `body`: after its prefix): false when it
  // is none this reader reads.
  bool line(double t, int level, const std::string& text, const std::string& body) {
    std::smatch m;
    static const std::regex reopen(R"(^_reopen_session rank (-?\d{1,9})$)");
    static const std::regex picked(R"(^picked mon\.(\S{1,64})(?: con 0x[0-9a-f]+ addr \S+)?$)");
    static const std::regex found(R"(^found mon\.(\S{1,64})$)");
    // (the interval is a span, or -- lk after now, 16.2's __u32 wrap -- the date of 2^32 - 1 s)
    static const std::regex no_keepalive(R"(^no keepalive since (\S+) \((\S{1,40}) seconds\), reconnecting$)");
    static const std::regex auth_ok(R"(^authenticate success, global_id (\d{1,19})$)");
    const auto info = level <= 1 ? kern::LogLevel::info : kern::LogLevel::none;
    if (body == "get_monmap_and_config" && !mount_started_) {
      mount_started_ = true;
      add(t, "mount_start", {});
      add(t, "bootstrap_start", {});
    } else if (std::regex_match(body, m, reopen)) {
      close_session(t, "reopen");
      add(t, "reopen_session", {{"rank", std::stoi(m[1].str())}});
      if (!hunting_) add(t, "hunting_start", {});
      hunting_ = true;
    } else if (std::regex_match(body, m, picked)) {
      const int r = rank(m[1].str());
      add(t, "hunt_pick", {mon(r), {"rank", r}});
    } else if (std::regex_match(body, m, found)) {
      const int r = rank(m[1].str());
      add(t, "hunting_end", {mon(r), {"rank", r}}, info, text);
      add(t, "session_established", {mon(r), {"rank", r}});
      hunting_ = false;
      session_ = r;
    } else if (std::regex_match(body, m, no_keepalive)) {
      double stamp = 0;
      if (host_seconds(m[1].str().substr(0, m[1].str().find('+')) + "Z", &stamp)) {
        add(t, "keepalive2_ack", {});  // the newest acknowledged keepalive, as the line names it
        events.back().stamp = stamp;
      }
      add(t, "keepalive_timeout", {mon(session_), {"rank", session_}}, info, text);
    } else if (body == "continuing hunt") {
      add(t, "continuing_hunt", {}, info, text);
    } else if (body == "tick") {
      add(t, "tick", {{"hunting", hunting_}});
      if (!hunting_ && last_tick_ >= 0 && last_tick_connected_) gaps_.push_back(t - last_tick_);
      last_tick_ = t;
      last_tick_connected_ = !hunting_;
    } else if (body == "_check_auth_tickets getting new tickets!") {
      add(t, "auth_renew", {mon(session_), {"rank", session_}});
    } else if (std::regex_match(body, m, auth_ok)) {
      add(t, "authenticated", {{"global_id", std::stoull(m[1].str())}});
    } else if (body == "shutdown") {
      add(t, "stop", {});
      close_session(t, "shutdown");
      hunting_ = false;
      last_tick_ = -1;
    } else {
      return false;
    }
    return true;
  }

  // The SafeTimer's latency: the median connected tick-to-tick gap past its nominal period.
  double timer_latency_us() {
    if (gaps_.empty()) return -1;
    auto mid = gaps_.begin() + static_cast<std::ptrdiff_t>((gaps_.size() - 1) / 2);
    std::nth_element(gaps_.begin(), mid, gaps_.end());
    const double nominal = std::round(*mid * 100) / 100;
    return std::round((*mid - nominal) * 1e7) / 10;  // a tenth of a microsecond
  }

 private:
  void close_session(double t, const char* why) {
    if (session_ < 0 && !hunting_) return;
    if (session_ >= 0) add(t, "session_close", {mon(session_), {"rank", session_}, {"why", why}});
    session_ = -1;
  }
  // "noname-b" (the initial map's rank 1) or "c" (the map's name).
  int rank(const std::string& name) const {
    if (name.rfind("noname-", 0) == 0 && name.size() == 8 && name[7] >= 'a' && name[7] <= 'z') return name[7] - 'a';
    return rank_of("mon." + name);
  }

  bool mount_started_ = false, hunting_ = false, last_tick_connected_ = false;
  int session_ = -1;
  double last_tick_ = -1;
  std::vector<double> gaps_;
};

// The fault log's lines only a librados run has: t = 0, and the connect's end.
void client_lines(const std::string& faults_text, CephReader& reader, double* t0, double* end) {
  static const std::regex t0_re(R"(^(\S+) === t0 )");
  static const std::regex end_re(R"(^(\S+) === end of run)");
  static const std::regex client_re(R"(^(\S+) CLIENT (connected|connect-failed)\b)");
  std::istringstream in(faults_text);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > kLongestImportLine) continue;
    std::smatch m;
    double t = 0;
    if (std::regex_search(line, m, t0_re) && host_seconds(m[1].str(), &t) && *t0 < 0) *t0 = t;
    else if (std::regex_search(line, m, end_re) && host_seconds(m[1].str(), &t)) *end = t;
    else if (std::regex_search(line, m, client_re) && host_seconds(m[1].str(), &t))
      reader.events.push_back({t, reader.events.size() + 1'000'000'000, "client.0",
                               m[2].str() == "connected" ? "mount_done" : "mount_failed",
                               {{"result", m[2].str() == "connected" ? 0 : -110}}, kern::LogLevel::none, ""});
  }
}

}  // namespace

bool is_ceph_log(const std::string& log_text) {
  std::istringstream in(log_text);
  int seen = 0;
  for (std::string line; seen < 200 && std::getline(in, line); ++seen) {
    std::smatch m;
    if (line.size() <= kLongestImportLine && std::regex_match(line, m, line_re())) return true;
  }
  return false;
}

bool import_ceph_log(const std::string& log_text, const std::string& faults_text,
                     const std::vector<std::string>& monitors, ImportedRun* out, std::string* why) {
  CephReader reader(monitors);
  out->format = "ceph";
  std::istringstream in(log_text);
  static const std::regex monc(R"(^monclient(?:\(hunting\))?: (.*)$)");
  for (std::string line; std::getline(in, line);) {
    line = utf8_or_marks(line);
    ++out->lines_read;
    std::smatch m, b;
    double t = 0;
    if (line.size() > kLongestImportLine || !std::regex_match(line, m, line_re()) || !stamp_of(m, &t)) continue;
    const std::string msg = m[6].str();
    if (std::regex_match(msg, b, monc) && reader.line(t, std::stoi(m[5].str()), msg, b[1].str())) ++out->lines_used;
  }
  if (out->lines_used == 0) {
    *why = "no monclient line this importer reads (a librados client's log with debug_monc 10 or more?)";
    return false;
  }
  double t0 = -1, end = -1;
  client_lines(faults_text, reader, &t0, &end);
  if (end >= 0)  // librados' shutdown after the run is not the run's
    std::erase_if(reader.events, [end](const ImportEvent& e) { return e.node == "client.0" && e.t > end; });
  out->t0 = t0 >= 0 ? t0
                    : std::min_element(reader.events.begin(), reader.events.end(),
                                       [](const ImportEvent& a, const ImportEvent& b) { return a.t < b.t; })->t;
  out->host_offset = 0;  // one clock: the client runs on the host
  out->timer_latency_us = reader.timer_latency_us();
  std::istringstream fin(faults_text);
  for (std::string line; std::getline(fin, line);) fault_line(utf8_or_marks(line), 0, reader, out);
  emit(reader, out);
  return true;
}

}  // namespace monsim::sim
