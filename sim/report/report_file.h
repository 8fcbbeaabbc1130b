// Single files monsim writes beside runs: the JUnit report (`check --junit FILE`) and the
// baselines (`check --baselines DIR --update-baselines`).
//
// The same rule as run directories (run_dir.h): a path is written only if it does not exist
// or holds a file of the same kind that monsim wrote (a JUnit report whose root is
// <testsuites name="monsim">; a baseline of that scenario). A directory, a link or someone
// else's file there is refused before anything runs. Writing is atomic: a sibling
// `.NAME.tmp-PID` renamed over the target, removed if anything fails.
#pragma once

#include <filesystem>
#include <string>

namespace monsim::sim {

enum class ReportKind { junit, baseline };

// May `file` be (over)written as a report of `kind`? For a baseline, `scenario` is the name it
// must belong to. Also checks that its directory exists or can be made. `why` names the path.
bool may_write_report(const std::filesystem::path& file, ReportKind kind, const std::string& scenario,
                      std::string* why);

// May files be added to `dir` (the baselines directory)? It must be a directory, or not exist
// under a directory that can take it.
bool may_write_into(const std::filesystem::path& dir, std::string* why);

// Writes `text` to `file` atomically, creating missing parent directories.
bool write_file_atomically(const std::filesystem::path& file, const std::string& text, std::string* why);

}  // namespace monsim::sim
