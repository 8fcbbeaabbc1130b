#include "sim/check/invariants.h"

#include <algorithm>

#include "sim/scenario/logics.h"
#include "sim/scenario/units.h"
#include "sim/scenario/workload_ops.h"

namespace monsim::sim {

using json = nlohmann::ordered_json;

namespace {
constexpr std::size_t kKeepPerProperty = 100;  // breaches kept with their lines; all are counted
constexpr nanos kScanEvery = NS_PER_S;         // the liveness deadlines are checked this often at least

// N of "client.N" (monsim's names), or -1.
int client_index(std::string_view node) {
  constexpr std::string_view prefix = "client.";
  if (node.size() <= prefix.size() || node.substr(0, prefix.size()) != prefix) return -1;
  int n = 0;
  for (char ch : node.substr(prefix.size())) {
    if (ch < '0' || ch > '9' || n > 10'000'000) return -1;
    n = n * 10 + (ch - '0');
  }
  return n;
}

// "client.*", "client.3", "*": does the pattern name this client.
bool names_client(const std::string& pattern, const std::string& name) {
  if (pattern == "*" || pattern == "client.*") return true;
  return pattern == name;
}
}  // namespace

const std::vector<PropertySpec>& Invariants::properties() {
  static const std::vector<PropertySpec> specs = {
      {"one_connection", "safety",
       "a client has at most one monitor socket open (userspace-16.2: at most mon_client_hunt_parallel, which it dials at once)"},
      {"hunt_mult_bounds", "safety",
       "1 <= hunt_mult <= hunt_max_mult (CEPH_MONC_HUNT_MAX_MULT) whenever the client reports it (userspace-16.2: "
       "mon_client_hunt_interval_min_multiple <= multiplier <= mon_client_hunt_interval_max_multiple)"},
      {"no_send_on_closed", "safety", "nothing is handed to the network on a socket its own side closed"},
      {"requests_accounted", "safety",
       "every submitted request is answered, failed with an error its caller sees, or still held by the "
       "client at the end (the client's count of held requests equals the trace's)"},
      {"session_after_auth", "safety", "a session is reported established only after an authentication reply succeeded on it"},
      {"tids_unique", "safety", "a client's request tids strictly increase (never reused)"},
      {"one_leader", "safety",
       "each quorum has one leader, a member of it, with a strict majority of the monitors; one leader per election epoch"},
      {"session_regained", "liveness",
       "while a monitor serves the client (reachable both ways, up, in a formed quorum, no reply rule), the "
       "client has a session with one that serves within max(detect, pick) + handshake of the last instant its "
       "monitor stopped serving or it picked one that does not serve"},
      {"request_completes", "liveness",
       "a request held by a client whose session's monitor serves completes within handshake of the later of "
       "its submission and the session's return"},
      {"keepalive_detects", "liveness",
       "a session whose monitor stops answering (stopped, dead, powered off, cut off) ends within detect of "
       "the stop (logics with a keepalive timeout: linux-4.10, linux-6.1)"},
  };
  return specs;
}

bool Invariants::applies(const std::string& property, const Scenario& s) {
  if (property == "keepalive_detects") return port_of(s.clients.logic) != "linux-2.6.34";
  return true;
}

Invariants::Invariants(const Scenario& s, const WorldView* view)
    : s_(s), view_(view), bounds_(liveness_bounds(s)), keepalive_logic_(applies("keepalive_detects", s)),
      userspace_(is_userspace_logic(s.clients.logic)) {
  clients_.resize(static_cast<std::size_t>(std::max(0, s.clients.count)));
}

std::uint64_t Invariants::count(const std::string& property) const {
  auto it = counts_.find(property);
  return it == counts_.end() ? 0 : it->second;
}

Invariants::Client* Invariants::client(std::string_view node) {
  const int i = client_index(node);
  if (i < 0 || static_cast<std::size_t>(i) >= clients_.size()) return nullptr;
  return &clients_[static_cast<std::size_t>(i)];
}

void Invariants::breach(const char* property, nanos t, std::string_view node, std::string detail,
                        const TraceWriter::Line& at) {
  ++total_;
  if (++counts_[property] > kKeepPerProperty) return;
  std::string line = TraceWriter::format(at);
  if (!line.empty() && line.back() == '\n') line.pop_back();
  breaches_.push_back({property, t, std::string(node), std::move(detail), std::move(line)});
}

void Invariants::sent_after_close(nanos t, std::string_view node, std::uint64_t sock) {
  const std::vector<kern::Field> fields = {{"sock", sock}};
  const TraceWriter::Line at{t, node, "net_send", std::nullopt, fields, kern::LogLevel::none, {}};
  breach("no_send_on_closed", t, node, "a frame handed to the network on socket " + std::to_string(sock) +
                                           ", which this side had closed", at);
}

void Invariants::add(const TraceWriter::Line& line) {
  const std::string_view node = line.node;
  const int index = client_index(node);
  if (index >= 0 && static_cast<std::size_t>(index) < clients_.size()) {
    Client& c = clients_[static_cast<std::size_t>(index)];
    client_event(index, c, line);
    if (view_) {
      // Only these change where the client stands; the world's changes come as their own events.
      const std::string_view ev = line.event;
      if (ev == "hunt_pick" || ev == "session_open" || ev == "session_established" || ev == "session_lost" ||
          ev == "session_close" || ev == "hunting_start" || ev == "mount_start" || ev == "mount_failed" ||
          ev == "request_submit")
        assess(index, c, line.t);
      check_deadlines(index, c, line);
    }
  } else if (node == "mon.cluster" || node == "chaos" || line.event == "mon_state") {
    if (node == "mon.cluster") cluster_event(line);
    if (node == "chaos" && line.event == "fault" && field_text(line.fields, "kind") == "clock_step") {
      const long long by = field_int(line.fields, "by_ns");
      const std::string pattern = field_text(line.fields, "client");
      for (std::size_t i = 0; i < clients_.size(); ++i)
        if (by < 0 && names_client(pattern, client_name(static_cast<int>(i)))) clients_[i].clock_back += -by;
    }
    // The world changed: every client's monitors may have stopped (or started) serving.
    if (view_) scan_all(line, true);
  } else if (node == "sim" && line.event == "run_end") {
    finish(line);
    return;
  }
  if (view_ && line.t >= next_scan_) scan_all(line, false);
}

void Invariants::client_event(int index, Client& c, const TraceWriter::Line& line) {
  connection_event(c, line);
  hunt_mult_event(line);
  if (!session_event(index, c, line)) request_event(c, line);
}

// Mounts and the client's monitor sockets.
void Invariants::connection_event(Client& c, const TraceWriter::Line& line) {
  const std::string_view ev = line.event;
  const auto& f = line.fields;
  if (ev == "mount_start") {
    c.started = true;
  } else if (ev == "mount_failed") {
    c.mount_failed = true;
  } else if (ev == "conn_open") {
    const std::uint64_t sock = field_uint(f, "sock");
    c.sockets.push_back(sock);
    // userspace-16.2 hunts on mon_client_hunt_parallel connections at once (_add_conns()).
    // (0: every monitor of the map.)
    const unsigned parallel = s_.clients.ceph_conf.mon_client_hunt_parallel;
    const std::size_t allowed = !userspace_ ? 1 : parallel == 0 ? s_.cluster.monitors.size() : parallel;
    if (c.sockets.size() > allowed)
      breach("one_connection", line.t, line.node,
             std::to_string(c.sockets.size()) + " monitor sockets open (socket " + std::to_string(sock) +
                 " opened while socket " + std::to_string(c.sockets.front()) + " still is)",
             line);
  } else if (ev == "conn_closed" || ev == "conn_reset" || ev == "conn_refused" || ev == "conn_timeout") {
    const std::uint64_t sock = field_uint(f, "sock");
    c.sockets.erase(std::remove(c.sockets.begin(), c.sockets.end(), sock), c.sockets.end());
  }
}

// Any event with a hunt_mult: within [1, hunt_max_mult].
void Invariants::hunt_mult_event(const TraceWriter::Line& line) {
  const auto& f = line.fields;
  if (const auto* m = find_field(f, "hunt_mult")) {
    if (userspace_) {  // reopen_interval_multiplier: a double
      const auto* d = std::get_if<double>(m);
      const auto& o = s_.clients.ceph_conf;
      if (d && (*d < o.mon_client_hunt_interval_min_multiple || *d > o.mon_client_hunt_interval_max_multiple))
        breach("hunt_mult_bounds", line.t, line.node,
               "reopen_interval_multiplier " + std::to_string(*d) + " outside [" +
                   std::to_string(o.mon_client_hunt_interval_min_multiple) + ", " +
                   std::to_string(o.mon_client_hunt_interval_max_multiple) + "]",
               line);
      return;
    }
    const long long mult = field_int(f, "hunt_mult");
    if (mult < 1 || mult > static_cast<long long>(s_.clients.tunables.hunt_max_mult))
      breach("hunt_mult_bounds", line.t, line.node,
             "hunt_mult " + std::to_string(mult) + " outside [1, " +
                 std::to_string(s_.clients.tunables.hunt_max_mult) + "]",
             line);
  }
}

// Picks, authentication and sessions; false if the event is none of them.
bool Invariants::session_event(int index, Client& c, const TraceWriter::Line& line) {
  const std::string_view ev = line.event;
  const auto& f = line.fields;
  if (ev == "hunt_pick" || ev == "session_open") {
    const int rank = static_cast<int>(field_int(f, "rank", -1));
    if (ev == "session_open") c.authed = false;
    c.target = rank;
    // A pick that goes to a monitor that does not serve is the kernel's random choice, not
    // a stall: the client gets a fresh bound from it.
    if (view_ && c.regain_since >= 0 && (rank < 0 || rank >= view_->monitors() || !view_->serves(index, rank)))
      c.regain_since = line.t;
    c.target_served = view_ && rank >= 0 && rank < view_->monitors() && view_->serves(index, rank);
  } else if (ev == "auth_reply") {
    if (field_int(f, "ret", -1) == 0) c.authed = true;
  } else if (ev == "authenticated") {
    c.authed = true;
  } else if (ev == "session_established") {
    const int rank = static_cast<int>(field_int(f, "rank", -1));
    if (!c.authed)
      breach("session_after_auth", line.t, line.node,
             "session with rank " + std::to_string(rank) + " established without a successful authentication reply",
             line);
    c.session = rank;
    c.target = rank;
    c.exempt_tid = 0;  // resent on the new session: every held request is due again
    c.good_since = -1;
  } else if (ev == "session_lost" || ev == "session_close" || ev == "hunting_start" || ev == "session_trim") {
    c.session = -1;
    c.good_since = -1;
    c.silent_since = -1;
    c.silent_reported = false;
    c.request_reported = false;
  } else {
    return false;
  }
  return true;
}

// Operations and requests.
void Invariants::request_event(Client& c, const TraceWriter::Line& line) {
  const std::string_view ev = line.event;
  const auto& f = line.fields;
  if (ev == "op_start") {
    c.open_ops[field_uint(f, "op")] = 0;
    const std::string kind = field_text(f, "kind");
    if (is_request_kind(kind)) c.unbound.emplace_back(field_uint(f, "op"), kind);
  } else if (ev == "op_done") {
    const std::uint64_t op = field_uint(f, "op");
    c.open_ops.erase(op);
    c.unbound.erase(std::remove_if(c.unbound.begin(), c.unbound.end(), [op](const auto& u) { return u.first == op; }),
                    c.unbound.end());
  } else if (ev == "request_submit") {
    const std::uint64_t tid = field_uint(f, "tid");
    const std::string kind = field_text(f, "kind");
    // A userspace client numbers each kind on its own (the Objecter's tids, the MonClient's
    // version handles and command tids); a kernel all of them in one sequence.
    std::uint64_t& last = userspace_ ? c.last_tid_of[kind] : c.last_tid;
    if (tid <= last)
      breach("tids_unique", line.t, line.node, "tid " + std::to_string(tid) + " submitted after tid " + std::to_string(last),
             line);
    last = std::max(last, tid);
    c.last_tid = std::max(c.last_tid, tid);
    c.held[held_key(kind, tid)] = line.t;
    auto u = std::find_if(c.unbound.begin(), c.unbound.end(), [&](const auto& x) { return x.second == kind; });
    if (u != c.unbound.end()) {
      c.open_ops[u->first] = held_key(kind, tid);
      c.unbound.erase(u);
    }
  } else if (ev == "request_done") {
    c.held.erase(held_key(field_text(f, "kind"), field_uint(f, "tid")));
  } else if (ev == "run_end_client") {
    c.pending_reported = field_int(f, "pending");
  }
}

void Invariants::cluster_event(const TraceWriter::Line& line) {
  if (line.event == "election_start") {
    ++election_epoch_;
    epoch_leader_.clear();
    return;
  }
  if (line.event != "quorum") return;
  const std::string leader = field_text(line.fields, "leader");
  const std::string members = field_text(line.fields, "members");
  const auto member_count = static_cast<int>(std::count(members.begin(), members.end(), '"') / 2);
  const int n = view_ ? view_->monitors() : static_cast<int>(s_.cluster.monitors.size());
  if (leader.empty() || members.find("\"" + leader + "\"") == std::string::npos)
    breach("one_leader", line.t, line.node, "quorum without its leader " + leader + " among its members " + members,
           line);
  else if (2 * member_count <= n)
    breach("one_leader", line.t, line.node,
           "quorum of " + std::to_string(member_count) + " of " + std::to_string(n) + " monitors: not a majority",
           line);
  if (!epoch_leader_.empty() && epoch_leader_ != leader)
    breach("one_leader", line.t, line.node,
           "leader " + leader + " in the election epoch whose leader was " + epoch_leader_, line);
  epoch_leader_ = leader;
}

nanos Invariants::max_round_trip(int index) const {
  nanos rtt = 0;
  for (int r = 0; r < view_->monitors(); ++r) rtt = std::max(rtt, view_->round_trip(index, r));
  return rtt;
}

// Where the client stands now, as far as liveness goes.
void Invariants::assess(int index, Client& c, nanos now) {
  const int n = view_->monitors();
  auto serves = [&](int r) { return r >= 0 && r < n && view_->serves(index, r); };
  const bool target_served = serves(c.target);
  // A session whose monitor answers and is in the quorum is one the client has no reason to
  // leave, even when a reply rule spoils some of its replies.
  const bool good = c.session >= 0 && c.session < n && view_->usable(index, c.session);
  const bool serving_session = good && view_->serves(index, c.session);
  bool any = false;
  for (int r = 0; r < n && !any; ++r) any = view_->serves(index, r);

  // session_regained
  if (!c.started || c.mount_failed || good || !any) {
    c.regain_since = -1;
    if (good) c.regain_reported = false;
  } else if (c.regain_since < 0) {
    c.regain_since = now;
  } else if (c.target_served && !target_served) {
    c.regain_since = now;  // the world took the client's monitor away: a fresh bound
  }
  c.target_served = target_served;

  // request_completes
  if (serving_session) {
    if (c.good_since < 0) c.good_since = now;
  } else {
    // The session's monitor does not serve now: what is held may have lost its reply to a
    // fault (dropped, corrupted), which the kernel does not resend on the same session.
    // Those requests are due again only once a new session is established.
    c.good_since = -1;
    c.request_reported = false;
    if (c.session >= 0) c.exempt_tid = c.last_tid;
  }

  // keepalive_detects
  const bool answered = c.session >= 0 && c.session < n && view_->answers(index, c.session);
  if (c.session < 0 || answered) {
    c.silent_since = -1;
    c.silent_reported = false;
  } else if (c.silent_since < 0 || c.session_answered) {
    c.silent_since = now;
  }
  c.session_answered = answered;
}

// The instants at which the client's liveness bounds run out (INT64_MAX: none running).
Invariants::Dues Invariants::dues(int index, const Client& c) const {
  Dues d;
  // A realtime clock stepped back delays the keepalive check by the step (it compares
  // realtime stamps): the regain bound, which waits for that check, grows by it too.
  if (c.regain_since >= 0 && !c.regain_reported)
    d.regain = c.regain_since + bounds_.regain(max_round_trip(index)) + c.clock_back;
  auto held = c.held.upper_bound(held_key_last(c.exempt_tid));
  if (c.good_since >= 0 && held != c.held.end() && !c.request_reported && c.session >= 0) {
    d.request_tid = tid_of(held->first);
    d.request_from = std::max(held->second, c.good_since);
    d.request = d.request_from + bounds_.request(view_->round_trip(index, c.session));
  }
  if (keepalive_logic_ && c.silent_since >= 0 && !c.silent_reported) d.silent = c.silent_since + bounds_.detect + c.clock_back;
  return d;
}

// A held request's key: its tid (a kernel numbers every request in one sequence); for a
// userspace client, whose kinds each have their own tids, the tid and its kind, in tid order.
std::uint64_t Invariants::held_key(std::string_view kind, std::uint64_t tid) const {
  if (!userspace_) return tid;
  const std::uint64_t k = kind == "statfs" ? 1 : kind == "get_version" ? 2 : kind == "command" ? 3 : 4;
  return tid * 8 + k;
}

std::uint64_t Invariants::held_key_last(std::uint64_t tid) const { return userspace_ ? tid * 8 + 7 : tid; }

std::uint64_t Invariants::tid_of(std::uint64_t key) const { return userspace_ ? key / 8 : key; }

void Invariants::check_deadlines(int index, Client& c, const TraceWriter::Line& at) {
  const nanos now = at.t;
  Dues d = dues(index, c);
  if (now <= std::min({d.regain, d.request, d.silent})) return;
  // A monitor's lease lapses without an event of its own: before a bound is declared run
  // out, the client's standing is looked at again (a monitor that stopped serving in the
  // meantime gives it a fresh bound).
  assess(index, c, now);
  d = dues(index, c);
  if (now > d.regain) {
    c.regain_reported = true;
    breach("session_regained", d.regain, client_name(index),
           "no session with a usable monitor since " + format_seconds(c.regain_since) +
               "s, while another monitor served: the bound " + format_seconds(d.regain - c.regain_since) +
               "s ran out at " + format_seconds(d.regain) + "s",
           at);
  }
  if (now > d.request) {
    c.request_reported = true;
    breach("request_completes", d.request, client_name(index),
           "tid " + std::to_string(d.request_tid) + " still pending " + format_seconds(d.request - d.request_from) +
               "s after its session's monitor served it (from " + format_seconds(d.request_from) + "s)",
           at);
  }
  if (now > d.silent) {
    c.silent_reported = true;
    breach("keepalive_detects", d.silent, client_name(index),
           "session with rank " + std::to_string(c.session) + " still open " + format_seconds(d.silent - c.silent_since) +
               "s after its monitor stopped answering at " + format_seconds(c.silent_since) + "s",
           at);
  }
}

void Invariants::scan_all(const TraceWriter::Line& at, bool reassess) {
  next_scan_ = at.t + kScanEvery;
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    Client& c = clients_[i];
    if (!c.started) continue;
    if (reassess) assess(static_cast<int>(i), c, at.t);
    check_deadlines(static_cast<int>(i), c, at);
  }
}

void Invariants::finish(const TraceWriter::Line& at) {
  if (view_) scan_all(at, false);
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    Client& c = clients_[i];
    const std::string name = client_name(static_cast<int>(i));
    for (const auto& [op, key] : c.open_ops)
      if (key != 0 && !c.held.count(key))
        breach("requests_accounted", at.t, name,
               "op " + std::to_string(op) + " waits for tid " + std::to_string(tid_of(key)) +
                   ", which the client no longer holds and never answered to its caller",
               at);
    if (static_cast<long long>(c.held.size()) != c.pending_reported)
      breach("requests_accounted", at.t, name,
             "the client holds " + std::to_string(c.pending_reported) + " requests at the end; its trace " +
                 std::to_string(c.held.size()) + " (submitted, never done)",
             at);
  }
}

json Invariants::summary() const {
  json out;
  out["breaches"] = total_;
  for (const auto& p : properties()) {
    json one;
    one["kind"] = p.kind;
    one["checked"] = applies(p.name, s_) && (std::string(p.kind) == "safety" || view_ != nullptr);
    one["count"] = count(p.name);
    for (const auto& b : breaches_)
      if (b.property == p.name) {
        one["first_at"] = static_cast<double>(b.t / NS_PER_US) / 1e6;
        one["node"] = b.node;
        one["detail"] = b.detail;
        one["found_at"] = b.line;  // the trace line at which it was found
        break;
      }
    if (!one.contains("first_at")) one["first_at"] = nullptr;  // (no node, detail, found_at either)
    out[p.name] = std::move(one);
  }
  json bounds;
  bounds["detect"] = static_cast<double>(bounds_.detect / NS_PER_US) / 1e6;
  bounds["pick"] = static_cast<double>(bounds_.pick / NS_PER_US) / 1e6;
  bounds["handshake"] = static_cast<double>(bounds_.handshake_fixed / NS_PER_US) / 1e6;
  bounds["handshake_round_trips"] = bounds_.handshake_round_trips;
  out["bounds"] = std::move(bounds);
  return out;
}

}  // namespace monsim::sim
