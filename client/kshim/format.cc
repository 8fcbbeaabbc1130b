// The kernel's vsnprintf() as libceph uses it, and printk(): the C library's conversions for
// numbers and strings, and the kernel's %p extensions (lib/vsprintf.c): %pU (a UUID, its bytes
// in order), %pI4 and %pIS[p][c] (an IPv4 address, a sockaddr with its port), and a bare %p
// (alloc_ids.h: the allocation's number, the same on every run). As the kernel's, %p takes
// every letter and digit after it as part of the conversion.
#include <cctype>
#include <charconv>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "client/kshim/alloc_ids.h"
#include "client/kshim/context.h"
#include "client/kshim/include/linux/kshim.h"

namespace {

constexpr unsigned short kAfInet = 2, kAfInet6 = 10;

std::string uuid_text(const unsigned char* b) {
  char out[40];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

std::string ipv4_text(const unsigned char* a) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
}

// %pIS[p][c]: a struct sockaddr (IPv4 as a.b.c.d, IPv6 as hex words), ":port" with 'p'.
std::string sockaddr_text(const void* sa, const std::string& ext) {
  unsigned short family;
  std::memcpy(&family, sa, sizeof family);
  const auto* bytes = static_cast<const unsigned char*>(sa);
  const unsigned port = (bytes[2] << 8) | bytes[3];  // sin_port / sin6_port, network order
  const bool with_port = ext.find('p') != std::string::npos;
  if (family == kAfInet) return ipv4_text(bytes + 4) + (with_port ? ":" + std::to_string(port) : "");
  if (family == kAfInet6) {
    std::string t;
    for (int i = 0; i < 8; ++i) {
      char w[8];
      std::snprintf(w, sizeof w, "%s%x", i ? ":" : "", (bytes[8 + 2 * i] << 8) | bytes[9 + 2 * i]);
      t += w;
    }
    return with_port ? "[" + t + "]:" + std::to_string(port) : t;
  }
  return "(unknown address family " + std::to_string(family) + ")";
}

std::string pointer_text(const void* p, const std::string& ext) {
  if (!p) return "(null)";
  if (ext.rfind("U", 0) == 0) return uuid_text(static_cast<const unsigned char*>(p));
  if (ext.rfind("I4", 0) == 0 || ext.rfind("i4", 0) == 0) return ipv4_text(static_cast<const unsigned char*>(p));
  if (ext.rfind("IS", 0) == 0 || ext.rfind("iS", 0) == 0) return sockaddr_text(p, ext.substr(2));
  char out[24];
  std::snprintf(out, sizeof out, "%016llx",
                static_cast<unsigned long long>(monsim::kshim::alloc_ids().shown(p)));
  return out;
}

// The arguments, walked by one conversion after another (a va_list passed by reference).
struct Args {
  va_list ap;
};

// A whole number in decimal or hex, appended (the common conversions' fast way: no spec to
// build, no call into printf for most of a MonClient's log lines).
template <typename T>
void append_number(std::string& out, T v, int base) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, base);
  out.append(buf, r.ptr);
}

// A conversion spec, just after its '%': flags, width and precision (`*` or digits), length
// modifier, conversion letter.
struct Spec {
  std::size_t start = 0, len_start = 0, end = 0;  // where it, its length modifier and it end
  std::string_view len;
  char c = 0;
  bool plain = false;  // no flags, width or precision
  bool wide = false, longish = false;
};

Spec parse_spec(const char* fmt, std::size_t i) {
  Spec s;
  s.start = i;
  while (fmt[i] && std::strchr("-+ 0#", fmt[i])) ++i;
  if (fmt[i] == '*') ++i;
  while (std::isdigit(static_cast<unsigned char>(fmt[i]))) ++i;
  if (fmt[i] == '.') {
    ++i;
    if (fmt[i] == '*') ++i;
    while (std::isdigit(static_cast<unsigned char>(fmt[i]))) ++i;
  }
  s.plain = i == s.start;
  s.len_start = i;
  while (fmt[i] && std::strchr("hlzjtL", fmt[i])) ++i;
  s.len = std::string_view(fmt + s.len_start, i - s.len_start);
  s.c = fmt[i];
  if (s.c) ++i;
  s.end = i;
  s.wide = s.len == "ll" || s.len == "L";
  s.longish = s.len == "l" || s.len == "z" || s.len == "t" || s.len == "j";
  return s;
}

// A plain %d, %i, %u or %x: the fast way.
void append_plain_integer(const Spec& s, Args& args, std::string& out) {
  const int base = s.c == 'x' ? 16 : 10;
  const bool is_signed = s.c == 'd' || s.c == 'i';
  if (s.wide) {
    const long long v = va_arg(args.ap, long long);
    is_signed ? append_number(out, v, base) : append_number(out, static_cast<unsigned long long>(v), base);
  } else if (s.longish) {
    const long v = va_arg(args.ap, long);
    is_signed ? append_number(out, v, base) : append_number(out, static_cast<unsigned long>(v), base);
  } else {
    const int v = va_arg(args.ap, int);
    if (s.len == "hh") is_signed ? append_number(out, static_cast<signed char>(v), base)
                                 : append_number(out, static_cast<unsigned char>(v), base);
    else if (s.len == "h") is_signed ? append_number(out, static_cast<short>(v), base)
                                     : append_number(out, static_cast<unsigned short>(v), base);
    else is_signed ? append_number(out, v, base) : append_number(out, static_cast<unsigned>(v), base);
  }
}

// The rest through the C library, with the spec as written (its '*' values taken first).
void append_via_libc(const char* fmt, const Spec& s, Args& args, std::string& out) {
  std::string spec = "%";
  spec.append(fmt + s.start, s.len_start - s.start);
  std::string full;
  for (std::size_t k = 0; k < spec.size(); ++k) {
    if (spec[k] != '*') {
      full += spec[k];
      continue;
    }
    full += std::to_string(va_arg(args.ap, int));
  }
  full.append(s.len);
  full += s.c;
  char buf[512];
  switch (s.c) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
      if (s.wide) std::snprintf(buf, sizeof buf, full.c_str(), va_arg(args.ap, long long));
      else if (s.longish) std::snprintf(buf, sizeof buf, full.c_str(), va_arg(args.ap, long));
      else std::snprintf(buf, sizeof buf, full.c_str(), va_arg(args.ap, int));
      out += buf;
      return;
    case 'c':
      std::snprintf(buf, sizeof buf, full.c_str(), va_arg(args.ap, int));
      out += buf;
      return;
    case 's': {
      const char* str = va_arg(args.ap, const char*);
      std::string t(std::max<std::size_t>(std::strlen(str ? str : "(null)") + 64, sizeof buf), '\0');
      std::snprintf(t.data(), t.size(), full.c_str(), str ? str : "(null)");
      out += t.c_str();
      return;
    }
    default:
      out += full;  // not a conversion the kernel's C here uses: shown as written
  }
}

// One conversion of `fmt` at `*pos` (just after '%'), appended to `out`.
void convert(const char* fmt, std::size_t* pos, Args& args, std::string& out) {
  const Spec s = parse_spec(fmt, *pos);
  *pos = s.end;
  if (s.plain && (s.c == 'd' || s.c == 'i' || s.c == 'u' || s.c == 'x')) return append_plain_integer(s, args, out);
  if (s.plain && s.c == 's') {
    const char* str = va_arg(args.ap, const char*);
    out += str ? str : "(null)";
    return;
  }
  if (s.c == 'p') {
    const void* p = va_arg(args.ap, const void*);
    std::size_t i = s.end;
    std::string ext;
    while (std::isalnum(static_cast<unsigned char>(fmt[i]))) ext += fmt[i++];
    *pos = i;
    out += pointer_text(p, ext);
    return;
  }
  if (s.c == '%') {
    out += '%';
    return;
  }
  append_via_libc(fmt, s, args, out);
}

std::string format(const char* fmt, va_list ap) {
  Args args;
  va_copy(args.ap, ap);
  std::string out;
  for (std::size_t i = 0; fmt[i];) {
    if (fmt[i] != '%') {
      out += fmt[i++];
      continue;
    }
    ++i;
    convert(fmt, &i, args, out);
  }
  va_end(args.ap);
  return out;
}

int copy_out(const std::string& text, char* buf, std::size_t size) {
  if (size > 0) {
    const std::size_t n = std::min(text.size(), size - 1);
    std::memcpy(buf, text.data(), n);
    buf[n] = '\0';
  }
  return static_cast<int>(text.size());
}

}  // namespace

extern "C" {

int kshim_vsnprintf(char* buf, std::size_t size, const char* fmt, va_list ap) {
  monsim::kshim::Keep keep;
  va_list copy;
  va_copy(copy, ap);
  const std::string text = format(fmt, copy);
  va_end(copy);
  return copy_out(text, buf, size);
}

int kshim_sprintf(char* buf, const char* fmt, ...) {
  monsim::kshim::Keep keep;
  va_list ap;
  va_start(ap, fmt);
  const std::string text = format(fmt, ap);
  va_end(ap);
  return copy_out(text, buf, text.size() + 1);
}

int kshim_snprintf(char* buf, std::size_t size, const char* fmt, ...) {
  monsim::kshim::Keep keep;
  va_list ap;
  va_start(ap, fmt);
  const std::string text = format(fmt, ap);
  va_end(ap);
  return copy_out(text, buf, size);
}

int kshim_printf_log(const char* func, const char* fmt, ...) {
  monsim::kshim::Keep keep;
  char level = '4';  // printk()'s default: MESSAGE_LOGLEVEL_DEFAULT
  if (fmt[0] == '\001' && fmt[1]) {
    level = fmt[1];
    fmt += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  std::string text = format(fmt, ap);
  va_end(ap);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  monsim::kshim::current().log(level, func, text);
  return static_cast<int>(text.size());
}

char* kstrdup(const char* s, unsigned int /* gfp */) {
  monsim::kshim::Keep keep;
  const std::size_t n = std::strlen(s) + 1;
  char* p = static_cast<char*>(kshim_alloc(n, false));
  std::memcpy(p, s, n);
  return p;
}

}  // extern "C"

extern "C" void* memchr_inv(const void* s, int c, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(s);
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  return nullptr;
}
