#include "sim/cli/plot.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace monsim::sim {

namespace fs = std::filesystem;

std::string plot_script() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = self.parent_path().parent_path() / "share" / "monsim" / "plot.py";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return MONSIM_SOURCE_DIR "/scripts/plot.py";
}

int plot_run(const std::string& dir) {
  const std::string script = plot_script();
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/usr/bin/python3", "python3", script.c_str(), dir.c_str(), static_cast<char*>(nullptr));
    std::perror("monsim: cannot run /usr/bin/python3");
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace monsim::sim
