// The tree's MonClient as the trace sees it: every printk() record of its C becomes a line of
// the trace (its level and text; info, warn and err lines are what dmesg.txt shows), and the
// records, with what the shim's hooks saw (messages handed to the messenger, keepalives, auth
// replies), become the events the ports emit at the same steps with the same fields — so that
// the metrics, the invariant checkers and the plots read a source run as they read a port's.
//
// The kernel's douts are the anchors: "pick_new_mon mon0 -> mon2 out of 3 mons" is the port's
// hunt_pick, "__schedule_delayed after 2500" its tick_scheduled, and so on (events.cc lists
// them); a field the line does not print (hunt_mult, hunting) is read off the MonClient's
// state at that instant, as the port's event reads its own.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "client/kern/clock.h"
#include "client/kern/trace.h"
#include "client/linux_source/glue.h"

namespace monsim::linux_source {

class Events {
 public:
  Events(const lsrc_tree& tree, kern::TraceSink& sink, const kern::Clock& clock)
      : t_(tree), sink_(sink), clock_(clock) {}
  void attach(ceph_client* c) { c_ = c; }

  // A printk() record of the tree's C (kshim::LogSink).
  void printk(char level, std::string_view func, std::string_view text);
  // A message handed to the messenger (ceph_con_send()).
  void sent(const lsrc_msg_view& v);
  // ceph_con_keepalive().
  void keepalive();
  // A message about to be dispatched.
  void arrived(const lsrc_msg_view& v);
  // The auth client's answer to a reply (ceph_handle_auth_reply()), and whether the client
  // was authenticated before it.
  void auth_reply(int ret, bool was_auth);
  // ceph_monc_stop() returned.
  void stopped();

  // ---- the 2.6.34 seed (events_2010.cc): what its C does not print
  // ceph_monc_open_session() is about to run (the port traces hunting_start there).
  void opening();
  // ceph_monc_got_mdsmap()/got_osdmap() returned.
  void got_map(const char* map, std::uint32_t epoch);
  // ceph_check_fsid() answered ret for the monmap being handled.
  void fsid_checked(int ret);
  // A statfs call returned err < 0: its request ended without a reply (an interrupt).
  void statfs_failed(int err);

 private:
  void emit(std::string_view event, std::vector<kern::Field> fields, kern::LogLevel level = kern::LogLevel::none,
            std::string_view text = {});
  struct Record {  // one printk() record
    std::string_view func;
    const std::string& text;  // without "libceph: "
    const char* t;            // the text without dout()'s leading space
    kern::LogLevel level;
  };
  bool mapped(std::string_view func, const std::string& text, kern::LogLevel level);
  bool seed_2010(const Record& r);
  bool seed_2010_session(const Record& r);
  bool seed_2010_tick_or_request(const Record& r);
  void subscribe_sent_2010(const lsrc_msg_view& v);
  void statfs_sent_2010(std::uint64_t tid);
  bool session(const Record& r);
  bool tick(const Record& r);
  bool request_or_map(const Record& r);
  bool error_line(const Record& r);
  void plain(const Record& r);
  void request_sent(const lsrc_msg_view& v);

  const lsrc_tree& t_;
  kern::TraceSink& sink_;
  const kern::Clock& clock_;
  ceph_client* c_ = nullptr;
  bool pending_hunting_end_ = false;  // "finish_hunting found" seen: the event follows un_backoff
  int pending_auth_error_ = 0;        // the 4.10 seed: an auth error whose event follows hunting_end
  std::uint64_t first_send_tid_ = 0;  // "send_generic_request ... tid T": T's next send is its first
  std::uint64_t canceling_tid_ = 0;   // "cancel_generic_request ... tid T": its finish is a cancel
  std::uint32_t last_ack_duration_ = 0;  // the subscribe ack being handled
  // the 2.6.34 seed
  bool in_tick_ = false;                  // between "monc delayed_work" and its rescheduling
  bool fault_starts_hunt_ = false;        // mon_fault() while not hunting: the next pick starts one
  std::uint32_t decoded_monmap_epoch_ = 0;  // the monmap being handled
  std::uint64_t newest_statfs_tid_ = 0;   // the highest tid sent (a lower one's send is a resend)
  std::set<std::uint64_t> statfs_pending_;  // sent, not yet answered or failed
};

}  // namespace monsim::linux_source
