#include "client/userspace_16_2/mon_sub.h"

namespace monsim::userspace_16_2 {

// port of MonSub::get_subs()
std::vector<wire::SubscribeItem> MonSub::get_subs() const {
  std::vector<wire::SubscribeItem> out;
  for (const auto& [what, item] : sub_new_) out.push_back({what, item.start, item.flags});
  return out;
}

// port of MonSub::renewed()
void MonSub::renewed(std::int64_t coarse_mono_ns) {
  if (renew_sent_ == 0) renew_sent_ = coarse_mono_ns;
  // update sub_sent with sub_new
  sub_new_.insert(sub_sent_.begin(), sub_sent_.end());
  std::swap(sub_new_, sub_sent_);
  sub_new_.clear();
}

// port of MonSub::acked(): only legacy monitors ack; renew at half the interval.
void MonSub::acked(std::uint32_t interval) {
  if (renew_sent_ != 0) {
    renew_after_ = renew_sent_ + static_cast<std::int64_t>(interval / 2.0 * 1e9);
    renew_sent_ = 0;
  }
}

// port of MonSub::reload()
bool MonSub::reload() {
  for (const auto& [what, sub] : sub_sent_)
    if (sub_new_.count(what) == 0) sub_new_[what] = sub;
  return have_new();
}

// port of MonSub::got()
void MonSub::got(const std::string& what, std::uint64_t have) {
  auto step = [&](std::map<std::string, Item>& m, std::map<std::string, Item>::iterator i) {
    if (i->second.start <= have) {
      if (i->second.flags & wire::SUBSCRIBE_ONETIME)
        m.erase(i);
      else
        i->second.start = have + 1;
    }
  };
  if (auto i = sub_new_.find(what); i != sub_new_.end())
    step(sub_new_, i);
  else if (auto j = sub_sent_.find(what); j != sub_sent_.end())
    step(sub_sent_, j);
}

// port of MonSub::want()
bool MonSub::want(const std::string& what, std::uint64_t start, std::uint8_t flags) {
  if (auto s = sub_new_.find(what); s != sub_new_.end() && s->second.start == start && s->second.flags == flags)
    return false;
  if (auto s = sub_sent_.find(what); s != sub_sent_.end() && s->second.start == start && s->second.flags == flags)
    return false;
  sub_new_[what] = {start, flags};
  return true;
}

// port of MonSub::inc_want()
bool MonSub::inc_want(const std::string& what, std::uint64_t start, std::uint8_t flags) {
  if (auto s = sub_new_.find(what); s != sub_new_.end()) {
    if (s->second.start >= start) return false;
    s->second = {start, flags};
    return true;
  }
  if (auto s = sub_sent_.find(what); s == sub_sent_.end() || s->second.start < start) {
    sub_new_[what] = {start, flags};
    return true;
  }
  return false;
}

// port of MonSub::unwant()
void MonSub::unwant(const std::string& what) {
  sub_sent_.erase(what);
  sub_new_.erase(what);
}

}  // namespace monsim::userspace_16_2
