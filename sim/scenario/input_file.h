// Reading what a user hands monsim — a scenario, a kernel log, a trace, a summary, a sweep
// table — under one set of rules, so that no input can block, exhaust memory or run forever:
//
//   - regular files only: a FIFO, a device (/dev/zero) or a socket is refused before a byte is
//     read (opened O_NONBLOCK, so that opening a FIFO does not wait for a writer either);
//   - sized before reading: a file larger than the caller's bound is refused from fstat(2),
//     and one that grows past it while being read is refused too;
//   - lines streamed with a length bound: a line longer than the bound is skipped (or refused,
//     as the caller decides) without ever being held whole;
//   - text is UTF-8: the strings monsim writes into JSON must be, and a byte that is not is
//     reported with its line and column.
// Every failure is a sentence naming what is wrong ("is not a regular file (a FIFO, device or
// socket)", "is larger than 64 MiB, the limit for a kernel log", the errno's text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace monsim::sim {

// Reads `path` whole if it is a regular file of at most `max_bytes`. `what` names the kind of
// file in the messages ("a scenario file", "a kernel log").
bool read_input_file(const std::string& path, std::size_t max_bytes, const char* what, std::string* text,
                     std::string* error);

// "64 MiB", "1024 KiB", "300 bytes": a bound as the messages say it.
std::string size_text(std::uint64_t bytes);

// Lines of a regular file, one at a time, in memory bounded by `max_line`.
class LineReader {
 public:
  enum class Got { line, too_long, end, error };

  LineReader() = default;
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Opens `path` under the rules above (a regular file of at most `max_bytes`).
  bool open(const std::string& path, std::size_t max_bytes, std::size_t max_line, const char* what,
            std::string* error);
  // The next line, without its "\n" (and a "\r" before it). A line longer than `max_line` is
  // passed over to its end and reported as too_long (`line` is then empty). `error` (set once
  // error is returned) says what failed, or that the file grew past its bound.
  Got next(std::string* line);
  const std::string& error() const { return error_; }
  std::uint64_t line_number() const { return line_no_; }  // of the line just returned

 private:
  bool fill();

  int fd_ = -1;
  std::size_t max_bytes_ = 0, max_line_ = 0;
  std::uint64_t read_ = 0, line_no_ = 0;
  std::string path_, what_, error_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
};

// Is `s` well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF)? If not,
// `bad_at` is the offset of the first byte that is not.
bool valid_utf8(std::string_view s, std::size_t* bad_at = nullptr);

// `s` with every byte that is not part of well-formed UTF-8 replaced by `mark` ('?', or the
// report pages' U+FFFD).
std::string utf8_or_marks(std::string_view s, std::string_view mark = "?");

// The 1-based line and column of byte `offset` of `text`.
void line_and_column(std::string_view text, std::size_t offset, int* line, int* column);

}  // namespace monsim::sim
