// Helpers for simulation tests.
//
// SimGrid allows one engine per process, so run_simulation() forks: the child builds the
// world, runs it and reports gtest failures through its exit status. Each test can thus run
// several simulations (twice the same one, for determinism) and the binary runs every test.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "client/kern/errno.h"
#include "sim/engine/engine.h"
#include "sim/net/net.h"
#include "sim/engine/sim_time.h"
#include "sim/engine/trace.h"

namespace monsim::sim::testing {

// Runs `body` in a child process; returns what the child wrote with report() (e.g. a hash).
// Fails the calling test if the child failed an expectation or crashed.
std::string run_simulation(const std::function<void()>& body);
void report(const std::string& text);

// Start a non-daemon actor on `host` that runs `fn` (the test's script), then run the engine
// until `end`.
void run_script(Engine& engine, simgrid::s4u::Host* host, std::function<void()> fn, nanos end);

// A socket end that records what happened to it, with simulated instants.
struct Recorder : SocketEvents {
  struct Event {
    nanos t;
    std::string what;  // "connected", "data", "error"
    int err = 0;
    FramePtr frame{};
  };
  std::vector<Event> events;
  void on_connected(SocketId) override { events.push_back({now_ns(), "connected"}); }
  void on_data(SocketId, FramePtr f) override { events.push_back({now_ns(), "data", 0, f}); }
  void on_error(SocketId, int err) override { events.push_back({now_ns(), "error", err}); }
  const Event* first(const std::string& what) const;
  int count(const std::string& what) const;
};

// A listener whose accepted sockets all go to one recorder.
struct RecordingListener : Listener {
  Recorder rec;
  std::vector<std::pair<nanos, SocketId>> accepted;
  SocketEvents* on_accept(SocketId id, NodeId) override {
    accepted.emplace_back(now_ns(), id);
    return &rec;
  }
};

// A frame carrying a number, for ordering tests.
struct NumberFrame : Frame {
  explicit NumberFrame(std::uint64_t n) : n(n) {}
  std::uint64_t n;
};

inline constexpr nanos ms(std::int64_t v) { return v * NS_PER_MS; }
inline constexpr nanos us(std::int64_t v) { return v * NS_PER_US; }
inline constexpr nanos s(std::int64_t v) { return v * NS_PER_S; }

}  // namespace monsim::sim::testing
