#include "sim/report/file_out.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

namespace monsim::sim {

// A buffered streambuf onto a descriptor; a failed write(2) stops further writing and keeps
// its errno.
class FileOut::Buf : public std::streambuf {
 public:
  explicit Buf(int fd) : fd_(fd), data_(64 * 1024) { setp(data_.data(), data_.data() + data_.size()); }
  ~Buf() override {
    if (fd_ >= 0) ::close(fd_);
  }
  int error() const { return error_; }
  // Flushes and closes; the first errno of the file's life (0 if none).
  int finish() {
    flush();
    if (fd_ >= 0 && ::close(fd_) != 0 && !error_) error_ = errno;  // NFS reports a full disk here
    fd_ = -1;
    return error_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return flush() ? 0 : -1; }

 private:
  bool flush() {
    const char* p = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && !error_) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      else p += n, left -= static_cast<std::size_t>(n);
    }
    setp(data_.data(), data_.data() + data_.size());
    return !error_;
  }

  int fd_;
  int error_ = 0;
  std::vector<char> data_;
};

FileOut::FileOut() = default;
FileOut::~FileOut() = default;

std::string cannot_write(const std::filesystem::path& path, int err) {
  return "cannot write '" + path.string() + "': " + std::strerror(err);
}

bool FileOut::open(const std::filesystem::path& path, std::string* why) {
  path_ = path;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd < 0) {
    *why = cannot_write(path, errno);
    return false;
  }
  buf_ = std::make_unique<Buf>(fd);
  stream_ = std::make_unique<std::ostream>(buf_.get());
  return true;
}

std::ostream& FileOut::stream() { return *stream_; }

bool FileOut::close(std::string* why) {
  if (!buf_) return false;
  stream_->flush();
  const int err = buf_->finish();
  if (err) *why = cannot_write(path_, err);
  return err == 0;
}

bool write_text_file(const std::filesystem::path& path, const std::string& text, std::string* why) {
  FileOut out;
  if (!out.open(path, why)) return false;
  out.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
  return out.close(why);
}

void owner_umask() {
  const mode_t old = ::umask(0);
  ::umask(old & 077);
}

}  // namespace monsim::sim
