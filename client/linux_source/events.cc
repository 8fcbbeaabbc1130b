#include "client/linux_source/events.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "client/kern/errno.h"
#include "client/kern/jiffies.h"
#include "client/wire/types.h"

namespace monsim::linux_source {

namespace {

constexpr const char* kSubName[] = {"monmap", "osdmap", "fsmap.user", "mdsmap"};

kern::LogLevel level_of(char digit) {
  if (digit >= '0' && digit <= '3') return kern::LogLevel::err;
  if (digit == '4') return kern::LogLevel::warn;
  if (digit == '5' || digit == '6') return kern::LogLevel::info;
  return kern::LogLevel::debug;
}

const char* kind_of(int type) {
  switch (type) {
    case wire::MSG_STATFS: return "statfs";
    case wire::MSG_MON_GET_VERSION: return "get_version";
    case wire::MSG_MON_COMMAND: return "command";
    default: return "";
  }
}

// "  pick_new_mon ..." -> "pick_new_mon ...": dout()'s leading space.
const char* trimmed(const std::string& text) {
  const char* p = text.c_str();
  while (*p == ' ') ++p;
  return p;
}

// The items of a subscribe front ("monmap@1,osdmap@0"), as the port's subscribe_sent has them:
// u32 count, then per item a string (u32 length, bytes) and ceph_mon_subscribe_item (le64
// start, u8 flags).
std::string subscribe_items(const lsrc_msg_view& v) {
  const auto* p = static_cast<const std::uint8_t*>(v.front);
  const std::size_t n = v.front_len;
  auto le = [&](std::size_t at, int bytes) {
    std::uint64_t x = 0;
    for (int i = bytes - 1; i >= 0; --i) x = (x << 8) | p[at + i];
    return x;
  };
  std::string out;
  if (n < 4) return out;
  std::size_t at = 4;
  for (std::uint64_t i = 0, count = le(0, 4); i < count && at + 4 <= n; ++i) {
    const std::size_t len = le(at, 4);
    if (at + 4 + len + 9 > n) break;
    out += (out.empty() ? "" : ",") + std::string(reinterpret_cast<const char*>(p + at + 4), len) + "@" +
           std::to_string(le(at + 4 + len, 8));
    at += 4 + len + 9;
  }
  return out;
}

}  // namespace

void Events::emit(std::string_view event, std::vector<kern::Field> fields, kern::LogLevel level,
                  std::string_view text) {
  sink_.emit(event, std::move(fields), level, text);
}

void Events::printk(char level_digit, std::string_view func, std::string_view raw) {
  // pr_fmt's "libceph: " is the module's: dmesg.txt puts it back (the runner writes the
  // client's lines as "libceph: TEXT").
  const std::string text(raw.substr(raw.rfind("libceph: ", 0) == 0 ? 9 : 0));
  const kern::LogLevel level = level_of(level_digit);
  if (!c_ || !mapped(func, text, level)) plain({func, text, trimmed(text), level});
}

// The port's event a record of the MonClient stands for; false if none (a plain printk line).
bool Events::mapped(std::string_view func, const std::string& text, kern::LogLevel level) {
  const Record r{func, text, trimmed(text), level};
  if (t_.flavor == LSRC_SEED_2_6_34) return seed_2010(r) || error_line(r);
  return session(r) || tick(r) || request_or_map(r) || error_line(r);
}

// The hunt and the session: picks, opens, losses, the end of a hunt, authentication.
bool Events::session(const Record& r) {
  const int cur = t_.cur_mon(c_);
  int a = 0, b = 0, n = 0;
  if (r.func == "pick_new_mon" && std::sscanf(r.t, "pick_new_mon mon%d -> mon%d out of %d mons", &a, &b, &n) == 3) {
    emit("hunt_pick", {{"mon", b}, {"old", a}, {"num_mon", n}, {"hunt_mult", t_.hunt_mult(c_)}}, r.level, r.text);
    if (!t_.hunting(c_)) emit("hunting_start", {{"mon", b}});
  } else if (r.func == "__open_session" && std::sscanf(r.t, "__open_session opening mon%d", &a) == 1) {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    t_.mon_addr(c_, a, &ip, &port);
    emit("session_open", {{"mon", a}, {"hunt_mult", t_.hunt_mult(c_)}, {"addr", wire::addr_str({0, 0, ip, port})}},
         r.level, r.text);
  } else if (r.func == "reopen_session" && std::strstr(r.t, " session lost, hunting for new mon")) {
    emit("session_lost", {{"mon", cur}}, r.level, r.text);
  } else if (r.func == "__close_session" && std::sscanf(r.t, "__close_session closing mon%d", &a) == 1) {
    emit("session_close", {{"mon", a}}, r.level, r.text);
  } else if (r.func == "finish_hunting" && std::sscanf(r.t, "finish_hunting found mon%d", &a) == 1) {
    if (t_.flavor == LSRC_MODERN) {
      pending_hunting_end_ = true;  // the event follows un_backoff(), as the port's does
      return false;
    }
    // The 4.10 seed halves the backoff in finish_hunting() itself, after this dout: the event
    // (the port's, after the halving) has what the seed's next lines make of it.
    plain(r);
    emit("hunting_end", {{"mon", cur}, {"hunt_mult", std::max(1, t_.hunt_mult(c_) / 2)}});
    if (pending_auth_error_) emit("auth_error", {{"mon", cur}, {"err", kern::errno_name(pending_auth_error_)}});
    pending_auth_error_ = 0;
  } else if (r.func == "un_backoff" && pending_hunting_end_) {
    pending_hunting_end_ = false;
    plain(r);
    emit("hunting_end", {{"mon", cur}, {"hunt_mult", t_.hunt_mult(c_)}});
  } else if (r.func == "finish_auth" && std::sscanf(r.t, "finish_auth auth_err %d was_authed %d", &a, &b) == 2) {
    plain(r);
    if (a < 0) emit("auth_error", {{"mon", cur}, {"err", kern::errno_name(a)}});
  } else if ((r.func == "finish_auth" || r.func == "handle_auth_reply") && r.level == kern::LogLevel::info &&
             std::strstr(r.t, " session established")) {
    emit("session_established", {{"mon", cur}, {"global_id", t_.global_id(c_)}}, r.level, r.text);
  } else if (r.func == "mon_fault" && std::sscanf(r.t, "mon_fault mon%d", &a) == 1) {
    emit("mon_fault", {{"mon", a}, {"hunting", t_.hunting(c_)}}, r.level, r.text);
  } else {
    return false;
  }
  return true;
}

// The tick (delayed_work()) and its scheduling.
bool Events::tick(const Record& r) {
  int a = 0;
  unsigned long x = 0, y = 0;
  if (r.func == "delayed_work" && std::strcmp(r.t, "monc delayed_work") == 0) {  // the 4.10 seed's
    emit("tick", {{"hunting", t_.hunting(c_)}, {"hunt_mult", t_.hunt_mult(c_)}}, r.level, r.text);
  } else if (r.func == "delayed_work" && std::sscanf(r.t, "delayed_work mon%d", &a) == 1) {
    if (a < 0)
      emit("tick", {{"hunting", t_.hunting(c_)}, {"hunt_mult", t_.hunt_mult(c_)}, {"stopped", true}}, r.level,
           r.text);
    else
      emit("tick", {{"hunting", t_.hunting(c_)}, {"hunt_mult", t_.hunt_mult(c_)}}, r.level, r.text);
  } else if (r.func == "delayed_work" && std::strcmp(r.t, "delayed_work continuing hunt") == 0) {
    emit("continuing_hunt", {{"mon", t_.cur_mon(c_)}}, r.level, r.text);
  } else if (r.func == "delayed_work" && std::strcmp(r.t, "monc keepalive timeout") == 0) {
    emit("keepalive_timeout", {{"mon", t_.cur_mon(c_)}}, r.level, r.text);
  } else if (r.func == "delayed_work" &&
             std::sscanf(r.t, "delayed_work renew subs? now %lu renew after %lu", &x, &y) == 2) {
    plain(r);
    if (kern::time_after_eq(x, y)) emit("subscribe_renew", {{"renew_after", y}});
  } else if (r.func == "__schedule_delayed" && std::sscanf(r.t, "__schedule_delayed after %lu", &x) == 1) {
    const unsigned long rounded = kern::round_jiffies_relative(x, clock_.jiffies(), clock_.hz(), clock_.cpu());
    emit("tick_scheduled", {{"delay", x}, {"rounded", rounded}, {"hunting", t_.hunting(c_)}}, r.level, r.text);
  } else {
    return false;
  }
  return true;
}

// Generic requests, subscriptions and maps.
bool Events::request_or_map(const Record& r) {
  int a = 0;
  unsigned long x = 0, y = 0;
  unsigned long long tid = 0;
  char name[32] = {};
  if (r.func == "handle_subscribe_ack" &&
      std::sscanf(r.t, "handle_subscribe_ack sent %lu duration %d renew after %lu", &x, &a, &y) == 3) {
    emit("subscribe_ack", {{"duration", a}, {"renew_after", y}, {"ignored", false}}, r.level, r.text);
  } else if (r.func == "handle_subscribe_ack" && std::strstr(r.t, ", ignoring") &&
             std::sscanf(r.t, "handle_subscribe_ack sent %lu renew after %lu", &x, &y) == 2) {
    emit("subscribe_ack", {{"duration", last_ack_duration_}, {"renew_after", y}, {"ignored", true}}, r.level, r.text);
  } else if (r.func == "__ceph_monc_got_map" && std::sscanf(r.t, "__ceph_monc_got_map %31s epoch %lu", name, &x) == 2) {
    emit("map_received", {{"map", std::string(name)}, {"epoch", x}}, r.level, r.text);
  } else if (r.func == "send_generic_request" &&
             std::sscanf(r.t, "send_generic_request greq %*s tid %llu", &tid) == 1) {
    first_send_tid_ = tid;  // its send (sent()) is its first
    return false;
  } else if (r.func == "cancel_generic_request" &&
             std::sscanf(r.t, "cancel_generic_request greq %*s tid %llu", &tid) == 1) {
    canceling_tid_ = tid;  // its finish is a cancel
    return false;
  } else if (r.func == "__finish_generic_request" &&
             std::sscanf(r.t, "__finish_generic_request greq %*s tid %llu", &tid) == 1) {
    int type = 0, result = 0;
    t_.request(c_, tid, &type, &result);
    if (canceling_tid_ == tid) result = -kern::ERR_ERESTARTSYS;
    canceling_tid_ = 0;
    plain(r);
    emit("request_done", {{"tid", tid}, {"kind", kind_of(type)}, {"result", result}});
  } else {
    return false;
  }
  return true;
}

// The MonClient's error lines: corrupt replies, bad maps, unknown messages.
bool Events::error_line(const Record& r) {
  int a = 0, b = 0;
  unsigned long long tid = 0;
  const bool err = r.level == kern::LogLevel::err;
  if (err && std::strcmp(r.t, "got corrupt subscribe-ack msg") == 0) {
    emit("corrupt_reply", {{"type", "subscribe_ack"}}, r.level, r.text);
  } else if (err && std::sscanf(r.t, "corrupt statfs reply, tid %llu", &tid) == 1) {
    emit("corrupt_reply", {{"type", "statfs_reply"}, {"tid", tid}}, r.level, r.text);
  } else if (err && std::sscanf(r.t, "corrupt mon_get_version reply, tid %llu", &tid) == 1) {
    emit("corrupt_reply", {{"type", "get_version_reply"}, {"tid", tid}}, r.level, r.text);
  } else if (err && std::sscanf(r.t, "corrupt mon_command ack, tid %llu", &tid) == 1) {
    emit("corrupt_reply", {{"type", "command_ack"}, {"tid", tid}}, r.level, r.text);
  } else if (err && std::sscanf(r.t, "problem decoding monmap, %d", &a) == 1) {
    emit("monmap_error", {{"err", a}}, r.level, r.text);
  } else if (err && std::sscanf(r.t, "received unknown message type %d", &a) == 1) {
    emit("unknown_message", {{"type", a}}, r.level, r.text);
  } else if (std::sscanf(r.t, "alloc_msg unknown type %d", &a) == 1) {
    emit("alloc_msg_unknown", {{"type", a}}, r.level, r.text);
  } else if (std::sscanf(r.t, "mon_alloc_msg front %d > prealloc %d", &a, &b) == 2) {
    emit("alloc_msg_too_big", {{"front", a}, {"prealloc", b}}, r.level, r.text);
  } else {
    return false;
  }
  return true;
}

// A record with no event of its own: a printk line of the trace.
void Events::plain(const Record& r) { emit("printk", {{"func", std::string(r.func)}}, r.level, r.text); }

void Events::sent(const lsrc_msg_view& v) {
  if (!c_) return;
  const int cur = t_.cur_mon(c_);
  switch (v.type) {
    case wire::MSG_AUTH:
      emit("auth_request", {{"mon", cur}, {"len", static_cast<int>(v.front_len)}});
      break;
    case wire::MSG_MON_SUBSCRIBE:
      if (t_.flavor == LSRC_SEED_2_6_34) {
        subscribe_sent_2010(v);
        break;
      }
      emit("subscribe_sent", {{"mon", cur}, {"items", subscribe_items(v)}, {"renew_sent", t_.sub_renew_sent(c_)}});
      break;
    case wire::MSG_STATFS:
    case wire::MSG_MON_GET_VERSION:
    case wire::MSG_MON_COMMAND:
      if (t_.flavor != LSRC_SEED_2_6_34) request_sent(v);  // 2010: its "send_statfs" dout
      break;
    default:
      break;
  }
}

// The port's request_submit and request_send for a request's first send (the one
// send_generic_request() makes), request_resend for the later ones (__resend_generic_request()).
void Events::request_sent(const lsrc_msg_view& v) {
  const int cur = t_.cur_mon(c_);
  const char* kind = kind_of(v.type);
  if (first_send_tid_ != v.tid) {
    emit("request_resend", {{"tid", v.tid}, {"kind", kind}, {"mon", cur}});
    return;
  }
  first_send_tid_ = 0;
  // ceph_monc_blocklist_add()'s second command (the legacy name) after an EINVAL.
  const std::string_view front(static_cast<const char*>(v.front), v.front_len);
  if (t_.flavor == LSRC_MODERN && v.type == wire::MSG_MON_COMMAND &&
      front.find("\"osd blacklist\"") != std::string_view::npos)
    emit("blocklist_fallback", {{"tid", v.tid - 1}});
  emit("request_submit", {{"tid", v.tid}, {"kind", kind}});
  emit("request_send", {{"tid", v.tid}, {"kind", kind}, {"mon", cur}});
}

void Events::keepalive() {
  if (c_) emit("keepalive_sent", {{"mon", t_.cur_mon(c_)}});
}

void Events::arrived(const lsrc_msg_view& v) {
  const auto* p = static_cast<const std::uint8_t*>(v.front);
  if (v.type == wire::MSG_MON_SUBSCRIBE_ACK && v.front_len >= 4)
    last_ack_duration_ = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
  // handle_command_ack() reads the result past a short front (what its preallocated buffer
  // held): the port notes it; so does this.
  if (v.type == wire::MSG_MON_COMMAND_ACK && v.front_len < wire::MonRequestHeader::SIZE + 4)
    emit("short_reply_read", {{"type", "command_ack"}, {"tid", v.tid}, {"arrived", static_cast<int>(v.front_len)}});
}

void Events::auth_reply(int ret, bool was_auth) {
  if (!c_) return;
  if (t_.flavor == LSRC_SEED_2_6_34) {  // 2010: no "was authenticated", the error at once
    emit("auth_reply", {{"mon", t_.cur_mon(c_)}, {"ret", ret}});
    if (ret < 0) emit("auth_error", {{"mon", t_.cur_mon(c_)}, {"err", kern::errno_name(ret)}});
    return;
  }
  emit("auth_reply", {{"mon", t_.cur_mon(c_)}, {"ret", ret}, {"was_auth", was_auth}});
  // 6.1's finish_auth() prints the error; the 4.10 seed's handle_auth_reply() sets it silently,
  // after finish_hunting() (whose dout, when hunting, then carries it).
  if (t_.flavor == LSRC_SEED_4_10 && ret < 0) {
    if (t_.hunting(c_))
      pending_auth_error_ = ret;
    else
      emit("auth_error", {{"mon", t_.cur_mon(c_)}, {"err", kern::errno_name(ret)}});
  }
}

void Events::stopped() { emit("stop", {}); }

}  // namespace monsim::linux_source
