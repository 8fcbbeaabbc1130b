#include "client/testing/fake_kernel.h"

#include <algorithm>

#include "client/kern/bug.h"
#include "client/kern/errno.h"

namespace monsim::testing {

// ============================================================== clock, random, trace

kern::jiffies_t FakeClock::jiffies_at(nanos t) const {
  return kern::initial_jiffies(hz_) +
         static_cast<kern::jiffies_t>(static_cast<unsigned __int128>(t) * hz_ / NS_PER_S);
}
kern::jiffies_t FakeClock::jiffies() const { return jiffies_at(now_); }

nanos FakeClock::instant_of(kern::jiffies_t j) const {
  const auto since = static_cast<unsigned __int128>(j - kern::initial_jiffies(hz_)) * NS_PER_S;
  return static_cast<nanos>((since + hz_ - 1) / hz_);
}

kern::Timespec FakeClock::realtime() const {
  const nanos t = kEpoch + now_ + step_;
  return {t / NS_PER_S, t % NS_PER_S};
}

std::uint32_t FakeRandom::prandom_u32() {
  if (!script.empty()) {
    const std::uint32_t v = script.front();
    script.pop_front();
    return v;
  }
  state_ ^= state_ << 13;
  state_ ^= state_ >> 7;
  state_ ^= state_ << 17;
  return static_cast<std::uint32_t>(state_ >> 32);
}

void FakeRandom::get_random_bytes(std::span<std::uint8_t> out) {
  for (auto& b : out) b = static_cast<std::uint8_t>(prandom_u32());
}

void RecordingTrace::emit(std::string_view event, std::vector<kern::Field> fields,
                          kern::LogLevel level, std::string_view text) {
  events.push_back({clock_.now(), std::string(event), std::move(fields), level, std::string(text)});
}

std::vector<const RecordingTrace::Event*> RecordingTrace::named(const std::string& name) const {
  std::vector<const Event*> out;
  for (const auto& e : events)
    if (e.name == name) out.push_back(&e);
  return out;
}

std::int64_t RecordingTrace::Event::num(const std::string& key, std::int64_t dflt) const {
  for (const auto& f : fields) {
    if (f.key != key) continue;
    if (auto* i = std::get_if<std::int64_t>(&f.value)) return *i;
    if (auto* u = std::get_if<std::uint64_t>(&f.value)) return static_cast<std::int64_t>(*u);
    if (auto* b = std::get_if<bool>(&f.value)) return *b;
  }
  return dflt;
}

// ============================================================== sync primitives

namespace {

class FakeMutex : public kern::Mutex {
 public:
  // One thread: contention is impossible, so a second lock is recursion (a BUG).
  void lock() override {
    MONSIM_BUG_ON(held_);
    held_ = true;
  }
  void unlock() override {
    MONSIM_BUG_ON(!held_);
    held_ = false;
  }

 private:
  bool held_ = false;
};

class FakeDelayedWork : public kern::DelayedWork {
 public:
  FakeDelayedWork(FakeKernel& k, std::function<void()> fn) : k_(k), fn_(std::move(fn)) {}
  ~FakeDelayedWork() override {
    if (id_) k_.cancel(id_);
  }
  bool schedule(kern::jiffies_t delay) override {
    if (id_) return false;
    arm(delay);
    return true;
  }
  bool mod(kern::jiffies_t delay) override {
    const bool was = id_ != 0;
    if (id_) k_.cancel(id_);
    arm(delay);
    return was;
  }
  bool cancel_sync() override {
    MONSIM_BUG_ON(running_);  // from inside the work: a deadlock in the kernel
    const bool was = id_ != 0;
    if (id_) k_.cancel(id_);
    id_ = 0;
    return was;
  }
  bool pending() const override { return id_ != 0; }

 private:
  void arm(kern::jiffies_t delay) {
    const FakeClock& c = k_.fake_clock();
    id_ = k_.at(c.instant_of(c.jiffies() + delay), [this] {
      id_ = 0;
      running_ = true;
      fn_();
      running_ = false;
    });
  }
  FakeKernel& k_;
  std::function<void()> fn_;
  FakeKernel::Id id_ = 0;
  bool running_ = false;
};

class FakeCompletion : public kern::Completion {
 public:
  explicit FakeCompletion(FakeKernel& k) : k_(k) {}
  void complete_all() override { done_ = kAll; }
  void complete() override {
    if (done_ != kAll) ++done_;
  }
  void reinit() override { done_ = 0; }
  bool done() const override { return done_ != 0; }
  void wait() override {
    MONSIM_BUG_ON(!k_.run_while_not([this] { return done_ != 0; }));  // would sleep forever
    consume();
  }
  int wait_interruptible() override {
    const bool ok = k_.run_while_not([this] { return done_ != 0 || k_.signal_pending(); });
    MONSIM_BUG_ON(!ok);
    if (done_ == 0) return -kern::ERR_ERESTARTSYS;
    consume();
    return 0;
  }

 private:
  static constexpr unsigned kAll = 1u << 30;
  void consume() {
    if (done_ != kAll) --done_;
  }
  FakeKernel& k_;
  unsigned done_ = 0;
};

class FakeWaitQueue : public kern::WaitQueue {
 public:
  explicit FakeWaitQueue(FakeKernel& k) : k_(k) {}
  void wake_up_all() override {}  // conditions are re-checked after every event anyway
  long wait_event_interruptible_timeout(const std::function<bool()>& condition,
                                        kern::jiffies_t timeout) override {
    FakeClock& c = k_.fake_clock();
    const bool forever = timeout >= kern::MAX_SCHEDULE_TIMEOUT;
    const kern::jiffies_t end = c.jiffies() + timeout;
    const nanos deadline = forever ? -1 : c.instant_of(end);
    FakeKernel::Id alarm = forever ? 0 : k_.at(deadline, [] {});
    const bool ok = k_.run_while_not([&] {
      return condition() || k_.signal_pending() || (!forever && k_.now() >= deadline);
    });
    if (alarm) k_.cancel(alarm);
    MONSIM_BUG_ON(!ok);
    if (!condition() && k_.signal_pending()) return -kern::ERR_ERESTARTSYS;
    if (forever) return condition() ? static_cast<long>(kern::MAX_SCHEDULE_TIMEOUT) : 0;
    const kern::jiffies_t now = c.jiffies();
    const long left = kern::time_after(end, now) ? static_cast<long>(end - now) : 0;
    if (!condition()) return 0;
    return left > 0 ? left : 1;
  }

 private:
  FakeKernel& k_;
};

}  // namespace

// ============================================================== connection

void FakeConnection::open(kern::EntityName peer, const kern::EntityAddr& addr) {
  MONSIM_BUG_ON(open_);
  open_ = true;
  ++opens_;
  peer_ = peer;
  addr_ = addr;
  sent.clear();
  taken_ = 0;
}

void FakeConnection::close() { open_ = false; }

void FakeConnection::send(kern::MsgRef msg) {
  if (!open_) {
    k_.trace().emit("msg_drop", {{"type", static_cast<unsigned>(msg->hdr.type)}});
    return;
  }
  sent.push_back(msg);
  if (on_send) on_send(msg);
}

std::vector<kern::MsgRef> FakeConnection::take_sent() {
  std::vector<kern::MsgRef> out(sent.begin() + static_cast<std::ptrdiff_t>(taken_), sent.end());
  taken_ = sent.size();
  return out;
}

void FakeConnection::keepalive() {
  ++keepalives;
  // Written a little later than asked (the messenger's scheduling delay): 50 µs.
  kern::Timespec t = k_.fake_clock().realtime();
  t.nsec += 50'000;
  if (t.nsec >= NS_PER_S) {
    t.nsec -= NS_PER_S;
    ++t.sec;
  }
  last_keepalive_sent_ = t;
  if (on_keepalive) on_keepalive();
}

void FakeConnection::ack_keepalive() { last_keepalive_ack_ = last_keepalive_sent_; }

bool FakeConnection::keepalive_expired(kern::jiffies_t interval) const {
  if (interval == 0 || !(peer_features_ & kern::FEATURE_MSGR_KEEPALIVE2)) return false;
  const auto& c = k_.fake_clock();
  return c.realtime() >= kern::timespec_add_jiffies(last_keepalive_ack_, interval, c.hz());
}

void FakeConnection::revoke(const kern::MsgRef&) {}
void FakeConnection::revoke_incoming(const kern::MsgRef&) {}

bool FakeConnection::deliver(const kern::MsgRef& msg) {
  if (!open_) return false;
  bool skip = false;
  kern::MsgRef m = owner_.alloc_msg(msg->hdr, &skip);
  if (!m) return false;
  MONSIM_BUG_ON(m->front_alloc_len < msg->front.size());
  m->hdr = msg->hdr;
  m->hdr.front_len = static_cast<std::uint32_t>(msg->front.size());
  m->front = msg->front;
  owner_.dispatch(m);
  return true;
}

void FakeConnection::fault(bool lossy) {
  if (lossy) open_ = false;
  owner_.fault();
}

// ============================================================== kernel

FakeKernel::FakeKernel(unsigned hz, std::uint64_t seed, std::string name)
    : name_(std::move(name)), clock_(hz), random_(seed), trace_(clock_) {}

FakeKernel::~FakeKernel() = default;

std::unique_ptr<kern::Mutex> FakeKernel::make_mutex() { return std::make_unique<FakeMutex>(); }
std::unique_ptr<kern::DelayedWork> FakeKernel::make_delayed_work(std::function<void()> fn) {
  return std::make_unique<FakeDelayedWork>(*this, std::move(fn));
}
std::unique_ptr<kern::Completion> FakeKernel::make_completion() {
  return std::make_unique<FakeCompletion>(*this);
}
std::unique_ptr<kern::WaitQueue> FakeKernel::make_wait_queue() {
  return std::make_unique<FakeWaitQueue>(*this);
}
std::unique_ptr<kern::Connection> FakeKernel::make_connection(kern::ConnectionOwner& owner) {
  auto c = std::make_unique<FakeConnection>(*this, owner);
  con_ = c.get();
  return c;
}

FakeKernel::Id FakeKernel::at(nanos when, std::function<void()> fn) {
  const Id id = next_++;
  when = std::max(when, clock_.now());
  queue_.emplace(std::make_pair(when, id), std::move(fn));
  when_[id] = when;
  return id;
}

bool FakeKernel::cancel(Id id) {
  auto it = when_.find(id);
  if (it == when_.end()) return false;
  queue_.erase({it->second, id});
  when_.erase(it);
  return true;
}

bool FakeKernel::step() {
  if (queue_.empty()) return false;
  auto it = queue_.begin();
  const nanos t = it->first.first;
  auto fn = std::move(it->second);
  when_.erase(it->first.second);
  queue_.erase(it);
  clock_.set(t);
  fn();
  return true;
}

void FakeKernel::run_until(nanos t) {
  while (!queue_.empty() && queue_.begin()->first.first <= t) step();
  if (clock_.now() < t) clock_.set(t);
}

bool FakeKernel::run_while_not(const std::function<bool()>& cond, nanos limit) {
  while (!cond()) {
    if (queue_.empty() || queue_.begin()->first.first > limit) return false;
    step();
  }
  return true;
}

void FakeKernel::signal_at(nanos when) {
  at(when, [this] { signal_ = true; });
}

}  // namespace monsim::testing
