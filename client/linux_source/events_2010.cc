// The 2.6.34 seed's records as the linux-2.6.34 port's events (events.h): its douts are 2010's
// ("open_session num=3 r=-16 -> mon0", "monc delayed_work", "send_statfs tid 4"), and where
// an event's field is set by the seed's next lines, after the dout (a subscription's renewal
// instant), the event has what those lines make of it.
#include <cstdio>
#include <cstring>

#include "client/kern/errno.h"
#include "client/linux_source/events.h"
#include "client/wire/types.h"

namespace monsim::linux_source {

bool Events::seed_2010(const Record& r) { return seed_2010_session(r) || seed_2010_tick_or_request(r); }

// The hunt, the session, authentication and the monmap.
bool Events::seed_2010_session(const Record& r) {
  int a = 0, b = 0, n = 0;
  const int cur = t_.cur_mon(c_);
  if (r.func == "__open_session" && std::sscanf(r.t, "open_session num=%d r=%d -> mon%d", &n, &a, &b) == 3) {
    if (fault_starts_hunt_) emit("hunting_start", {{"mon", -1}});  // after the fault's close
    fault_starts_hunt_ = false;
    emit("hunt_pick", {{"mon", b}, {"r", a}, {"num_mon", n}}, r.level, r.text);
  } else if (r.func == "__open_session" && std::sscanf(r.t, "open_session mon%d opening", &a) == 1) {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    t_.mon_addr(c_, a, &ip, &port);
    emit("session_open", {{"mon", a}, {"addr", wire::addr_str({0, 0, ip, port})}}, r.level, r.text);
  } else if (r.func == "__open_session" && std::sscanf(r.t, "open_session mon%d already open", &a) == 1) {
    emit("open_session_already_open", {{"mon", a}}, r.level, r.text);
  } else if (r.func == "__close_session" && std::sscanf(r.t, "__close_session closing mon%d", &a) == 1) {
    emit("session_close", {{"mon", a}}, r.level, r.text);
  } else if (r.func == "mon_fault" && std::strcmp(r.t, "mon_fault") == 0) {
    fault_starts_hunt_ = !t_.hunting(c_);
    emit("mon_fault", {{"mon", cur}, {"hunting", t_.hunting(c_)}}, r.level, r.text);
  } else if (r.func == "mon_fault" && std::strstr(r.t, " session lost, hunting for new mon")) {
    emit("session_lost", {{"mon", cur}}, r.level, r.text);
  } else if (r.func == "handle_auth_reply" && std::strcmp(r.t, "authenticated, starting session") == 0) {
    plain(r);
    emit("authenticated", {{"mon", cur}, {"global_id", t_.auth_global_id(c_)}});
  } else if (r.func == "handle_subscribe_ack" && r.level == kern::LogLevel::info &&
             std::strstr(r.t, " session established")) {
    emit("session_established", {{"mon", cur}, {"global_id", t_.auth_global_id(c_)}}, r.level, r.text);
    emit("hunting_end", {{"mon", cur}});
  } else if (r.func == "handle_subscribe_ack" && std::sscanf(r.t, "handle_subscribe_ack after %d seconds", &a) == 1) {
    // The seed's next lines: renew_after = sub_sent + (seconds >> 1) * HZ - 1, sub_sent = 0.
    const unsigned long sent = t_.sub_sent(c_);
    const unsigned long renew_after = sent + (static_cast<unsigned>(a) >> 1) * clock_.hz() - 1;
    plain(r);
    emit("subscribe_ack", {{"duration", a}, {"renew_after", renew_after}, {"sub_sent", sent}});
  } else if (r.func == "ceph_monmap_decode" && std::sscanf(r.t, "monmap_decode epoch %d, num_mon %d", &a, &n) == 2) {
    decoded_monmap_epoch_ = static_cast<std::uint32_t>(a);
    return false;
  } else {
    return false;
  }
  return true;
}

// The tick, statfs requests.
bool Events::seed_2010_tick_or_request(const Record& r) {
  unsigned long x = 0;
  unsigned long long tid = 0;
  if (r.func == "delayed_work" && std::strcmp(r.t, "monc delayed_work") == 0) {
    in_tick_ = true;
    emit("tick", {{"hunting", t_.hunting(c_)}}, r.level, r.text);
  } else if (r.func == "__schedule_delayed" && std::sscanf(r.t, "__schedule_delayed after %lu", &x) == 1) {
    in_tick_ = false;
    emit("tick_scheduled", {{"delay", x}, {"armed", !t_.work_pending(c_)}}, r.level, r.text);
  } else if (r.func == "send_statfs" && std::sscanf(r.t, "send_statfs tid %llu", &tid) == 1) {
    plain(r);
    statfs_sent_2010(tid);
  } else if (r.func == "handle_statfs_reply" && std::sscanf(r.t, "handle_statfs_reply %*s tid %llu", &tid) == 1) {
    int type = 0, result = 0;
    plain(r);
    if (t_.request(c_, tid, &type, &result)) {  // the seed's next lines find it and complete it
      statfs_pending_.erase(tid);
      emit("request_done", {{"tid", tid}, {"kind", "statfs"}, {"result", 0}});
    }
  } else if (r.level == kern::LogLevel::err && std::strcmp(r.t, "corrupt statfs reply, no tid") == 0) {
    emit("corrupt_reply", {{"type", "statfs_reply"}}, r.level, r.text);
  } else {
    return false;
  }
  return true;
}

// send_statfs(): a tid's first send is its submission; a later one (__resend_statfs()) a resend.
void Events::statfs_sent_2010(std::uint64_t tid) {
  const int cur = t_.cur_mon(c_);
  if (tid > newest_statfs_tid_) {
    newest_statfs_tid_ = tid;
    statfs_pending_.insert(tid);
    emit("request_submit", {{"tid", tid}, {"kind", "statfs"}});
  } else {
    emit("request_resend", {{"tid", tid}, {"kind", "statfs"}, {"mon", cur}});
  }
  emit("request_send", {{"tid", tid}, {"kind", "statfs"}, {"mon", cur}});
}

// __send_subscribe(): the items as the port shows them ("osdmap>0,mdsmap>0,monmap>0": what the
// client has), and, from the tick, the renewal it is.
void Events::subscribe_sent_2010(const lsrc_msg_view& v) {
  const auto* p = static_cast<const std::uint8_t*>(v.front);
  auto le = [&](std::size_t at, int bytes) {
    std::uint64_t x = 0;
    for (int i = bytes - 1; i >= 0; --i) x = (x << 8) | p[at + i];
    return x;
  };
  std::string items;
  std::size_t at = 4;
  for (std::uint64_t i = 0, count = v.front_len >= 4 ? le(0, 4) : 0; i < count && at + 4 <= v.front_len; ++i) {
    const std::size_t len = le(at, 4);
    if (at + 4 + len + 17 > v.front_len) break;  // the item: have_version, have, onetime
    items += (items.empty() ? "" : ",") + std::string(reinterpret_cast<const char*>(p + at + 4), len) + ">" +
             std::to_string(le(at + 4 + len + 8, 8));
    at += 4 + len + 17;
  }
  emit("subscribe_sent", {{"mon", t_.cur_mon(c_)}, {"items", items}});
  if (in_tick_) emit("subscribe_renew", {});
}

void Events::opening() {
  if (t_.hunting(c_)) emit("hunting_start", {});
}

void Events::got_map(const char* map, std::uint32_t epoch) { emit("map_received", {{"map", map}, {"epoch", epoch}}); }

void Events::fsid_checked(int ret) {
  if (ret == 0) emit("map_received", {{"map", "monmap"}, {"epoch", decoded_monmap_epoch_}});
}

void Events::statfs_failed(int err) {
  for (auto it = statfs_pending_.begin(); it != statfs_pending_.end();) {
    int type = 0, result = 0;
    if (t_.request(c_, *it, &type, &result)) {
      ++it;
      continue;
    }
    emit("request_done", {{"tid", *it}, {"kind", "statfs"}, {"result", err}});
    it = statfs_pending_.erase(it);
  }
}

}  // namespace monsim::linux_source
