#include "sim/cli/runner.h"

#include "client/userspace/utime.h"
#include "sim/scenario/logics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/cli/exit_codes.h"
#include "sim/cli/run_report.h"
#include "sim/engine/engine.h"
#include "sim/report/file_out.h"
#include "sim/report/metrics.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario_load.h"
#include "sim/engine/trace.h"
#include "sim/scenario/units.h"
#include "sim/engine/wall_clock.h"
#include "sim/world/client_logic.h"
#include "sim/world/world.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {

// The run's last line: seed, trace hash, speed-up.
void print_last_line(const Scenario& s, const RunOutcome& out, nanos end) {
  std::printf("seed=%llu trace=%s simulated=%ss wall=%.3fs speedup=%.0fx\n", static_cast<unsigned long long>(s.seed),
              out.trace_hash.c_str(), format_seconds(end).c_str(), out.wall_seconds,
              out.wall_seconds > 0 ? to_seconds(end) / out.wall_seconds : 0.0);
  std::fflush(stdout);
}

}  // namespace

std::string verdict_line(const std::string& name, const json& summary, const char* verdict, const std::string& dir) {
  const json& h = summary["hunts"];
  const json& p99 = summary["requests"]["latency"]["p99"];
  const std::string p99_text = p99.is_null() ? "-" : std::to_string(p99.get<double>()).substr(0, 8) + "s";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s: %s; sessions %llu, hunts %llu (longest %.3fs), keepalive timeouts %llu, requests %llu "
                "(p99 %s), lost %llu -> ",
                name.c_str(), verdict, summary["sessions"]["established"].get<unsigned long long>(),
                h["count"].get<unsigned long long>(), h["max_duration"].get<double>(),
                summary["keepalive_timeouts"]["count"].get<unsigned long long>(),
                summary["requests"]["count"].get<unsigned long long>(), p99_text.c_str(),
                summary["requests"]["lost"].get<unsigned long long>());
  std::string line = buf;
  if (const auto* inv = summary.contains("invariants") ? &summary["invariants"] : nullptr; inv && inv->value("breaches", 0) > 0) {
    line.insert(line.size() - 4, ", invariant breaches " + std::to_string((*inv)["breaches"].get<unsigned long long>()));
  }
  return line + dir;
}

std::vector<std::string> expected_breaches(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& x : s.expect)
    for (const auto& p : Invariants::properties()) {
      const std::string prefix = std::string("invariants.") + p.name + ".";
      if (x.metric.rfind(prefix, 0) == 0 && std::find(out.begin(), out.end(), p.name) == out.end())
        out.push_back(p.name);
    }
  return out;
}

std::string breach_lines(const std::vector<Breach>& breaches, std::uint64_t total) {
  std::string out;
  std::size_t shown = 0;
  for (const auto& b : breaches) {
    if (shown == 10) break;
    ++shown;
    out += "BREACH " + breach_headline(b) + "\n";
    out += "  found at: " + b.line + "\n";
  }
  if (total > shown) out += "BREACH … and " + std::to_string(total - shown) + " more (summary.json: invariants)\n";
  return out;
}

std::string breach_headline(const Breach& b) {
  return b.property + " at " + format_seconds(b.t) + "s " + b.node + ": " + b.detail;
}

std::vector<Breach> unexpected_breaches_in(const Scenario& s, const json& summary, std::uint64_t* total) {
  std::vector<Breach> out;
  *total = 0;
  const json* inv = lookup_metric(summary, "invariants");
  if (!inv || !inv->is_object()) return out;
  const std::vector<std::string> expected = expected_breaches(s);
  for (const auto& p : Invariants::properties()) {
    if (std::find(expected.begin(), expected.end(), p.name) != expected.end() || !inv->contains(p.name)) continue;
    const json& one = (*inv)[p.name];
    const std::uint64_t n = one.value("count", 0ULL);
    if (!n) continue;
    *total += n;
    Breach b;
    b.property = p.name;
    const json& at = one.contains("first_at") ? one["first_at"] : json(nullptr);
    b.t = at.is_number() ? static_cast<nanos>(std::llround(at.get<double>() * 1e6)) * NS_PER_US : 0;
    b.node = one.value("node", "");
    b.detail = one.value("detail", "");
    b.line = one.value("found_at", "");
    out.push_back(std::move(b));
  }
  return out;
}

namespace {
// A word as a POSIX shell reads it back: as it is when it is safe, else in single quotes.
std::string shell_word(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/=:+@%") ==
                        std::string::npos)
    return w;
  std::string q = "'";
  for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

std::string rerun_command(const Scenario& s, const std::vector<std::string>& sets) {
  std::string cmd = "monsim run " + shell_word(s.file) + " --seed " + std::to_string(s.seed);
  for (const auto& kv : sets)
    if (kv.rfind("seed=", 0) != 0) cmd += " --set " + shell_word(kv);
  return cmd;
}

std::vector<std::string> check_machine_limits(const Scenario& s) {
  const std::size_t need = World::standing_actors(s);
  const std::size_t can = Engine::actor_capacity();
  if (need <= can) return {};
  const std::string where = s.clients.count_pos.line > 0 ? s.clients.count_pos.str() : s.file;
  const std::size_t want = Engine::max_map_count_for(need);
  return {where + ": clients.count: " + std::to_string(s.clients.count) + " clients need " + std::to_string(need) +
          " SimGrid actors, more than this machine's vm.max_map_count (" + std::to_string(Engine::max_map_count()) +
          ") lets one process hold (" + std::to_string(can) + "): run fewer clients, or raise it: sysctl -w "
          "vm.max_map_count=" + std::to_string(want)};
}

namespace {

// The header: the seed first (TigerBeetle's rule), then what is being run and on what model.
void print_header(const Scenario& s) {
  std::printf("seed %llu\n", static_cast<unsigned long long>(s.seed));
  std::printf("scenario %s (%s): %zu monitors, %d client(s) %s, %s simulated, HZ %u\n", s.name.c_str(),
              s.file.c_str(), s.cluster.monitors.size(), s.clients.count, s.clients.logic.c_str(),
              format_duration(s.duration).c_str(), s.hz);
  std::printf("model %s\n", Engine::model_description().c_str());
  std::fflush(stdout);
}

// A librados client's line as its Ceph log has it ("2023-11-14T22:13:20.006012+0000
// 7f0000000000  1 monclient: found mon.c"): the simulated realtime since its epoch (a
// clock_step moves the client's clock, not these stamps), one thread id for the process.
std::string ceph_log_line(const TraceWriter::Line& l) {
  long long level = -1;
  for (const auto& f : l.fields)
    if (f.key == "ceph_level")
      if (const auto* v = std::get_if<std::int64_t>(&f.value)) level = *v;
  if (level < 0) return {};
  const nanos wall = kRealtimeEpoch + l.t;
  userspace::Utime u{wall / NS_PER_S, wall % NS_PER_S};
  char head[80];
  std::snprintf(head, sizeof head, "%s 7f0000000000 %2lld ", u.stamp_text().c_str(), level);
  return std::string(head) + std::string(l.text) + "\n";
}

// The trace's budget, its feed into the metrics, and the clients' kernel log as dmesg would
// print it: into `dmesg` (the run's dmesg.txt), and on the console unless quiet; a librados
// client's Ceph log lines, every level, into `ceph_log` (client.0's: the run's client.log).
void wire_trace(TraceWriter& trace, MetricsBuilder& metrics, std::ostream& dmesg, std::ostream* ceph_log,
                const Scenario& s, const RunOptions& opts) {
  const std::uint64_t budget = opts.max_trace_bytes ? opts.max_trace_bytes : limits::kTraceBytes;
  trace.limit(budget, [budget] {
    give_up("at t=" + format_seconds(now_ns()) + "s the trace passed " + format_size(budget) +
            " (--max-trace): nothing written; a shorter run, fewer clients, or a larger --max-trace");
  });
  trace.set_level(opts.trace);
  const bool many = s.clients.count > 1;
  const bool quiet = opts.quiet;
  trace.on_log([many, quiet, &dmesg, ceph_log](const TraceWriter::Line& l) {
    if (ceph_log && l.node == "client.0") *ceph_log << ceph_log_line(l);
    if (l.level == kern::LogLevel::debug || l.node.rfind("client.", 0) != 0) return;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%12.6f] ", to_seconds(l.t));
    std::string line = stamp;
    if (many) line += std::string(l.node) + " ";
    line += "libceph: ";
    line += l.text;
    line += "\n";
    dmesg << line;
    if (!quiet) std::fputs(line.c_str(), stdout);
  });
}

// summary.json's "run": what was run, with which seed, logic, model and tunables.
json run_section(const Scenario& s, const std::string& trace_hash, std::uint64_t messages, std::uint64_t events,
                 TraceWriter::Level level) {
  json run;
  run["scenario"] = s.name;
  run["file"] = s.file;
  run["seed"] = s.seed;
  run["logic"] = s.clients.logic;
  if (const std::string source = client_logic_source(s.clients.logic); !source.empty()) run["logic_source"] = source;
  run["duration"] = to_seconds(s.duration);
  run["trace_hash"] = trace_hash;  // of the trace written
  run["trace"] = TraceWriter::level_text(level);
  run["model"] = Engine::model_description();
  run["clients"] = s.clients.count;
  run["monitors"] = s.monitor_names();
  run["messages"] = messages;  // frames handed to the network
  run["events"] = events;      // closures run by the event loops
  const auto& tu = s.clients.tunables;
  run["tunables"] = {{"hunt_interval", tu.hunt_interval_ms / 1000.0}, {"hunt_backoff", tu.hunt_backoff},
                     {"hunt_max_mult", tu.hunt_max_mult}, {"ping_interval", tu.ping_interval_ms / 1000.0},
                     {"ping_timeout", tu.ping_timeout_ms / 1000.0}};
  return run;
}

// The run's files beside its trace (summary, requests, sessions, the resolved scenario), then
// the directory put in place; false (and out.exit_code) when that failed.
bool write_run_files(const Scenario& s, RunDir& run_dir, const MetricsBuilder& metrics, RunOutcome& out,
                     const RunOptions& opts) {
  std::string err;
  const bool written = write_text_file(run_dir.file("summary.json"), out.summary.dump(2) + "\n", &err) &&
                       write_text_file(run_dir.file("requests.csv"), metrics.requests_csv(), &err) &&
                       write_text_file(run_dir.file("sessions.csv"), metrics.sessions_csv(), &err) &&
                       write_text_file(run_dir.file("scenario.yaml"), dump_scenario(s), &err) &&
                       (!opts.html || write_run_report(s, run_dir, out, opts, &err));
  if (written && run_dir.commit(&err)) return true;
  std::fprintf(stderr, "monsim: %s\n", err.c_str());
  out.exit_code = written && run_dir.refused() ? 2 : kRunWriteFailed;
  return false;
}

// `monsim run`'s verdict: the seed note, the breaches, the misses, the verdict line.
void print_verdict(const Scenario& s, const RunOutcome& out, std::uint64_t breaches_total, const std::string& dir) {
  if (!expectations_judged(s, out.summary))
    std::printf("note: %s's expectations are for seed %llu; this run's seed %llu: not judged\n", s.name.c_str(),
                static_cast<unsigned long long>(*s.expect_for_seed), static_cast<unsigned long long>(s.seed));
  if (breaches_total) std::fputs(breach_lines(out.breaches, breaches_total).c_str(), stdout);
  for (const auto& m : out.misses)
    std::printf("MISS %s: %s: expected %s, got %s\n", m.where.c_str(), m.metric.c_str(), m.expected.c_str(),
                m.actual.c_str());
  std::printf("%s\n", verdict_line(s.name, out.summary, !out.misses.empty() || out.unexpected_breaches ? "FAIL" : expectations_judged(s, out.summary) ? "pass" : "not judged", dir).c_str());
}

}  // namespace

RunOutcome run_scenario(const Scenario& s, RunDir& run_dir, const RunOptions& opts) {
  RunOutcome out;
  const std::string dir = run_dir.dir().string();
  if (opts.header) print_header(s);
  WallTimer wall;
  MetricsBuilder metrics(s.monitor_names());
  metrics.plan_faults(s);
  std::unique_ptr<Invariants> invariants;
  nanos end = 0;
  std::uint64_t messages = 0, events = 0;
  {
    FileOut trace_file, dmesg_file, ceph_log_file;
    std::string err;
    const bool ceph_log = is_userspace_logic(s.clients.logic);
    if (!trace_file.open(run_dir.file("trace.jsonl"), &err) || !dmesg_file.open(run_dir.file("dmesg.txt"), &err) ||
        (ceph_log && !ceph_log_file.open(run_dir.file("client.log"), &err))) {
      std::fprintf(stderr, "monsim: %s\n", err.c_str());
      out.exit_code = kRunWriteFailed;
      return out;
    }
    TraceWriter trace(&trace_file.stream());
    wire_trace(trace, metrics, dmesg_file.stream(), ceph_log ? &ceph_log_file.stream() : nullptr, s, opts);
    // Left to the process's exit, never destroyed: a run's process ends once its results are
    // written (supervise.h), and tearing down every actor first (a munmap and a TLB shootdown
    // per stack) cost a sixth of a storm's time for nothing.
    auto* engine = new Engine;
    auto* world = new World(s, trace);
    invariants = std::make_unique<Invariants>(s, &world->view());
    Invariants* inv = invariants.get();
    trace.on_event([&metrics, inv](const TraceWriter::Line& line) {
      metrics.add(line);
      inv->add(line);
    });
    world->on_send_after_close([inv](nanos t, std::string_view node, std::uint64_t sock) { inv->sent_after_close(t, node, sock); });
    end = world->run(*engine);
    messages = world->messages();
    events = world->events();
    out.trace_hash = trace.hash_hex();
    if (!trace_file.close(&err) || !dmesg_file.close(&err) || (ceph_log && !ceph_log_file.close(&err))) {
      std::fprintf(stderr, "monsim: %s\n", err.c_str());
      out.exit_code = kRunWriteFailed;
      return out;
    }
  }
  out.wall_seconds = wall.seconds();

  out.summary = metrics.summary();  // (built in place: a storm's summary is 10^5 objects)
  out.summary["invariants"] = invariants->summary();
  out.summary["run"] = run_section(s, out.trace_hash, messages, events, opts.trace);
  out.breaches = invariants->breaches();
  const std::vector<std::string> expected = expected_breaches(s);
  for (const auto& p : Invariants::properties())
    if (std::find(expected.begin(), expected.end(), p.name) == expected.end())
      out.unexpected_breaches += invariants->count(p.name);
  out.misses = check_expectations(s, out.summary);
  if (!write_run_files(s, run_dir, metrics, out, opts)) return out;

  if (opts.verdict) print_verdict(s, out, invariants->total(), dir);
  if (opts.header) print_last_line(s, out, end);
  out.exit_code = out.unexpected_breaches ? kBreach : out.misses.empty() ? kPass : kMiss;
  return out;
}

}  // namespace monsim::sim
