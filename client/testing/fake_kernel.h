// A step-by-step fake of client/kern for unit tests, without SimGrid.
//
// One FakeKernel is a tiny discrete-event simulator for one client: a clock in nanoseconds,
// a queue of events (delayed work expiries and whatever the test schedules), and fakes of
// every seam service. There is one thread: a "blocking" call (mutex contention aside, which
// cannot happen) runs the event queue until its condition holds, so a test can call statfs()
// and have the scripted monitor answer it. The connection is a FakeConnection the test
// drives: it records what the client sends and lets the test fault it or feed it messages.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/kern/kernel.h"

namespace monsim::testing {

using nanos = std::int64_t;
inline constexpr nanos NS_PER_S = 1'000'000'000;

class FakeKernel;

class FakeClock : public kern::Clock {
 public:
  explicit FakeClock(unsigned hz) : hz_(hz) {}
  kern::jiffies_t jiffies() const override;
  unsigned hz() const override { return hz_; }
  kern::Timespec realtime() const override;

  nanos now() const { return now_; }
  void set(nanos t) { now_ = t; }
  void step_realtime(nanos by) { step_ += by; }
  // The first instant the jiffies counter reads j.
  nanos instant_of(kern::jiffies_t j) const;
  kern::jiffies_t jiffies_at(nanos t) const;

  static constexpr nanos kEpoch = 1'700'000'000LL * NS_PER_S;

 private:
  unsigned hz_;
  nanos now_ = 0;
  nanos step_ = 0;
};

// prandom_u32() from a small seeded generator, or from a script of values (used first).
class FakeRandom : public kern::Random {
 public:
  explicit FakeRandom(std::uint64_t seed = 1) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  std::uint32_t prandom_u32() override;
  void get_random_bytes(std::span<std::uint8_t> out) override;
  std::deque<std::uint32_t> script;

 private:
  std::uint64_t state_;
};

// Keeps every event in memory.
class RecordingTrace : public kern::TraceSink {
 public:
  struct Event {
    nanos t;
    std::string name;
    std::vector<kern::Field> fields;
    kern::LogLevel level;
    std::string text;
    // The value of an integer field (or `dflt`).
    std::int64_t num(const std::string& key, std::int64_t dflt = -1) const;
  };
  explicit RecordingTrace(const FakeClock& clock) : clock_(clock) {}
  void emit(std::string_view event, std::vector<kern::Field> fields, kern::LogLevel level,
            std::string_view text) override;
  std::vector<Event> events;
  std::vector<const Event*> named(const std::string& name) const;
  int count(const std::string& name) const { return static_cast<int>(named(name).size()); }

 private:
  const FakeClock& clock_;
};

// The connection the client uses, driven by the test.
class FakeConnection : public kern::Connection {
 public:
  FakeConnection(FakeKernel& k, kern::ConnectionOwner& owner) : k_(k), owner_(owner) {}

  void open(kern::EntityName peer, const kern::EntityAddr& addr) override;
  void close() override;
  void send(kern::MsgRef msg) override;
  void keepalive() override;
  bool keepalive_expired(kern::jiffies_t interval) const override;
  void revoke(const kern::MsgRef& msg) override;
  void revoke_incoming(const kern::MsgRef& msg) override;
  std::uint64_t peer_features() const override { return peer_features_; }
  kern::EntityName peer_name() const override { return peer_; }

  // --- the test's side ---
  bool is_open() const { return open_; }
  int opens() const { return opens_; }
  kern::EntityAddr addr() const { return addr_; }
  // Messages sent since the last open, in order (what the "wire" carried).
  std::vector<kern::MsgRef> sent;
  // Messages queued and not yet taken by take_sent().
  std::vector<kern::MsgRef> take_sent();
  int keepalives = 0;
  // Deliver a message as the messenger would: alloc_msg (which may skip it), then dispatch.
  // Returns false if it was skipped or the connection is closed.
  bool deliver(const kern::MsgRef& msg);
  // A socket fault: an established (lossy) connection closes, then the owner's fault() runs.
  // Before the handshake (lossy = false) the messenger keeps retrying the same peer; the
  // connection stays open as far as the owner is concerned.
  void fault(bool lossy = true);
  // Acknowledge the keepalives sent so far (their stamp: the realtime of the last one).
  void ack_keepalive();
  void set_peer_features(std::uint64_t f) { peer_features_ = f; }
  // Called on every send / keepalive (for scripted peers); runs inside the call.
  std::function<void(const kern::MsgRef&)> on_send;
  std::function<void()> on_keepalive;

 private:
  FakeKernel& k_;
  kern::ConnectionOwner& owner_;
  bool open_ = false;
  int opens_ = 0;
  kern::EntityName peer_;
  kern::EntityAddr addr_;
  std::uint64_t peer_features_ = kern::FEATURE_MSGR_KEEPALIVE2;
  kern::Timespec last_keepalive_sent_{};
  kern::Timespec last_keepalive_ack_{};
  std::size_t taken_ = 0;
};

class FakeKernel : public kern::Kernel {
 public:
  explicit FakeKernel(unsigned hz = 250, std::uint64_t seed = 1, std::string name = "client.0");
  ~FakeKernel() override;

  kern::Clock& clock() override { return clock_; }
  kern::Random& random() override { return random_; }
  kern::TraceSink& trace() override { return trace_; }
  const std::string& node_name() const override { return name_; }
  std::unique_ptr<kern::Mutex> make_mutex() override;
  std::unique_ptr<kern::DelayedWork> make_delayed_work(std::function<void()> fn) override;
  std::unique_ptr<kern::Completion> make_completion() override;
  std::unique_ptr<kern::WaitQueue> make_wait_queue() override;
  std::unique_ptr<kern::Connection> make_connection(kern::ConnectionOwner& owner) override;

  // --- driving time ---
  using Id = std::uint64_t;
  Id at(nanos when, std::function<void()> fn);
  bool cancel(Id id);
  // Run every event due up to `t` (in order), leaving the clock at `t`.
  void run_until(nanos t);
  // Run the next event; false if there is none.
  bool step();
  // Run events until `cond` holds (or no event is left); false if it never held.
  bool run_while_not(const std::function<bool()>& cond, nanos limit = 1'000'000 * NS_PER_S);
  nanos now() const { return clock_.now(); }

  FakeClock& fake_clock() { return clock_; }
  FakeRandom& fake_random() { return random_; }
  RecordingTrace& recording() { return trace_; }
  const RecordingTrace& recording() const { return trace_; }
  FakeConnection* connection() { return con_; }
  // A signal to the (single) user context: its current or next interruptible sleep returns
  // -ERESTARTSYS. Scheduled as an event at `when`.
  void signal_at(nanos when);
  bool signal_pending() const { return signal_; }
  void flush_signals() { signal_ = false; }

 private:
  std::string name_;
  FakeClock clock_;
  FakeRandom random_;
  RecordingTrace trace_;
  std::map<std::pair<nanos, Id>, std::function<void()>> queue_;
  std::map<Id, nanos> when_;
  Id next_ = 1;
  FakeConnection* con_ = nullptr;
  bool signal_ = false;
};

}  // namespace monsim::testing
