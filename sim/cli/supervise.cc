#include "sim/cli/supervise.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

namespace monsim::sim {

namespace {

volatile sig_atomic_t g_interrupt = 0;
volatile pid_t g_child = 0;

void on_interrupt(int sig) {
  g_interrupt = sig;
  if (g_child > 0) ::kill(g_child, SIGKILL);  // async-signal-safe
}

}  // namespace

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

namespace {
struct sigaction g_old_int {}, g_old_term {};
}  // namespace

InterruptGuard::InterruptGuard() {
  struct sigaction act {};
  act.sa_handler = on_interrupt;
  sigemptyset(&act.sa_mask);
  act.sa_flags = 0;  // no SA_RESTART: waitpid() returns with EINTR
  g_interrupt = 0;
  ::sigaction(SIGINT, &act, &g_old_int);
  ::sigaction(SIGTERM, &act, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
}

int InterruptGuard::received() { return g_interrupt; }

namespace {

// Forks; the child runs `child` and exits with its status (never returns). -1 if fork failed.
pid_t fork_child(const std::function<int()>& child) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(3);  // the parent died before prctl()
  int rc = 3;
  try {
    rc = child();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monsim: internal error: %s\n", e.what());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::_exit(rc);
}

void set_status(ChildOutcome& out, int status) {
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) out.signal = WTERMSIG(status);
}

}  // namespace

pid_t ChildPool::start(const std::function<int()>& child) {
  if (g_interrupt) return -1;
  const pid_t pid = fork_child(child);
  if (pid > 0) running_.push_back(pid);
  return pid;
}

bool ChildPool::wait_any(Ended* ended) {
  while (!running_.empty()) {
    if (g_interrupt) return false;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;  // an interrupt: seen at the top
      return false;
    }
    auto it = std::find(running_.begin(), running_.end(), pid);
    if (it == running_.end()) continue;  // not one of ours
    running_.erase(it);
    ended->pid = pid;
    ended->outcome = ChildOutcome{};
    set_status(ended->outcome, status);
    return true;
  }
  return false;
}

void ChildPool::kill_all() {
  for (pid_t pid : running_) ::kill(pid, SIGKILL);
  for (pid_t pid : running_) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  running_.clear();
}

ChildPool::~ChildPool() { kill_all(); }

ChildOutcome run_supervised(const std::function<int()>& child) {
  ChildOutcome out;
  if (g_interrupt) {
    out.interrupted_by = g_interrupt;
    return out;
  }
  const pid_t pid = fork_child(child);
  if (pid < 0) {
    std::fprintf(stderr, "monsim: cannot start the run: fork: %s\n", std::strerror(errno));
    out.exit_code = 3;
    return out;
  }
  g_child = pid;
  if (g_interrupt) ::kill(pid, SIGKILL);  // a signal between fork() and here
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      status = 3 << 8;
      break;
    }
  }
  g_child = 0;
  set_status(out, status);
  out.interrupted_by = g_interrupt;
  return out;
}

}  // namespace monsim::sim
