// A run's directory (`monsim run`, `check`, `import`, `reality`, and the runs a sweep or an
// exploration keeps): a StagedDir of kind run (staged_dir.h has the rule and the atomicity).
//
//   DIR/.monsim-run   the marker: every file monsim wrote in DIR (scripts/plot.py adds its plots)
#pragma once

#include <filesystem>
#include <string>

#include "sim/report/staged_dir.h"

namespace monsim::sim {

class RunDir : public StagedDir {
 public:
  RunDir() : StagedDir(DirKind::run) {}
};

// May a run be written to `dir`? If not, `why` says why (naming `dir`).
inline bool may_write_run_dir(const std::filesystem::path& dir, std::string* why) {
  return may_write_dir(dir, DirKind::run, why);
}

}  // namespace monsim::sim
