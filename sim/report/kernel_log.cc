#include "sim/report/kernel_log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "sim/engine/trace.h"
#include "sim/report/import_events.h"
#include "sim/report/json_input.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

namespace {

using kern::Field;

constexpr std::size_t kLongestLine = kLongestImportLine;
constexpr std::size_t kMaxTcpProbes = 1'000'000;  // srtt samples kept (8 MB at most)

class Reader : public EventLog {
 public:
  explicit Reader(const std::vector<std::string>& mons) : EventLog(mons) {}

  void client_line(double t, const std::string& msg) {
    if (hunt_or_session_line(t, msg) || connection_line(t, msg)) ++used_;
  }

  // pick_new_mon, __open_session, finish_hunting, a session established or lost, a keepalive
  // timeout: false when the line is none of those.
  bool hunt_or_session_line(double t, const std::string& msg) {
    std::smatch m;
    static const std::regex pick(R"(pick_new_mon mon(-?\d{1,9}) -> mon(\d{1,9}) out of (\d{1,9}) mons)");
    static const std::regex open(R"(__open_session opening mon(\d{1,9}))");
    static const std::regex found(R"(finish_hunting found mon(\d{1,9}))");
    static const std::regex established(R"(libceph: mon(\d{1,9}) \S+ session established)");
    static const std::regex lost(R"(libceph: mon(\d{1,9}) \S+ session lost, hunting for new mon)");
    if (std::regex_search(msg, m, pick)) {
      const int to = std::stoi(m[2].str());
      expect_con_ = true;
      add(t, "hunt_pick", {mon(to), {"rank", to}, {"old", std::stoi(m[1].str())}, {"num_mon", std::stoi(m[3].str())}});
      if (!hunting_) {
        add(t, "hunting_start", {mon(to), {"rank", to}});
        hunting_ = true;
      }
      if (!mounting_done_ && !mount_started_) {
        mount_started_ = true;
        add(t, "mount_start", {});
      }
    } else if (std::regex_search(msg, m, open)) {
      const int r = std::stoi(m[1].str());
      add(t, "session_open", {mon(r), {"rank", r}});
    } else if (std::regex_search(msg, m, found)) {
      const int r = std::stoi(m[1].str());
      add(t, "hunting_end", {mon(r), {"rank", r}});
      hunting_ = false;
    } else if (std::regex_search(msg, m, established)) {
      const int r = std::stoi(m[1].str());
      add(t, "session_established", {mon(r), {"rank", r}}, kern::LogLevel::info, info_text(msg));
      session_ = r;
    } else if (std::regex_search(msg, m, lost)) {
      const int r = std::stoi(m[1].str());
      add(t, "session_lost", {mon(r), {"rank", r}}, kern::LogLevel::info, info_text(msg));
      add(t, "session_close", {mon(r), {"rank", r}});
      session_ = -1;
    } else if (msg.find("monc keepalive timeout") != std::string::npos) {
      add(t, "keepalive_timeout", {mon(session_), {"rank", session_}});
    } else {
      return false;
    }
    return true;
  }

  // The monitor client's connection (its keepalives, faults), the ticks, the mount: false when
  // the line is none of those, or another connection's.
  bool connection_line(double t, const std::string& msg) {
    std::smatch m;
    static const std::regex work(R"(delayed_work: libceph:\s+delayed_work mon(\d{1,9}))");
    static const std::regex sched(R"(__schedule_delayed after (\d{1,18}))");
    static const std::regex fsid(R"(libceph: client(\d{1,19}) fsid (\S+))");
    static const std::regex fault(R"(libceph: mon(\d{1,9}) \S+ (socket closed|socket error on \w+)(.*))");
    static const std::regex con_open(R"(ceph_con_open: libceph:\s+con_open ([0-9a-f]+) )");
    if (std::regex_search(msg, m, con_open)) {
      // The monitor client's connection is the one opened right after a pick (the OSD
      // client's connections keep their own keepalives, every 5 s).
      if (expect_con_) mon_con_ = m[1].str();
      expect_con_ = false;
      return false;
    } else if (!keepalive_of_mon_con(msg)) {
      return false;
    } else if (msg.find("prepare_write_keepalive ") != std::string::npos) {
      last_write_ = t;
      add(t, "keepalive2_write", {});
      events.back().stamp = t;
    } else if (msg.find("prepare_read_keepalive_ack ") != std::string::npos) {
      add(t, "keepalive2_ack", {});
      events.back().stamp = last_write_;
    } else if (std::regex_search(msg, m, work)) {
      add(t, "tick", {{"hunting", hunting_}});
    } else if (std::regex_search(msg, m, sched)) {
      add(t, "tick_scheduled", {{"delay", std::stoll(m[1].str())}, {"hunting", hunting_}});
    } else if (std::regex_search(msg, m, fsid)) {
      mounting_done_ = true;
      add(t, "mount_done", {{"result", 0}, {"global_id", std::stoull(m[1].str())}, {"fsid", m[2].str()}},
          kern::LogLevel::info, info_text(msg));
    } else if (std::regex_search(msg, m, fault)) {
      const int r = std::stoi(m[1].str());
      add(t, "con_fault", {mon(r), {"rank", r}, {"why", m[2].str()}}, kern::LogLevel::err, info_text(msg));
    } else {
      return false;
    }
    return true;
  }

  int used() const { return used_; }

 private:
  // A keepalive line of the monitor client's connection (or not a keepalive line at all).
  bool keepalive_of_mon_con(const std::string& msg) const {
    if (msg.find("_keepalive") == std::string::npos) return true;
    return !mon_con_.empty() && msg.find(mon_con_) != std::string::npos;
  }
  static std::string info_text(const std::string& msg) {
    const auto at = msg.find("libceph: ");
    return at == std::string::npos ? msg : msg.substr(at + 9);
  }
  bool hunting_ = false, mount_started_ = false, mounting_done_ = false, expect_con_ = false;
  std::string mon_con_;  // the monitor client's connection, as the debug lines print it
  int session_ = -1;
  double last_write_ = -1;
  int used_ = 0;
};

// The kernel log, a line at a time: each line read into events, and what the log says of its
// clocks (t = 0, the host's, the jiffies phase, HZ).
class LogPass {
 public:
  LogPass(Reader& reader, ImportedRun* out) : reader_(reader), out_(out) {}

  void line(std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++out_->lines_read;
    // A kernel line is at most 1 KiB (LOG_LINE_MAX); anything longer is not one, and would
    // cost the regular expressions a deep recursion.
    if (line.size() > kLongestLine) return;
    if (tcp_probe(line)) return;
    static const std::regex line_re(R"(^(?:(\S+) \| )?\[\s*(\d{1,12}\.\d{1,9})\] (.*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) return;
    const double t = std::stod(m[2].str());
    const std::string msg = m[3].str();
    // A line reaches the host after the kernel printed it: the guest's clock is at least
    // this far ahead of the host's, and the line that travelled fastest says it best.
    // (Only libceph's lines and MARKs: the boot's first lines are all stamped 0.000000.)
    double arrival = 0;
    if (m[1].matched && (msg.find("libceph") != std::string::npos || msg.rfind("MARK ", 0) == 0) &&
        host_seconds(m[1].str(), &arrival)) {
      transit_offset_ = have_transit_ ? std::max(transit_offset_, t - arrival) : t - arrival;
      have_transit_ = true;
    }
    static const std::regex version_re(R"(Linux version (\S+))");
    std::smatch k;
    if (std::regex_search(msg, k, version_re) && out_->kernel.empty()) out_->kernel = k[1].str();
    if (mark(t, msg)) return;
    if (msg.find("libceph") == std::string::npos) return;
    clocks(t, msg);
    reader_.client_line(t, msg);
  }

  // After the last line: HZ, the host's offset, the uptime at t = 0. False (and `why`) if the
  // log holds nothing this importer reads.
  bool finish(std::string* why);
  bool have_offset() const { return have_offset_; }

  // A tcp:tcp_probe trace line ("… tcp_probe: family=AF_INET src=… dest=…:6789 … srtt=N …"):
  // its srtt kept (at most kMaxTcpProbes of them), nothing else read.
  bool tcp_probe(const std::string& line) {
    const auto at = line.find(" tcp_probe: ");
    if (at == std::string::npos) return false;
    const auto s = line.find(" srtt=", at);
    if (s == std::string::npos || srtt_.size() >= kMaxTcpProbes) return true;
    std::uint64_t v = 0;
    std::size_t i = s + 6, digits = 0;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 10; ++i, ++digits) v = v * 10 + (line[i] - '0');
    if (digits > 0 && digits < 10 && (i == line.size() || line[i] == ' ')) srtt_.push_back(v);
    return true;
  }

 private:
  // "MARK NAME host=T": the first is t = 0.
  bool mark(double t, const std::string& msg) {
    static const std::regex mark_re(R"(^MARK (\S+)(?: host=(\S+))?)");
    std::smatch k;
    if (!std::regex_search(msg, k, mark_re)) return false;
    if (!have_t0_) {
      out_->t0 = t;
      have_t0_ = true;
    }
    double host = 0;
    if (!have_offset_ && k[2].matched && host_seconds(k[2].str(), &host)) {
      out_->host_offset = t - host;
      have_offset_ = true;
    }
    reader_.mark(t, k[1].str());
    return true;
  }

  // The jiffies phase: "__send_subscribe sent J" prints the jiffies (| 1) its previous send
  // stored, and that send's own line gives its instant: the first such pair is the anchor.
  // And __schedule_delayed's delays: the commonest is the 10 s tick's.
  void clocks(double t, const std::string& msg) {
    static const std::regex sent_re(R"(__send_subscribe sent (\d{1,19})$)");
    static const std::regex delay_re(R"(__schedule_delayed after (\d{1,9})$)");
    std::smatch k;
    if (std::regex_search(msg, k, sent_re)) {
      const unsigned long long j = std::stoull(k[1].str());
      if (j != 0 && last_send_ >= 0 && anchor_t_ < 0) {
        anchor_t_ = last_send_;
        anchor_j_ = j;
      }
      last_send_ = t;
    }
    if (std::regex_search(msg, k, delay_re)) ++delays_[std::stoull(k[1].str())];
  }

  Reader& reader_;
  ImportedRun* out_;
  bool have_t0_ = false, have_offset_ = false, have_transit_ = false;
  std::vector<std::uint64_t> srtt_;
  double transit_offset_ = 0;
  double last_send_ = -1, anchor_t_ = -1;
  unsigned long long anchor_j_ = 0;
  std::map<unsigned long long, int> delays_;
};

bool LogPass::finish(std::string* why) {
  // HZ: the commonest delay is the healthy tick's, round_jiffies_relative(10 s) (within a
  // second of 10 x HZ); the nearest of the kernel's HZ choices.
  if (!delays_.empty()) {
    const auto commonest = std::max_element(delays_.begin(), delays_.end(),
                                            [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    unsigned best = 0;
    for (unsigned hz : {100u, 250u, 300u, 1000u})
      if (!best || std::llabs(static_cast<long long>(commonest) - 10LL * hz) < std::llabs(static_cast<long long>(commonest) - 10LL * best))
        best = hz;
    out_->hz = best;
  }
  out_->lines_used = reader_.used();
  if (have_transit_) {  // the lines' own arrival stamps pair the clocks better than the MARKs' host=
    out_->host_offset = transit_offset_;
    have_offset_ = true;
  }
  if (out_->lines_used == 0) {
    *why = "no libceph line this importer reads (a kernel log of a Ceph client, with dynamic debug on "
           "net/ceph/mon_client.c for the hunts and keepalives?)";
    return false;
  }
  if (!have_t0_) {  // no MARK: the first libceph line is t = 0
    out_->t0 = std::min_element(reader_.events.begin(), reader_.events.end(),
                                [](const ImportEvent& a, const ImportEvent& b) { return a.t < b.t; })->t;
  }
  // The kernel's uptime at t = 0 in jiffies (INITIAL_JIFFIES is (unsigned int)(-300 x HZ)),
  // carried back from the anchor by the printk clock.
  if (anchor_t_ >= 0 && out_->hz) {
    const double initial = 4294967296.0 - 300.0 * out_->hz;
    out_->uptime_at_t0 = (static_cast<double>(anchor_j_) - initial) / out_->hz - (anchor_t_ - out_->t0);
  }
  if (!srtt_.empty()) {  // the median (the lower one of an even count)
    auto mid = srtt_.begin() + static_cast<std::ptrdiff_t>((srtt_.size() - 1) / 2);
    std::nth_element(srtt_.begin(), mid, srtt_.end());
    out_->tcp_srtt_us = static_cast<double>(*mid);
    out_->tcp_probes = static_cast<int>(srtt_.size());
  }
  return true;
}

}  // namespace

bool import_kernel_log(const std::string& log_text, const std::string& faults_text,
                       const std::vector<std::string>& monitors, ImportedRun* out, std::string* why) {
  Reader reader(monitors);
  LogPass log(reader, out);
  std::istringstream in(log_text);
  for (std::string line; std::getline(in, line);) log.line(utf8_or_marks(line));
  if (!log.finish(why)) return false;
  if (!faults_text.empty()) {
    if (!log.have_offset()) {
      *why = "--faults needs MARK lines with host= times in the kernel log to pair the two clocks";
      return false;
    }
    std::istringstream fin(faults_text);
    for (std::string line; std::getline(fin, line);) fault_line(utf8_or_marks(line), out->host_offset, reader, out);
  }
  emit(reader, out);
  return true;
}

bool read_log_file(const std::string& path, const char* what, std::string* text, std::string* why) {
  LineReader reader;
  if (!reader.open(path, limits::kImportBytes, limits::kImportLine, what, why)) return false;
  text->clear();
  for (std::string line;;) {
    const LineReader::Got got = reader.next(&line);
    if (got == LineReader::Got::end) return true;
    if (got == LineReader::Got::error) {
      *why = reader.error();
      return false;
    }
    // A line too long to be a kernel's is kept as an empty one (the count of lines read stays
    // the file's); a byte that is not UTF-8 becomes '?' (the lines' words reach the trace).
    if (got == LineReader::Got::line) *text += utf8_or_marks(line);
    *text += '\n';
  }
}

}  // namespace monsim::sim
