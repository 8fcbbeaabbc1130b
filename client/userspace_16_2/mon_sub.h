// port of MonSub (src/mon/MonSub.{h,cc}, 16.2): the subscriptions a MonClient wants, has
// sent, and when to renew them (for monitors without MON_STATEFUL_SUB).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/wire/sub_msgs.h"

namespace monsim::userspace_16_2 {

class MonSub {
 public:
  struct Item {
    std::uint64_t start = 0;
    std::uint8_t flags = 0;
  };

  bool have_new() const { return !sub_new_.empty(); }
  // need_renew(): coarse_mono_clock::now() > renew_after.
  bool need_renew(std::int64_t coarse_mono_ns) const { return coarse_mono_ns > renew_after_; }
  // The items to send (sub_new), in name order as std::map has them.
  std::vector<wire::SubscribeItem> get_subs() const;
  void renewed(std::int64_t coarse_mono_ns);
  void acked(std::uint32_t interval);
  bool reload();
  void got(const std::string& what, std::uint64_t have);
  bool want(const std::string& what, std::uint64_t start, std::uint8_t flags);
  bool inc_want(const std::string& what, std::uint64_t start, std::uint8_t flags);
  void unwant(const std::string& what);

 private:
  std::map<std::string, Item> sub_new_, sub_sent_;
  std::int64_t renew_sent_ = 0;  // coarse monotonic; 0: none outstanding
  std::int64_t renew_after_ = 0;
};

}  // namespace monsim::userspace_16_2
