// A scenario's folder: the history of its runs, kept the way Jepsen's store keeps them.
//
//   results/<name>/
//     .monsim-scenario            which scenario file's runs these are (see below)
//     20261129T223102.123Z-seed1/ one run (a run directory: run_dir.h)
//     20261129T223507.940Z-seed7/
//     latest -> 20261129T223507.940Z-seed7
//
// A run never replaces an earlier one here: each gets a new directory named by the UTC time
// it started and its seed, reserved (mkdir) before it runs and filled in one step when it
// finishes. `latest` is a relative symbolic link, switched by rename(2) once a run is in
// place, so a reader following it sees a finished run, never half of one.
//
// One scenario per folder. The marker names the scenario file whose runs the folder holds;
// a run of another file with the same `name:` is a clash and refused up front (exit 2), as a
// folder monsim did not make is. The resolved scenario.yaml of one of the folder's own runs
// counts as the same scenario (rerunning a run is not a clash).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace monsim::sim {

inline constexpr const char* kScenarioMarker = ".monsim-scenario";
inline constexpr const char* kLatestLink = "latest";

class ScenarioFolder {
 public:
  // May the runs of `scenario_file` (scenario `name`) be kept in `folder`? If not, `why`
  // says why, naming the folder. Creates nothing.
  static bool may_use(const std::filesystem::path& folder, const std::string& name,
                      const std::string& scenario_file, std::string* why);

  // Creates the folder (and its marker) if need be, removes what runs killed with SIGKILL left
  // (saying so in `notes`), and reserves a new run directory: "<stamp>-seed<N>", or
  // "<stamp>-seed<N>.2", … if that name is taken. `run()` is its path.
  bool open(const std::filesystem::path& folder, const std::string& name, const std::string& scenario_file,
            const std::string& stamp, std::uint64_t seed, std::string* why, std::vector<std::string>* notes);

  const std::filesystem::path& run() const { return run_; }

  // Points `latest` at the run (atomically). Call once the run is in place.
  bool point_latest(std::string* why);

  // Gives the reservation back if no run was put in place (the directory is still empty),
  // and the folder and parents open() made, if no run is in them.
  void release();

 private:
  std::filesystem::path folder_, run_;
  std::vector<std::filesystem::path> created_;  // made by open(), the outermost first
};

// The run directories in a scenario folder, newest first (by name: the UTC time each started):
// every directory but `latest`, dot names and `NAME.tmp-PID` (a run being written, or what a
// kill left). Symbolic links are not followed.
std::vector<std::filesystem::path> folder_runs(const std::filesystem::path& folder);

// `dir` if it is a run directory; its `latest` run if it is a scenario folder; else `dir`.
std::filesystem::path resolve_run_dir(const std::filesystem::path& dir);

}  // namespace monsim::sim
