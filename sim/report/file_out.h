// Writing a file so that a failure says why. std::ofstream forgets errno; a full disk then
// reads "cannot write good". FileOut is an std::ostream onto a file descriptor that keeps
// the first error's errno, so every message can name it ("No space left on device").
//
// Files are created with mode 0666 less the umask, as any tool's; main() makes sure the umask
// leaves the owner able to read and write what monsim writes (see owner_umask()).
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace monsim::sim {

class FileOut {
 public:
  FileOut();
  ~FileOut();
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

  // Creates (or truncates) `path`. False and `why` (naming the path and the errno) if it cannot.
  bool open(const std::filesystem::path& path, std::string* why);
  std::ostream& stream();
  // Writes out what is buffered and closes. False and `why` if any write failed, naming the
  // first failure's errno.
  bool close(std::string* why);

 private:
  class Buf;
  std::unique_ptr<Buf> buf_;
  std::unique_ptr<std::ostream> stream_;
  std::filesystem::path path_;
};

// Writes `text` to `path` (created or truncated). False and `why` naming the errno.
bool write_text_file(const std::filesystem::path& path, const std::string& text, std::string* why);

// "cannot write 'PATH': No space left on device".
std::string cannot_write(const std::filesystem::path& path, int err);

// Called once at start-up: clears the owner's bits of the process's umask, so that what monsim
// writes is readable and writable by the user who ran it (a umask of 0777 would leave run
// directories no one but root can read, and monsim unable to finish its own). The group's and
// others' bits are the user's choice and stay.
void owner_umask();

}  // namespace monsim::sim
