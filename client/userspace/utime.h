// utime_t (include/utime.h): a wall-clock instant or a span as seconds and nanoseconds, with
// Ceph's own arithmetic. The MonClient's timing rules compare these at exact boundaries
// (`now > last_keepalive + 10`, `interval > 30`), so the conversions are Ceph's, not a fit:
// adding a double splits it with trunc() and rounds nothing; comparing with a double converts
// the utime_t to double first.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>

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
  // operator-(utime_t, utime_t)
  friend Utime operator-(const Utime& a, const Utime& b) {
    Utime d{a.sec - b.sec, a.nsec - b.nsec};
    d.normalize();
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
};

}  // namespace monsim::userspace
