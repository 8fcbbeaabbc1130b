#include "mock_mon/monitor.h"

#include <algorithm>

#include "client/kern/connection.h"
#include "client/wire/auth_msgs.h"
#include "client/wire/cephx.h"
#include "client/wire/osdmap.h"
#include "client/wire/request_msgs.h"
#include "client/wire/sub_msgs.h"

namespace monsim::mock_mon {

namespace {

kern::MsgRef make(std::uint16_t type, wire::Bytes front, std::uint64_t tid = 0) {
  auto m = kern::Message::make(type, static_cast<std::uint32_t>(front.size()));
  m->front = std::move(front);
  m->hdr.front_len = static_cast<std::uint32_t>(m->front.size());
  m->hdr.tid = tid;
  return m;
}

// Reply sizes from the measurements: a ticket reply of ~214 B for the AUTH ticket, ~0.5 KB
// for three service tickets.
constexpr std::uint32_t kAuthTicketBlob = 167;
constexpr std::uint32_t kServiceTicketBlob = 147;

bool needs_readable(std::uint16_t type) {
  switch (type) {
    case wire::MSG_AUTH:
    case wire::MSG_MON_SUBSCRIBE:
    case wire::MSG_STATFS:
    case wire::MSG_MON_GET_VERSION:
    case wire::MSG_MON_COMMAND:
      return true;
    default:
      return false;
  }
}

}  // namespace

Monitor::Monitor(int rank, Cluster& cluster, Rng rng)
    : rank_(rank), cluster_(cluster), rng_(std::move(rng)) {}

std::size_t Monitor::waiting(ConnId conn) const {
  auto it = sessions_.find(conn);
  return it == sessions_.end() ? 0 : it->second.waitlist.size();
}

bool Monitor::authenticated(ConnId conn) const {
  auto it = sessions_.find(conn);
  return it != sessions_.end() && it->second.authenticated;
}

std::uint64_t Monitor::global_id(ConnId conn) const {
  auto it = sessions_.find(conn);
  return it == sessions_.end() ? 0 : it->second.global_id;
}

Actions Monitor::on_connect(ConnId conn, nanos now, std::uint64_t features) {
  Session& s = sessions_[conn];
  s.last = now;  // TCP and the handshake are always accepted
  s.features = features;
  return {};
}

void Monitor::on_keepalive(ConnId conn, nanos now) {
  auto it = sessions_.find(conn);
  if (it != sessions_.end()) it->second.last = now;
}

void Monitor::on_closed(ConnId conn) { sessions_.erase(conn); }

void Monitor::close(ConnId conn, const char* why, Actions& out) {
  sessions_.erase(conn);
  out.push_back({Action::Kind::close, conn, nullptr, 0, why});
}

// Behaviours decide the reply's fate: dropped, delayed, corrupted, or sent as is.
void Monitor::reply(ConnId conn, kern::MsgRef msg, nanos now, Actions& out) {
  const ReplyFate fate = behaviours_.on_reply(reply_kind(msg->hdr.type), now, rng_);
  if (fate.drop) {
    out.push_back({Action::Kind::send, conn, nullptr, 0, fate.why});  // a note, no message
    return;
  }
  if (fate.corrupt) msg = corrupt(msg, fate.how, rng_);
  out.push_back({Action::Kind::send, conn, std::move(msg), fate.delay, fate.corrupt ? "corrupt" : fate.why});
}

Actions Monitor::on_message(ConnId conn, const kern::MsgRef& msg, nanos now) {
  Actions out;
  auto it = sessions_.find(conn);
  if (it == sessions_.end()) return out;
  Session& s = it->second;
  s.last = now;
  if (needs_readable(msg->hdr.type) && (!readable(now) || !s.waitlist.empty())) {
    s.waitlist.emplace_back(msg, now);  // wait_for_readable / waitlist_or_zap_client
    return out;
  }
  handle(conn, s, msg, now, out);
  return out;
}

void Monitor::handle(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now, Actions& out) {
  if (msg->hdr.type == wire::MSG_AUTH) {
    handle_auth(conn, s, msg, now, out);
    return;
  }
  // Monitor::dispatch_op(): anything but authentication from a session that has not
  // authenticated is dropped ("is not authenticated, dropping"), unanswered.
  if (!s.proven) return;
  switch (msg->hdr.type) {
    case wire::MSG_MON_SUBSCRIBE:
      handle_subscribe(conn, s, msg, now, out);
      return;
    case wire::MSG_STATFS: {
      wire::MStatfsReply r;
      r.fsid = cluster_.config().fsid;
      r.version = cluster_.osdmap_epoch();
      r.st = {100ULL << 30, 40ULL << 30, 60ULL << 30, 123456};
      reply(conn, make(wire::MSG_STATFS_REPLY, r.encode(), msg->hdr.tid), now, out);
      return;
    }
    case wire::MSG_MON_GET_VERSION: {
      wire::MMonGetVersion g;
      if (!wire::MMonGetVersion::decode(msg->front, &g, nullptr)) return;
      wire::MMonGetVersionReply r{g.handle, 1, 1};
      if (g.what == "osdmap") r = {g.handle, cluster_.osdmap_epoch(), cluster_.oldest_osdmap()};
      if (g.what == "monmap") r = {g.handle, cluster_.monmap().epoch, 1};
      reply(conn, make(wire::MSG_MON_GET_VERSION_REPLY, r.encode(), msg->hdr.tid), now, out);
      return;
    }
    case wire::MSG_MON_COMMAND: {
      wire::MMonCommand c;
      wire::MMonCommandAck a;
      if (!wire::MMonCommand::decode(msg->front, &c, nullptr)) {
        a.result = -kern::ERR_EINVAL;
      } else {
        cluster_.bump_osdmap();  // a blacklist entry is an osdmap change
      }
      reply(conn, make(wire::MSG_MON_COMMAND_ACK, a.encode(), msg->hdr.tid), now, out);
      return;
    }
    default:
      return;  // nothing else is answered
  }
}

void Monitor::handle_auth(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now, Actions& out) {
  wire::MAuth a;
  if (!wire::MAuth::decode(msg->front, &a, nullptr)) return;
  const bool cephx = cluster_.config().auth == ClusterConfig::Auth::cephx;
  wire::MAuthReply r;
  r.protocol = cephx ? wire::AUTH_CEPHX : wire::AUTH_NONE;
  if (const int err = behaviours_.reject_auth(now)) {
    r.result = err;
    reply(conn, make(wire::MSG_AUTH_REPLY, r.encode()), now, out);
    return;
  }
  bool done = false;
  if (a.protocol == wire::AUTH_UNKNOWN) {  // hello
    wire::AuthHello h;
    if (!wire::AuthHello::decode(a.payload, &h, nullptr)) return;
    // A client that presents its previous global_id keeps it (reclaim).
    s.global_id = h.global_id ? h.global_id : cluster_.allocate_global_id(rank_);
    s.authenticated = false;
    s.proven = !cephx;
    if (cephx) {
      r.payload = wire::CephxChallenge{rng_()}.encode();
      s.phase = Session::Phase::challenged;
    } else {
      done = true;
    }
  } else if (cephx && a.protocol == wire::AUTH_CEPHX) {
    wire::CephxRequest q;
    if (!wire::CephxRequest::decode(a.payload, &q, nullptr)) return;
    wire::CephxTicketReply t;
    t.op = q.op;
    const std::uint32_t ttl = cluster_.config().ticket_ttl_s;
    if (q.op == wire::CEPHX_GET_AUTH_SESSION_KEY) {
      t.tickets = {{kern::ENTITY_TYPE_AUTH, ttl, kAuthTicketBlob}};
      s.phase = Session::Phase::auth_ticket;
      s.proven = true;
    } else {
      for (std::uint32_t svc : {kern::ENTITY_TYPE_MON, kern::ENTITY_TYPE_OSD, kern::ENTITY_TYPE_MDS})
        if (q.keys & svc) t.tickets.push_back({svc, ttl, kServiceTicketBlob});
      done = !s.authenticated;  // the first time all service tickets are handed out
    }
    r.payload = t.encode();
  } else {
    r.result = -kern::ERR_EINVAL;
  }
  r.global_id = s.global_id;
  reply(conn, make(wire::MSG_AUTH_REPLY, r.encode()), now, out);
  if (done) {
    s.authenticated = true;
    // The kernel's MAuth says monmap epoch 0: it always gets the current monmap.
    reply(conn, make(wire::MSG_MON_MAP, cluster_.monmap_front(s.features)), now, out);
  }
}

void Monitor::handle_subscribe(ConnId conn, Session& s, const kern::MsgRef& msg, nanos now,
                               Actions& out) {
  wire::MMonSubscribe sub;
  if (msg->hdr.version < 2) {  // an old client: items carry what it has, not where to start
    wire::MMonSubscribeV1 old;
    if (!wire::MMonSubscribeV1::decode(msg->front, &old, nullptr)) return;
    sub = old.upgrade();
  } else if (!wire::MMonSubscribe::decode(msg->front, &sub, nullptr)) {
    return;
  }
  bool continuous = false;
  for (const auto& item : sub.items) {
    const bool onetime = item.flags & wire::SUBSCRIBE_ONETIME;
    s.subs[item.what] = {item.start, onetime};
    continuous |= !onetime;
  }
  check_subs(conn, s, now, out);
  // Legacy clients (no MON_STATEFUL_SUB, like 4.10) get an ack if anything is continuous;
  // later ones know the monitor keeps their subscriptions (Monitor::handle_subscribe()).
  if (continuous && cluster_.config().subscribe_ack_s &&
      !(s.features & kern::FEATURE_MON_STATEFUL_SUB)) {
    wire::MMonSubscribeAck ack{cluster_.config().subscribe_ack_s, cluster_.config().fsid};
    reply(conn, make(wire::MSG_MON_SUBSCRIBE_ACK, ack.encode()), now, out);
  }
}

// check_sub(): deliver what each subscription asks for now.
void Monitor::check_subs(ConnId conn, Session& s, nanos now, Actions& out) {
  for (auto it = s.subs.begin(); it != s.subs.end();) {
    Sub& sub = it->second;
    bool drop = false;
    if (it->first == "monmap") {
      const std::uint32_t epoch = cluster_.monmap().epoch;
      if (sub.start <= epoch) {
        reply(conn, make(wire::MSG_MON_MAP, cluster_.monmap_front(s.features)), now, out);
        sub.start = epoch + 1;
        drop = sub.onetime;
      }
    } else if (it->first == "osdmap") {
      if (sub.start <= cluster_.osdmap_epoch()) {
        send_osdmaps(conn, sub, now, out);
        drop = sub.onetime;
      }
    } else if (it->first == "config") {
      // ConfigMonitor::check_sub(): one config version, with no keys (monsim's clusters keep
      // no central configuration): MConfig's front is an empty map.
      if (sub.start <= 1) {
        reply(conn, make(wire::MSG_CONFIG, wire::Bytes(4, 0)), now, out);
        sub.start = 2;
        drop = sub.onetime;
      }
    } else if (it->first == "mdsmap" || it->first.rfind("mdsmap.", 0) == 0 || it->first == "fsmap.user") {
      if (sub.start <= 1) {  // one MDS/FS map epoch in this cluster
        wire::Bytes front;
        wire::Encoder e(front);
        cluster_.config().fsid.encode(e);
        e.u32(1);
        e.zeros(200);
        reply(conn, make(it->first == "fsmap.user" ? wire::MSG_FS_MAP_USER : wire::MSG_MDS_MAP, front), now, out);
        sub.start = 2;
        drop = sub.onetime;
      }
    }
    it = drop ? s.subs.erase(it) : std::next(it);
  }
}

// start 0: one full map of the current epoch; start N: incrementals N.. (a full map first if
// N is older than what is kept), in batches of at most 40 maps and 10 MiB; a onetime item
// gets only the first batch.
void Monitor::send_osdmaps(ConnId conn, Sub& sub, nanos now, Actions& out) {
  const auto& cfg = cluster_.config();
  const std::uint32_t newest = cluster_.osdmap_epoch();
  wire::MOSDMap m;
  m.fsid = cfg.fsid;
  std::uint64_t bytes = 0;
  auto flush = [&] {
    if (m.incrementals.empty() && m.fulls.empty()) return;
    reply(conn, make(wire::MSG_OSD_MAP, m.encode()), now, out);
    m.incrementals.clear();
    m.fulls.clear();
    bytes = 0;
  };
  std::uint32_t e = static_cast<std::uint32_t>(sub.start);
  if (e == 0 || e < cluster_.oldest_osdmap()) {
    const std::uint32_t full = e == 0 ? newest : cluster_.oldest_osdmap();
    m.fulls.push_back({full, cfg.osdmap_full_bytes});
    bytes = cfg.osdmap_full_bytes;
    e = full + 1;
  }
  for (; e <= newest; ++e) {
    if (m.incrementals.size() + m.fulls.size() >= cfg.max_maps_per_message ||
        bytes + cfg.osdmap_inc_bytes > cfg.max_bytes_per_message) {
      flush();
      if (sub.onetime) break;
    }
    m.incrementals.push_back({e, cfg.osdmap_inc_bytes});
    bytes += cfg.osdmap_inc_bytes;
  }
  flush();
  sub.start = e;
}

void Monitor::drain_waitlists(nanos now, Actions& out) {
  if (!readable(now)) return;
  for (auto& [conn, s] : sessions_) {
    if (s.waitlist.empty()) continue;  // (moving even an empty deque allocates)
    auto waiting = std::move(s.waitlist);
    s.waitlist.clear();
    for (auto& [msg, at] : waiting) handle(conn, s, msg, now, out);
  }
}

Actions Monitor::on_quorum_change(nanos now) {
  Actions out;
  drain_waitlists(now, out);
  return out;
}

Actions Monitor::on_lease(nanos now) {
  Actions out;
  drain_waitlists(now, out);
  return out;
}

bool Monitor::waiting() const {
  for (const auto& [conn, s] : sessions_)
    if (!s.waitlist.empty()) return true;
  return false;
}

Actions Monitor::on_new_maps(nanos now) {
  Actions out;
  if (!readable(now)) return out;
  for (auto& [conn, s] : sessions_) check_subs(conn, s, now, out);
  return out;
}

Actions Monitor::tick(nanos now) {
  Actions out;
  const auto& cfg = cluster_.config();
  const nanos out_since = cluster_.quorum().out_of_quorum_since(rank_);
  if (out_since >= 0 && now - out_since > 2 * cfg.quorum.lease) {
    // "because we've been out of quorum too long"
    std::vector<ConnId> all;
    for (const auto& [conn, s] : sessions_) all.push_back(conn);
    for (ConnId c : all) close(c, "out of quorum too long", out);
    return out;
  }
  drain_waitlists(now, out);
  std::vector<ConnId> zap, idle;
  for (const auto& [conn, s] : sessions_) {
    // Monitor::dispatch_op() waitlists (and here zaps) only a session that has not proven its
    // key (session->authenticated: `proven`); an authenticated session's messages wait for
    // the quorum (wait_for_readable), however long.
    if (!s.proven && !s.waitlist.empty() && now - s.waitlist.front().second > cfg.quorum.lease)
      zap.push_back(conn);
    else if (now - s.last >= cfg.session_timeout)
      idle.push_back(conn);
  }
  for (ConnId c : zap) close(c, "waitlisted too long, sending client elsewhere", out);
  for (ConnId c : idle) close(c, "session timeout", out);
  return out;
}

}  // namespace monsim::mock_mon
