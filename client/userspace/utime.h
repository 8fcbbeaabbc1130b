// utime_t (include/utime.h): a wall-clock instant or a span as seconds and nanoseconds, with
// Ceph's own arithmetic. The MonClient's timing rules compare these at exact boundaries
// (`now > last_keepalive + 10`, `interval > 30`), so the conversions are Ceph's, not a fit:
// adding a double splits it with trunc() and rounds nothing; comparing with a double converts
// the utime_t to double first.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <cstdio>
#include <string>

namespace monsim::userspace {

struct Utime {
  std::int64_t sec = 0;   // tv.tv_sec (a __u32 on the wire; wide here, monsim's epochs are recent)
  std::int64_t nsec = 0;  // tv.tv_nsec, in [0, 1e9) after normalize()

  static Utime from_nanos(std::int64_t ns) {
    Utime u{ns / 1000000000, ns % 1000000000};
    u.normalize();
    return u;
  }
  std::int64_t to_nanos() const { return sec * 1000000000 + nsec; }
  bool is_zero() const { return sec == 0 && nsec == 0; }

  // utime_t::normalize()
  void normalize() {
    if (nsec >= 1000000000) {
      sec += nsec / 1000000000;
      nsec %= 1000000000;
    } else if (nsec < 0) {
      const std::int64_t borrow = (-nsec + 999999999) / 1000000000;
      sec -= borrow;
      nsec += borrow * 1000000000;
    }
  }

  // operator double(): seconds as a double.
  double to_double() const { return static_cast<double>(sec) + static_cast<double>(nsec) / 1000000000.0; }

  // operator+=(double f)
  Utime& operator+=(double f) {
    const double fs = std::trunc(f);
    const double ns = (f - fs) * 1000000000.0;
    sec += static_cast<std::int64_t>(fs);
    nsec += static_cast<std::int64_t>(ns);
    normalize();
    return *this;
  }
  friend Utime operator+(Utime a, double f) { return a += f; }
  // operator-(utime_t, utime_t): the seconds land in utime_t's __u32 tv_sec, so an earlier
  // minus a later instant wraps to 2^32 - 1 seconds (136 years), as 16.2 computes it: a tick
  // whose keepalive's ack arrived before it read the ack's stamp (lk > now) finds its
  // interval "2106-02-07T06:28:15.999909+0000 seconds" and reconnects (seen on a real client).
  friend Utime operator-(const Utime& a, const Utime& b) {
    const bool borrow = a.nsec < b.nsec;
    Utime d{static_cast<std::int64_t>(static_cast<std::uint32_t>(a.sec - b.sec - (borrow ? 1 : 0))),
            a.nsec - b.nsec + (borrow ? 1000000000 : 0)};
    return d;
  }
  friend Utime operator+(const Utime& a, const Utime& b) {
    Utime d{a.sec + b.sec, a.nsec + b.nsec};
    d.normalize();
    return d;
  }
  friend auto operator<=>(const Utime&, const Utime&) = default;
  friend bool operator==(const Utime&, const Utime&) = default;
  // utime_t compared with a double: through operator double.
  friend bool operator>(const Utime& a, double b) { return a.to_double() > b; }
  friend bool operator<(const Utime& a, double b) { return a.to_double() < b; }

  // operator<<: under ten years "raw seconds" (a span: whole microseconds, truncated), else
  // the instant (stamp_text()).
  std::string text() const {
    if (sec >= 60LL * 60 * 24 * 365 * 10) return stamp_text();
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(sec), static_cast<long long>(nsec / 1000));
    return buf;
  }

  // utime_t::localtime() as operator<< prints an instant, in UTC (the simulated clock's zone):
  // "2026-11-21T04:49:14.105183+0000". The civil date from the days since 1970-01-01
  // (Howard Hinnant's days_from_civil inverse): arithmetic only, no time zone database.
  std::string stamp_text() const {
    const std::int64_t days = (sec >= 0 ? sec : sec - 86399) / 86400;
    const std::int64_t secs = sec - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[128];  // (room for any int64 fields: the compiler checks the worst case)
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lld+0000", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                  static_cast<long long>(nsec / 1000));
    return buf;
  }
};

}  // namespace monsim::userspace
