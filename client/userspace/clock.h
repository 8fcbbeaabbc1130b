// The clocks Ceph's userspace code reads, for one client process.
#pragma once

#include <cstdint>

#include "client/userspace/utime.h"

namespace monsim::userspace {

class Clock {
 public:
  virtual ~Clock() = default;

  // ceph_clock_now(): CLOCK_REALTIME, precise. A scenario may step it (clock_step): never
  // derive a duration from it except where Ceph does — 16.2 does so for the MonClient's
  // tick (`now > last_keepalive + ping_interval`), the keepalive stamps and their ack, the
  // SafeTimer's schedule and cephx ticket lifetimes. Any context; never blocks.
  virtual Utime now() const = 0;

  // ceph::mono_clock::now(): CLOCK_MONOTONIC in nanoseconds since boot; a step does not move
  // it. authenticate()'s deadline reads it. Any context; never blocks.
  virtual std::int64_t mono_ns() const = 0;

  // ceph::coarse_mono_clock::now(): CLOCK_MONOTONIC_COARSE (the last jiffy's value), what the
  // messenger's own connection tick reads. Any context; never blocks.
  virtual std::int64_t coarse_mono_ns() const = 0;
};

}  // namespace monsim::userspace
