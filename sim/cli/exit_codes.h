// The exit status of every monsim command, by class of failure (TigerBeetle's rule: a CI job
// tells "the code under test failed" from "the tool failed" by the number alone).
//
//   0    pass: every expectation met, no invariant breached
//   1    an expectation or a baseline missed (a test failure)
//   2    usage or scenario error: nothing run (file:line:col names the problem)
//   3    monsim itself failed: a run crashed, its results could not be written
//   4    an invariant breached that no expectation names (a test failure; results written)
//   128+N  interrupted by signal N (SIGINT 130, SIGTERM 143)
//
// README.md ("Exit codes"), the man page and `monsim --help` print this table; a test holds
// them to it (tests/scenarios/cli_help).
#pragma once

namespace monsim::sim {

inline constexpr int kPass = 0, kMiss = 1, kUsage = 2, kInternal = 3, kBreach = 4;

// The table above as `--help` prints it.
inline constexpr const char* kExitCodesText =
    "exit codes:\n"
    "  0  pass: every expectation met, no invariant breached\n"
    "  1  an expectation or a baseline missed\n"
    "  2  usage or scenario error: nothing run\n"
    "  3  monsim failed: a run crashed or its results could not be written\n"
    "  4  an invariant breached that no expectation names (its results are written)\n"
    "  128+N  interrupted by signal N (130 SIGINT, 143 SIGTERM)\n";

// The worse of two statuses, for a command made of many runs: an interrupt, then monsim's own
// failure, then an input error, then a breach, then a miss, then a pass.
constexpr int worse_exit(int a, int b) {
  auto rank = [](int rc) {
    switch (rc) {
      case kPass: return 0;
      case kMiss: return 1;
      case kBreach: return 2;
      case kUsage: return 3;
      case kInternal: return 4;
      default: return rc > 128 ? 6 : 5;  // an unknown status is monsim's failure too
    }
  };
  return rank(b) > rank(a) ? b : a;
}

// Did the run finish with its results written (pass, miss, breach)?
constexpr bool run_finished(int rc) { return rc == kPass || rc == kMiss || rc == kBreach; }

}  // namespace monsim::sim
