// The `monsim` command. For now: `monsim net-demo`, a built-in run of the simulated network
// and messenger (the scenario runner comes with `monsim run`).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/engine.h"
#include "sim/net_demo.h"
#include "sim/results.h"
#include "sim/trace.h"
#include "sim/wall_clock.h"

namespace po = boost::program_options;
using namespace monsim::sim;

namespace {

constexpr int kExitUsage = 2;

int usage(const char* msg) {
  if (msg) std::fprintf(stderr, "monsim: %s\n", msg);
  std::fprintf(stderr,
               "usage: monsim net-demo [--seed N] [--out DIR] [--duration SECONDS]\n"
               "       monsim net-demo --help\n");
  return kExitUsage;
}

int net_demo(int argc, char** argv) {
  po::options_description opts("monsim net-demo: a built-in run of the simulated network");
  opts.add_options()("help,h", "this help")(
      "seed", po::value<std::uint64_t>()->default_value(1), "root seed")(
      "out", po::value<std::string>()->default_value("results/net-demo"), "run directory")(
      "duration", po::value<double>()->default_value(120), "simulated seconds");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return usage(e.what());
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }
  const std::uint64_t seed = vm["seed"].as<std::uint64_t>();
  const double duration = vm["duration"].as<double>();
  if (!(duration > 0)) return usage("--duration must be positive");
  const std::string out = vm["out"].as<std::string>();

  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));  // the seed comes first
  std::printf("model %s\n", Engine::model_description().c_str());
  std::fflush(stdout);

  WallTimer wall;
  RunDir dir(out);
  NetDemoResult r;
  {
    std::ofstream trace_file(dir.file("trace.jsonl"), std::ios::binary);
    TraceWriter trace(&trace_file);
    r = run_net_demo(seed, trace, static_cast<nanos>(duration * 1e9));
  }
  const double secs = wall.seconds();
  nlohmann::ordered_json summary;
  summary["seed"] = seed;
  summary["trace_hash"] = r.trace_hash;
  summary["trace_lines"] = r.lines;
  summary["simulated_s"] = to_seconds(r.end);
  summary["requests"] = r.requests;
  summary["replies"] = r.replies;
  summary["faults"] = r.faults;
  summary["hops"] = r.hops;
  std::ofstream(dir.file("summary.json")) << summary.dump(2) << "\n";
  std::string err;
  if (!dir.commit(&err)) {
    std::fprintf(stderr, "monsim: cannot write %s: %s\n", out.c_str(), err.c_str());
    return 3;
  }
  std::printf("net-demo: %llu requests, %llu replies, %llu faults, %llu monitor picks -> %s\n",
              static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.replies),
              static_cast<unsigned long long>(r.faults), static_cast<unsigned long long>(r.hops),
              out.c_str());
  std::printf("seed=%llu trace=%s simulated=%ss wall=%.3fs speedup=%.0fx\n",
              static_cast<unsigned long long>(seed), r.trace_hash.c_str(),
              format_seconds(r.end).c_str(), secs, secs > 0 ? to_seconds(r.end) / secs : 0.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(nullptr);
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(nullptr);
    return 0;
  }
  if (cmd == "net-demo") return net_demo(argc - 1, argv + 1);
  return usage(("unknown command '" + cmd + "'").c_str());
}
