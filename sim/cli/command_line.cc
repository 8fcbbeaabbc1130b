#include "sim/cli/command_line.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "sim/cli/exit_codes.h"
#include "sim/cli/runner.h"
#include "sim/report/staged_dir.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario_load.h"

namespace monsim::sim {

namespace po = boost::program_options;

namespace {
std::string g_command;
}  // namespace

void set_command(const std::string& name) { g_command = name; }

const char* const kUsageText =
    "usage: monsim run SCENARIO.yaml [--seed N] [--out DIR] [--set key.path=value]... [--client-logic L] [--trace LEVEL] [--max-trace SIZE] [--quiet] [--plot] [--no-html]\n"
    "       monsim check SCENARIO.yaml... [--junit FILE] [--baselines DIR] [--update-baselines] [--against REAL_RUN] [--seed N] [--set key.path=value]... [--client-logic L] [--out DIR] [--trace LEVEL] [--verbose] [--no-html]\n"
    "       monsim sweep SCENARIO.yaml --seeds A..B [--vary key=v1,v2,...]... [--set key.path=value]... [--client-logic L] [--jobs N] [--shard K/N] [--out DIR] [--keep-runs] [--junit FILE] [--trace LEVEL] [--no-html]\n"
    "       monsim merge SWEEP_DIR... --out DIR [--no-html]\n"
    "       monsim explore BASE.yaml --runs N [--seed S] [--set key.path=value]... [--client-logic L] [--max-faults N] [--kinds K,...] [--shrink-runs N] [--jobs J] [--shard K/N] [--out DIR] [--junit FILE] [--no-html]\n"
    "       monsim import CLIENT_LOG [--faults HOST_FAULT_LOG] [--scenario S] --out DIR\n"
    "       monsim reality SCENARIO.yaml [--set key.path=value]... [--client kernel|userspace] [--kernel VMLINUZ --modules DIR] [--out DIR] [--work DIR] [--accel auto|kvm|tcg] [--plan-only] [--skip-unsupported] [--no-install]\n"
    "       monsim diff RUN_A RUN_B [--ignore FIELD,...] [--before N] [--after N]\n"
    "       monsim compare SCENARIO.yaml --client-logic A,B,... [--seed N] [--set key.path=value]... [--out DIR] [--no-plot] [--no-html]\n"
    "       monsim plot DIR... [--out DIR] [--formats png,svg]\n"
    "       monsim prune DIR... --keep N [--dry-run]\n"
    "       monsim validate SCENARIO.yaml...\n"
    "       monsim COMMAND --help\n"
    "       monsim --version\n";

// The subcommands, for --help and for "did you mean".
const std::vector<std::pair<std::string, std::string>> kCommands = {
    {"run", "run one scenario and write its results directory"},
    {"check", "run scenarios, check their expectations and baselines, write JUnit"},
    {"sweep", "run one scenario over many seeds and varied values, as one table"},
    {"merge", "join the shards of a sweep into one table"},
    {"explore", "random fault schedules with the invariant checkers; a breach shrunk to a minimal scenario"},
    {"import", "a real client's kernel log as a run directory (trace, summary, sessions)"},
    {"reality", "play a scenario on real ceph-mon processes and a real kernel or librados client (root), imported as a run"},
    {"diff", "where two runs' traces part (two builds, or two logics on the same faults)"},
    {"compare", "one scenario under several client logics: a table of the key metrics, and the compare plots"},
    {"plot", "the plots of runs, of a comparison of runs, or of a sweep"},
    {"prune", "keep a scenario folder's newest runs, remove the rest (only what monsim wrote)"},
    {"validate", "check scenarios without running them"},
};


int usage(const std::string& msg) {
  if (!msg.empty()) std::fprintf(stderr, "monsim: %s\n", msg.c_str());
  std::istringstream lines(kUsageText);
  std::string line, shown;
  const std::string mine = "monsim " + g_command + " ";
  while (!g_command.empty() && std::getline(lines, line))
    if (line.find(mine) != std::string::npos) shown += (shown.empty() ? "usage: " : "       ") + line.substr(line.find(mine)) + "\n";
  if (shown.empty()) std::fputs(kUsageText, stderr);
  else std::fprintf(stderr, "%s       %s--help\n", shown.c_str(), mine.c_str());
  return kUsage;
}

int refuse(const std::string& why) {
  std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return kUsage;
}

void add_override_options(po::options_description& opts, const char* set_help) {
  opts.add_options()("set", po::value<std::vector<std::string>>()->composing(), set_help)(
      "client-logic", po::value<std::string>(), kLogicsHelp);
}

std::vector<std::string> set_overrides(const po::variables_map& vm) {
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("client-logic")) sets.push_back("clients.logic=" + vm["client-logic"].as<std::string>());
  return sets;
}

// The overrides of a command line, as --set specs (validated like the file).
std::vector<std::string> overrides(const po::variables_map& vm) {
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("seed")) sets.push_back("seed=" + vm["seed"].as<std::string>());
  if (vm.count("client-logic")) sets.push_back("clients.logic=" + vm["client-logic"].as<std::string>());
  return sets;
}

// Load and validate, including what this machine can hold; prints the first problems (and
// hands them to `shown_text`, for a report).
bool load(const std::string& file, const std::vector<std::string>& sets, Scenario* s, std::string* shown_text) {
  LoadResult r = load_scenario_file(file, sets, s);
  if (r.ok) r.errors = check_machine_limits(*s);
  const std::size_t shown = std::min(r.errors.size(), limits::kErrorsShown);
  std::string text;
  for (std::size_t i = 0; i < shown; ++i) text += r.errors[i] + "\n";
  const std::size_t more = r.errors.size() - shown + r.more;
  if (more) text += file + ": ... and " + std::to_string(more) + " more problems\n";
  std::fputs(text.c_str(), stderr);
  if (shown_text) *shown_text = text;
  return r.errors.empty();
}

// Parses a subcommand's options; its positional arguments are option `positional` (at most
// `count` of them, -1 for any number). False, with the exit status in `rc`, when the command
// is done (an error, or --help printed).
bool parse(int argc, char** argv, po::options_description& opts, const char* positional, int count,
           po::variables_map& vm, int* rc) {
  po::positional_options_description pos;
  pos.add(positional, count);
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    // "did you mean": the nearest of this command's long options.
    std::vector<std::string> names;
    for (const auto& o : opts.options())
      if (!o->long_name().empty()) names.push_back("--" + o->long_name());
    const std::string name = e.get_option_name();
    const std::string hint = closest(name, names);
    // "-lead.yaml": a file whose name starts with a dash reads as an option.
    const bool file_like = name.size() > 1 && name[0] == '-' && name[1] != '-' && name.find('.') != std::string::npos;
    *rc = usage(std::string(e.what()) +
                (file_like ? "; a file whose name starts with '-': write ./" + name + ", or give it after --"
                           : hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    return false;
  } catch (const po::error& e) {
    *rc = usage(e.what());
    return false;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n" << kExitCodesText;
    *rc = kPass;
    return false;
  }
  // The paths monsim writes to: refused now, not after the runs.
  for (const char* path : {"out", "junit", "baselines"}) {
    std::string why;
    if (vm.count(path) && !out_path_ok(vm[path].as<std::string>(), (std::string("--") + path).c_str(), &why)) {
      *rc = usage(why);
      return false;
    }
  }
  return true;
}

// --trace LEVEL (full if not given).
bool trace_level(const po::variables_map& vm, TraceWriter::Level* level, std::string* why) {
  if (!vm.count("trace")) return true;
  const std::string text = vm["trace"].as<std::string>();
  if (TraceWriter::parse_level(text, level)) return true;
  *why = "--trace: '" + text + "' is not full, events or off";
  return false;
}


// "A..B" or "N": the seeds, A <= B.
bool parse_seeds(const std::string& text, std::uint64_t* first, std::uint64_t* last) {
  const auto dots = text.find("..");
  auto number = [](const std::string& t, std::uint64_t* x) {
    if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos || t.size() > 20) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), *x);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  if (dots == std::string::npos) return number(text, first) && number(text, last);
  return number(text.substr(0, dots), first) && number(text.substr(dots + 2), last) && *first <= *last;
}

// "key=v1,v2,...": the key and its values (split at the commas outside brackets and quotes).
bool parse_vary(const std::string& text, std::string* key, std::vector<std::string>* values, std::string* why) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    *why = "--vary '" + text + "': expected key.path=v1,v2,...";
    return false;
  }
  *key = text.substr(0, eq);
  // Each value is a cell of sweep.csv and a key of sweep.json: one line of text.
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    *why = "--vary '" + *key + "=…': a line break or another control character in it: a value is one line of text";
    return false;
  }
  if (*key == "seed") {
    *why = "--vary seed: give the seeds with --seeds A..B";
    return false;
  }
  // Split at the commas outside brackets and quotes: a value may be a YAML list or map
  // (network.links=[],[{between: [client.*, mon.b], latency: 250ms}]).
  values->clear();
  std::string value;
  int depth = 0;
  char quote = 0;
  for (char c : text.substr(eq + 1) + ",") {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      if (value.empty()) {
        *why = "--vary '" + text + "': an empty value";
        return false;
      }
      values->push_back(value);
      value.clear();
      continue;
    }
    value += c;
  }
  if (values->size() > limits::kSweepValues) {
    *why = "--vary " + *key + ": more than " + std::to_string(limits::kSweepValues) + " values";
    return false;
  }
  return true;
}

// --jobs (default: the processors) and --shard K/N of a sweep or an exploration.
bool jobs_and_shard(const po::variables_map& vm, std::size_t* jobs, std::size_t* shard, std::size_t* shards,
                    std::string* why) {
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  *jobs = cores > 0 ? static_cast<std::size_t>(cores) : 1;
  if (vm.count("jobs")) {
    const std::string j = vm["jobs"].as<std::string>();
    if (j.empty() || j.size() > 4 || j.find_first_not_of("0123456789") != std::string::npos || std::stoul(j) < 1 ||
        std::stoul(j) > limits::kSweepJobs) {
      *why = "--jobs '" + j + "': a number from 1 to " + std::to_string(limits::kSweepJobs);
      return false;
    }
    *jobs = std::stoul(j);
  }
  if (vm.count("shard")) {
    const std::string t = vm["shard"].as<std::string>();
    const auto slash = t.find('/');
    std::uint64_t k = 0, n = 0;
    if (slash == std::string::npos || !parse_seeds(t.substr(0, slash), &k, &k) ||
        !parse_seeds(t.substr(slash + 1), &n, &n) || k < 1 || k > n || n > limits::kSweepRuns) {
      *why = "--shard '" + t + "': expected K/N with 1 <= K <= N";
      return false;
    }
    *shard = k;
    *shards = n;
  }
  return true;
}

// "a,b,,c" -> {"a", "b", "", "c"}: an option's comma-separated values.
std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    out.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

}  // namespace monsim::sim
