#include "tests/sim/sim_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>
#include <simgrid/s4u/Actor.hpp>

namespace monsim::sim::testing {

namespace {
int g_report_fd = -1;
}

void report(const std::string& text) {
  if (g_report_fd >= 0) {
    [[maybe_unused]] auto n = ::write(g_report_fd, text.data(), text.size());
  }
}

std::string run_simulation(const std::function<void()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return {};
  }
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    g_report_fd = fds[1];
    body();
    const bool failed = ::testing::Test::HasFailure();
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(failed ? 1 : 0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status)) << "simulation crashed (signal " << WTERMSIG(status) << ")";
  if (WIFEXITED(status)) {
    EXPECT_EQ(WEXITSTATUS(status), 0) << "simulation failed (see above)";
  }
  return out;
}

void run_script(Engine& engine, simgrid::s4u::Host* host, std::function<void()> fn, nanos end) {
  simgrid::s4u::Actor::create("script", host, std::move(fn));
  engine.run_until(end);
}

const Recorder::Event* Recorder::first(const std::string& what) const {
  for (const auto& e : events)
    if (e.what == what) return &e;
  return nullptr;
}

int Recorder::count(const std::string& what) const {
  int n = 0;
  for (const auto& e : events) n += e.what == what;
  return n;
}

}  // namespace monsim::sim::testing
