// Running a simulation in a child process, so that whatever becomes of it — it finishes, it
// crashes, the user interrupts it — the parent is there to clean up and say what happened.
//
// SimGrid allows one engine per process, and a library abort inside it cannot be caught, so
// every run gets a process of its own. While the parent waits, SIGINT and SIGTERM sent to it
// kill the child (SIGKILL) and are reported in the outcome; the child ignores both (a Ctrl-C
// reaches the whole process group, and it is the parent's to act on), and dies with the parent
// (PR_SET_PDEATHSIG), so an orphan never goes on writing after monsim is gone.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace monsim::sim {

struct ChildOutcome {
  int exit_code = -1;      // the child's exit status, when it exited
  int signal = 0;          // the signal that killed it, when one did
  int interrupted_by = 0;  // SIGINT or SIGTERM received by monsim while it waited (0: none)
};

// While one lives, SIGINT and SIGTERM do not end monsim: they are noted (and kill the child
// of run_supervised(), if one runs). Create it before anything is written, so that no
// interrupt can leave half a run behind.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  // The signal received so far (0: none).
  static int received();
};

// Forks, runs `child` in the child (its return value is the exit status; an exception ends
// it with status 3 and a message), and waits. Does not fork if an interrupt has already been
// received. Only the main thread of a single-threaded process may call it, with an
// InterruptGuard alive.
ChildOutcome run_supervised(const std::function<int()>& child);

// Several runs at once, each in a child process as run_supervised() runs one (a sweep).
// Only the main thread of a single-threaded process may use it, with an InterruptGuard
// alive. An interrupt does not kill the children: wait_any() returns false and the caller
// decides (kill_all(), which the destructor also does).
class ChildPool {
 public:
  ChildPool() = default;
  ~ChildPool();
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;

  // Forks a child running `child` (as run_supervised()); its pid, or -1 if fork failed or an
  // interrupt was received.
  pid_t start(const std::function<int()>& child);
  struct Ended {
    pid_t pid = 0;
    ChildOutcome outcome;  // interrupted_by is not set here: see InterruptGuard::received()
  };
  // Blocks until one of the children ends. False when none is running or an interrupt came.
  bool wait_any(Ended* ended);
  // SIGKILL to every child still running, and reaps them.
  void kill_all();
  std::size_t running() const { return running_.size(); }

 private:
  std::vector<pid_t> running_;
};

// "SIGINT", "SIGABRT", ...
std::string signal_name(int sig);

}  // namespace monsim::sim
