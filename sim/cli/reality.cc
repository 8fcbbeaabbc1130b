#include "sim/cli/reality.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/cli/import_run.h"
#include "sim/cli/supervise.h"
#include "sim/report/kernel_log.h"
#include "sim/report/report_file.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario_load.h"

namespace monsim::sim {

namespace fs = std::filesystem;

std::string reality_driver() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = self.parent_path().parent_path() / "share" / "monsim" / "reality" / "driver.py";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return MONSIM_SOURCE_DIR "/scripts/reality/driver.py";
}

namespace {

// A file the lab wrote, kept in the run directory as it is (at most limits::kImportBytes).
bool read_text(const fs::path& p, std::string* out) {
  std::string why;
  return read_input_file(p.string(), limits::kImportBytes, "a lab log", out, &why);
}

// Runs the driver and waits for it. An interrupt monsim receives is passed on to the driver
// (once), which takes its lab down and exits; monsim waits for that.
int run_driver(const std::vector<std::string>& argv, int* interrupted) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  if (InterruptGuard::received()) {  // already asked to stop: no lab at all
    *interrupted = InterruptGuard::received();
    return 128 + *interrupted;
  }
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execv(args[0], args.data());
    std::perror("monsim: cannot run /usr/bin/python3");
    ::_exit(127);
  }
  int status = 0;
  bool passed_on = false;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
    if (InterruptGuard::received() && !passed_on) {
      ::kill(pid, InterruptGuard::received());
      passed_on = true;
    }
  }
  *interrupted = InterruptGuard::received();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

bool secure_root_dir(const std::string& text, std::string* why) {
  std::error_code ec;
  const fs::path dir = fs::absolute(text, ec).lexically_normal();
  fs::path at = dir.root_path();
  const fs::path relative = dir.relative_path();
  const std::vector<fs::path> parts(relative.begin(), relative.end());
  for (std::size_t i = 0; i <= parts.size(); ++i) {
    if (i > 0) at /= parts[i - 1];
    if (at.filename().empty() && i > 0) continue;  // a trailing slash
    const bool mine = i == parts.size();  // the work directory itself (and below: the driver checks)
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno != ENOENT) return *why = "cannot use " + at.string() + ": " + std::strerror(errno), false;
      if (::mkdir(at.c_str(), 0700) != 0 || ::lstat(at.c_str(), &st) != 0)
        return *why = "cannot create " + at.string() + ": " + std::strerror(errno), false;
      ::chmod(at.c_str(), 0700);
      st.st_mode = (st.st_mode & ~07777) | 0700;
    }
    if (S_ISLNK(st.st_mode))
      return *why = at.string() + " is a symbolic link: a root process's work directory must be reached without one",
             false;
    if (!S_ISDIR(st.st_mode)) return *why = at.string() + " is not a directory", false;
    if (st.st_uid != 0)
      return *why = at.string() + " belongs to uid " + std::to_string(st.st_uid) +
                    ", not root: whoever owns it could decide what root boots; give a directory of root's own", false;
    const bool others_write = (st.st_mode & 022) != 0;
    const bool sticky_world = (st.st_mode & 01002) == 01002;
    if (others_write && (mine || !sticky_world))
      return *why = at.string() + " is writable by others than root (mode " +
                    [&] { char m[8]; std::snprintf(m, sizeof m, "%04o", st.st_mode & 07777); return std::string(m); }() +
                    "): give a directory only root can write", false;
  }
  return true;
}

int run_reality(const RealityRun& r) {
  InterruptGuard guard;
  std::error_code ec;
  const fs::path work = fs::absolute(r.work, ec);  // checked: secure_root_dir()
  const fs::path logs = work / ("logs-" + std::to_string(::getpid()));
  if (::mkdir(logs.c_str(), 0700) != 0) {
    std::fprintf(stderr, "monsim: reality: cannot make %s: %s\n", logs.c_str(), std::strerror(errno));
    return 3;
  }
  const std::string plan_text = reality_plan_text(r.plan);
  std::string why;
  if (!write_file_atomically(logs / "plan.txt", plan_text, &why)) {
    std::fprintf(stderr, "monsim: reality: %s\n", why.c_str());
    return 3;
  }
  std::vector<std::string> argv = {"/usr/bin/python3", reality_driver(), "--plan", (logs / "plan.txt").string(),
                                   "--work", work.string(), "--logs", logs.string(), "--accel", r.accel};
  if (!r.kernel.empty()) argv.insert(argv.end(), {"--kernel", r.kernel, "--modules", r.modules});
  if (r.no_install) argv.push_back("--no-install");
  int interrupted = 0;
  const int rc = run_driver(argv, &interrupted);
  if (interrupted) {  // nothing imported: the earlier results stand
    fs::remove_all(logs, ec);
    std::fprintf(stderr, "monsim: reality: interrupted; %s left as it was\n", r.out.c_str());
    return 128 + interrupted;
  }
  if (rc != 0) {
    std::fprintf(stderr, "monsim: reality: the lab failed (driver exit %d); its logs are in %s\n", rc, logs.c_str());
    return 3;
  }
  // The client's own log: the guest's console, or librados' Ceph log.
  const std::string log_name = r.plan.client == "userspace" ? "client.log" : "guest-console.log";
  ImportSource src;
  src.log_file = (logs / log_name).string();
  src.faults_file = (logs / "faults-host.log").string();
  if (!read_log_file(src.log_file, r.plan.client == "userspace" ? "a Ceph client log" : "a kernel log", &src.log_text, &why) ||
      !read_log_file(src.faults_file, "a fault log", &src.faults_text, &why)) {
    std::fprintf(stderr, "monsim: reality: the driver's client or fault log in %s: %s\n", logs.c_str(), why.c_str());
    return 3;
  }
  std::string raw_console, raw_faults;  // kept as the lab wrote them
  read_text(src.log_file, &raw_console);
  read_text(src.faults_file, &raw_faults);
  src.monitors = r.scenario.monitor_names();
  src.scenario = r.scenario.name;
  src.plan = &r.scenario;
  std::string versions;
  read_text(logs / "versions.txt", &versions);
  src.raw_files = {{log_name, raw_console}, {"faults-host.log", raw_faults},
                   {"plan.txt", plan_text}, {"versions.txt", versions}, {"scenario.yaml", dump_scenario(r.scenario)}};
  for (const auto& mon : src.monitors) {  // what each real monitor said about the guest and its quorum
    std::string text;
    if (read_text(logs / (mon + ".log"), &text)) src.raw_files.emplace_back(mon + ".log", std::move(text));
  }
  // In the run directory, the raw logs are beside what was read from them.
  src.log_file = log_name;
  src.faults_file = "faults-host.log";
  const int imported = write_imported_run(src, r.out);
  if (imported == 0) {
    fs::remove_all(logs, ec);
    std::printf("beside the simulated run: monsim check %s --against %s\n", r.scenario.file.c_str(), r.out.c_str());
  } else {
    std::fprintf(stderr, "monsim: reality: the lab's logs are kept in %s\n", logs.c_str());
  }
  return imported;
}

}  // namespace monsim::sim
