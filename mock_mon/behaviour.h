// Scripted misbehaviour of one monitor, by reply kind, in time windows: delay, drop, stall,
// corrupt, reject_auth. Data with defaults, like a fault option table.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/kern/errno.h"
#include "client/kern/message.h"
#include "mock_mon/quorum.h"

namespace monsim::mock_mon {

// The reply kinds a scenario names (snake case): auth_reply, subscribe_ack, mon_map, osd_map,
// statfs_reply, get_version_reply, command_ack, mds_map, keepalive2_ack.
std::string reply_kind(std::uint16_t msg_type);

enum class CorruptHow { truncate, bad_length, wrong_fsid, unknown_type, garbage };

struct Rule {
  enum class Kind { delay, drop, stall, corrupt, reject_auth };
  Kind kind = Kind::drop;
  std::string reply = "*";   // a reply kind, or "*" for all
  nanos from = 0;            // active in [from, until)
  nanos until = INT64_MAX;
  // Applications left (null: unlimited), shared by every copy of the rule: a rule put on
  // several monitors applies this many times in total, not on each.
  std::shared_ptr<int> count;
  nanos delay_min = 0;       // delay: uniform in [delay_min, delay_max]
  nanos delay_max = 0;
  double probability = 1.0;  // drop
  CorruptHow how = CorruptHow::truncate;
  int error = -kern::ERR_EACCES;  // reject_auth
};

// A uniform random source in [0, 2^64) from the caller's seeded stream.
using Rng = std::function<std::uint64_t()>;

struct ReplyFate {
  bool drop = false;
  nanos delay = 0;
  bool corrupt = false;
  CorruptHow how = CorruptHow::truncate;
  const char* why = "";
};

class Behaviours {
 public:
  void add(Rule r) { rules_.push_back(std::move(r)); }
  void clear() { rules_.clear(); }
  // What happens to a reply of `kind` sent at `now` (consumes counts).
  ReplyFate on_reply(const std::string& kind, nanos now, const Rng& rng);
  // An active reject_auth rule: its error (consumes a count), else 0.
  int reject_auth(nanos now);
  bool empty() const { return rules_.empty(); }
  // A rule is in force at `now`: its window covers it and it has applications left — or,
  // for a delay, a reply it held may still be on its way (the window plus the longest delay).
  bool any_in_force(nanos now) const {
    for (const auto& r : rules_) {
      const nanos until = r.kind == Rule::Kind::delay && r.until < INT64_MAX - r.delay_max ? r.until + r.delay_max : r.until;
      if (now >= r.from && now < until && (!r.count || *r.count > 0)) return true;
    }
    return false;
  }

 private:
  bool active(Rule& r, const std::string& kind, nanos now) const;
  std::vector<Rule> rules_;
};

// A corrupted copy of `msg`, as scenario `corrupt.how` asks. Every kind is something the
// client's decoders must refuse (or, for unknown_type, skip).
kern::MsgRef corrupt(const kern::MsgRef& msg, CorruptHow how, const Rng& rng);

}  // namespace monsim::mock_mon
