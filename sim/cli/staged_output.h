// What every command writing a whole directory (sweep, explore, merge) does with its StagedDir
// — opening it at the user's path, putting it in place, or abandoning it — each saying on stderr
// what happened in the same words.
#ifndef MONSIM_SIM_CLI_STAGED_OUTPUT_H
#define MONSIM_SIM_CLI_STAGED_OUTPUT_H

#include <filesystem>
#include <functional>
#include <string>

#include "sim/report/staged_dir.h"

namespace monsim::sim {

// Prepares `out` at `path` (already normalised): prints the leftovers it removed or left, and
// the reason when the rule refuses. False → the command exits 2 before anything runs.
bool open_staged(StagedDir& out, const std::filesystem::path& path);

// Writes the command's files into the temporary directory (`write` returns false and a reason
// when it cannot) and puts it in place. On failure discards it and says "nothing of this
// <what> was put in place: DIR is as it was"; returns the exit status: 0, 2 when the rule
// refused at the last moment, 3 when the file system failed.
int place_staged(StagedDir& out, const char* what,
                 const std::function<bool(const std::filesystem::path& tmp, std::string* why)>& write);

// A run of the command could not write its results (it said why): the command stops and
// nothing of it is put in place. Returns exit status 3.
int abandon_after_write_failure(StagedDir& out, const char* what);

// Interrupted by `sig` while an earlier result stands at the directory: it stays as it was
// (`detail` may add what is not kept). Returns 128 + sig.
int abandon_for_earlier(StagedDir& out, const char* what, int sig, const std::string& detail = "");

}  // namespace monsim::sim

#endif
