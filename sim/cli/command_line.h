// What every monsim subcommand shares on its command line: the usage text, parsing its
// options (with "did you mean"), --set/--seed/--client-logic as overrides, loading a scenario
// with its diagnostics, and the small parsers of seeds, --vary, --jobs/--shard and lists.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/engine/trace.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

// The usage lines of every command, and the commands with what each does.
extern const char* const kUsageText;
extern const std::vector<std::pair<std::string, std::string>> kCommands;

// The subcommand being parsed ("" before dispatch): its usage lines are the ones printed.
void set_command(const std::string& name);

// Prints `msg` and the command's usage on stderr; returns 2.
int usage(const std::string& msg);
// Prints "monsim: why" on stderr; returns 2.
int refuse(const std::string& why);

// The logics --client-logic takes, for the commands' help.
inline constexpr const char* kLogicsHelp =
    "linux-2.6.34 | linux-4.10 | linux-6.1 | linux-source | linux-4.10-seed | linux-2.6.34-seed | userspace-16.2";

// --set (its help: `set_help`) and --client-logic, as run, sweep and explore take them.
void add_override_options(boost::program_options::options_description& opts, const char* set_help);
// Those two as --set specs, in that order (validated like the file).
std::vector<std::string> set_overrides(const boost::program_options::variables_map& vm);
// The overrides of a command line, as --set specs: --set, --seed, --client-logic.
std::vector<std::string> overrides(const boost::program_options::variables_map& vm);

// Load and validate, including what this machine can hold; prints the first problems (and
// hands them to `shown_text`, for a report).
bool load(const std::string& file, const std::vector<std::string>& sets, Scenario* s,
          std::string* shown_text = nullptr);

// Parses a subcommand's options; its positional arguments are option `positional` (at most
// `count` of them, -1 for any number). False, with the exit status in `rc`, when the command
// is done (an error, or --help printed).
bool parse(int argc, char** argv, boost::program_options::options_description& opts, const char* positional,
           int count, boost::program_options::variables_map& vm, int* rc);

// --trace LEVEL (full if not given).
bool trace_level(const boost::program_options::variables_map& vm, TraceWriter::Level* level, std::string* why);

// "A..B" or "N": the seeds, A <= B.
bool parse_seeds(const std::string& text, std::uint64_t* first, std::uint64_t* last);
// "key=v1,v2,...": the key and its values (split at the commas outside brackets and quotes).
bool parse_vary(const std::string& text, std::string* key, std::vector<std::string>* values, std::string* why);
// --jobs (default: the processors) and --shard K/N of a sweep or an exploration.
bool jobs_and_shard(const boost::program_options::variables_map& vm, std::size_t* jobs, std::size_t* shard,
                    std::size_t* shards, std::string* why);
// "a,b,,c" -> {"a", "b", "", "c"}: an option's comma-separated values.
std::vector<std::string> comma_list(const std::string& text);

}  // namespace monsim::sim
