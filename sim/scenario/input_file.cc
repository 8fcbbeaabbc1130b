#include "sim/scenario/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace monsim::sim {

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// Opens `path` for reading if it is a regular file of at most `max_bytes`; -1 and `error`
// otherwise. O_NONBLOCK: opening a FIFO must not wait for a writer.
int open_regular(const std::string& path, std::size_t max_bytes, const char* what, std::string* error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = std::string("cannot open the file: ") + std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    *error = std::string("cannot read the file: ") + std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    *error = std::string("is a directory, not ") + what;
  } else if (!S_ISREG(st.st_mode)) {
    *error = std::string("is not a regular file (a FIFO, device or socket); ") + what + " is read from a file";
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    *error = "is larger than " + size_text(max_bytes) + ", the limit for " + what;
  } else {
    return fd;
  }
  ::close(fd);
  return -1;
}

// read(2) that retries on EINTR.
ssize_t read_some(int fd, char* buf, std::size_t n) {
  for (;;) {
    const ssize_t got = ::read(fd, buf, n);
    if (got >= 0 || errno != EINTR) return got;
  }
}

}  // namespace

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0 && bytes / (1u << 20) < 1024 * 1024)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

bool read_input_file(const std::string& path, std::size_t max_bytes, const char* what, std::string* text,
                     std::string* error) {
  const int fd = open_regular(path, max_bytes, what, error);
  if (fd < 0) return false;
  text->clear();
  char buf[kChunk];
  bool ok = true;
  for (;;) {
    const ssize_t n = read_some(fd, buf, sizeof buf);
    if (n < 0) {
      *error = std::string("cannot read the file: ") + std::strerror(errno);
      ok = false;
      break;
    }
    if (n == 0) break;
    text->append(buf, static_cast<std::size_t>(n));
    if (text->size() > max_bytes) {  // it grew while we read it
      *error = "is larger than " + size_text(max_bytes) + ", the limit for " + what;
      ok = false;
      break;
    }
  }
  ::close(fd);
  if (!ok) text->clear();
  return ok;
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::open(const std::string& path, std::size_t max_bytes, std::size_t max_line, const char* what,
                      std::string* error) {
  fd_ = open_regular(path, max_bytes, what, error);
  if (fd_ < 0) return false;
  path_ = path;
  what_ = what;
  max_bytes_ = max_bytes;
  max_line_ = max_line;
  return true;
}

// Appends up to one chunk to the buffer (dropping what was consumed first). False at the end
// of the file or on an error (error_ set).
bool LineReader::fill() {
  if (eof_ || fd_ < 0) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const std::size_t had = buf_.size();
  buf_.resize(had + kChunk);
  const ssize_t n = read_some(fd_, buf_.data() + had, kChunk);
  if (n < 0) {
    buf_.resize(had);
    error_ = std::string("cannot read the file: ") + std::strerror(errno);
    eof_ = true;
    return false;
  }
  buf_.resize(had + static_cast<std::size_t>(n));
  read_ += static_cast<std::uint64_t>(n);
  if (read_ > max_bytes_) {  // it grew while we read it
    error_ = "is larger than " + size_text(max_bytes_) + ", the limit for " + what_;
    eof_ = true;
    return false;
  }
  if (n == 0) eof_ = true;
  return n > 0;
}

LineReader::Got LineReader::next(std::string* line) {
  line->clear();
  if (!error_.empty()) return Got::error;
  bool skipping = false;  // in a line longer than max_line_: its bytes are dropped as they come
  for (;;) {
    const std::size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      ++line_no_;
      const std::size_t len = nl - pos_;
      if (!skipping && len <= max_line_ + 1) {  // + 1: a "\r" before the "\n"
        line->assign(buf_, pos_, len);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        pos_ = nl + 1;
        if (line->size() <= max_line_) return Got::line;
        line->clear();
        return Got::too_long;
      }
      pos_ = nl + 1;
      return Got::too_long;
    }
    if (buf_.size() - pos_ > max_line_ + 1) {  // no end in sight within the bound: skip the rest of it
      skipping = true;
      buf_.clear();
      pos_ = 0;
    }
    if (!fill()) {
      if (!error_.empty()) return Got::error;
      if (pos_ >= buf_.size() && !skipping) return Got::end;
      ++line_no_;  // the last line, without a newline
      if (skipping || buf_.size() - pos_ > max_line_) {
        buf_.clear();
        pos_ = 0;
        return Got::too_long;
      }
      line->assign(buf_, pos_, std::string::npos);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      buf_.clear();
      pos_ = 0;
      return Got::line;
    }
  }
}

bool valid_utf8(std::string_view s, std::size_t* bad_at) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  auto fail = [&] {
    if (bad_at) *bad_at = i;
    return false;
  };
  while (i < n) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;  // no surrogates
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c == 0xF4) len = 4, hi = 0x8F;  // nothing past U+10FFFF
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else return fail();
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return fail();
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return fail();
    i += len;
  }
  return true;
}

std::string utf8_or_marks(std::string_view s, std::string_view mark) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    std::size_t bad = 0;
    if (valid_utf8(s, &bad)) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out += mark;
    s.remove_prefix(bad + 1);
  }
  return out;
}

void line_and_column(std::string_view text, std::size_t offset, int* line, int* column) {
  *line = 1;
  *column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++*line;
      *column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++*column;  // a column is a character, not a byte
    }
  }
}

}  // namespace monsim::sim
