#include "sim/cli/plot.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <boost/program_options.hpp>

#include "sim/cli/command_line.h"
#include "sim/cli/exit_codes.h"

namespace monsim::sim {

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

// Runs `argv` (argv[0] a path) and waits; its exit status (127 when it could not start).
int run_program(const std::vector<std::string>& argv, bool quiet) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (quiet) {  // a probe: its complaints are not the user's business
      std::FILE* null = std::freopen("/dev/null", "w", stderr);
      (void)null;
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (pid < 0) return 127;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

std::string plot_script() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = self.parent_path().parent_path() / "share" / "monsim" / "plot.py";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return MONSIM_SOURCE_DIR "/scripts/plot.py";
}

std::string plot_python() {
  std::vector<std::string> candidates = {"/usr/bin/python3"};
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    for (std::size_t at = 0; at <= p.size();) {
      const std::size_t colon = std::min(p.find(':', at), p.size());
      const std::string dir = p.substr(at, colon - at);
      if (!dir.empty() && dir[0] == '/') candidates.push_back(dir + "/python3");
      at = colon + 1;
    }
  }
  for (const auto& py : candidates) {
    std::error_code ec;
    if (!fs::exists(py, ec)) continue;
    if (run_program({py, "-c", "import matplotlib"}, true) == 0) return py;
  }
  return "";
}

int plot_dirs(const std::vector<std::string>& args) {
  const std::string python = plot_python();
  if (python.empty()) {
    std::fprintf(stderr,
                 "monsim: plot: no python3 here has matplotlib (tried /usr/bin/python3 and each python3 on PATH): "
                 "install Debian's python3-matplotlib (apt-get install python3-matplotlib)\n");
    return kInternal;
  }
  std::vector<std::string> argv = {python, plot_script()};
  argv.insert(argv.end(), args.begin(), args.end());
  const int rc = run_program(argv, false);
  if (rc == 127) std::fprintf(stderr, "monsim: plot: cannot run %s\n", python.c_str());
  return rc;
}

int cmd_plot(int argc, char** argv) {
  po::options_description opts(
      "monsim plot DIR...: the plots of runs (a run directory, or a scenario folder: its latest run), a comparison "
      "of\nseveral runs (compare, compare-timeline), or a sweep's (its directory)");
  opts.add_options()("help,h", "this help")("dirs", po::value<std::vector<std::string>>(), "run, scenario or sweep directories")(
      "out", po::value<std::string>(), "where a comparison's plots go (default: the first run's plots/)")(
      "formats", po::value<std::string>(), "png,svg (default both)");
  po::variables_map vm;
  int rc = 0;
  if (!parse(argc, argv, opts, "dirs", -1, vm, &rc)) return rc;
  if (!vm.count("dirs")) return usage("plot: which runs?");
  std::vector<std::string> args;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) return refuse("plot: " + d + ": not a directory (a run, a scenario folder or a sweep)");
    args.push_back(d);
  }
  if (vm.count("out")) args.insert(args.end(), {"--out", vm["out"].as<std::string>()});
  if (vm.count("formats")) args.insert(args.end(), {"--formats", vm["formats"].as<std::string>()});
  rc = plot_dirs(args);
  return rc == 0 ? kPass : rc == 2 ? kUsage : kInternal;
}

}  // namespace monsim::sim
