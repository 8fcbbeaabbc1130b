// requests.csv and sessions.csv: one row per workload call, one per established session,
// joinable on `session`; times in seconds of simulated time, units in the header names.
#include <cstdio>

#include "sim/report/metrics.h"

namespace monsim::sim {

namespace {

std::string seconds(double s) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

}  // namespace

std::string MetricsBuilder::requests_csv() const {
  std::string out = "tid,op,kind,client,start_s,end_s,latency_s,state,result,error,resends,mon,rank,session\n";
  for (const auto& r : requests_) {
    const bool done = r.end >= 0;
    const char* state = request_state_name(state_of(r));
    out += (r.tid ? std::to_string(r.tid) : "") + "," + std::to_string(r.op) + "," + r.kind + "," + r.client + "," +
           seconds(r.start) + "," + (done ? seconds(r.end) : "") + "," + (done ? seconds(r.end - r.start) : "") + "," +
           state + "," + (done ? std::to_string(r.result) : "") + "," + (done ? r.err : "") + "," +
           std::to_string(r.resends) + "," + r.mon + "," + (r.rank >= 0 ? std::to_string(r.rank) : "") + "," +
           (r.session >= 0 ? std::to_string(r.session) : "") + "\n";
  }
  return out;
}

std::string MetricsBuilder::sessions_csv() const {
  std::string out = "session,client,mon,rank,start_s,end_s,duration_s,end_reason,detected_by\n";
  for (std::size_t i = 0; i < sessions_.size(); ++i) {
    const SessionRow& s = sessions_[i];
    const bool open = s.end < 0;
    out += std::to_string(i) + "," + s.client + "," + s.mon + "," + std::to_string(s.rank) + "," + seconds(s.start) +
           "," + (open ? "" : seconds(s.end)) + "," + (open ? "" : seconds(s.end - s.start)) + "," +
           (open ? "open" : s.end_reason) + "," + s.detected_by + "\n";
  }
  return out;
}

}  // namespace monsim::sim
