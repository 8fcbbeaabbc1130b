#include "sim/cli/staged_output.h"

#include <cstdio>
#include <vector>

#include "sim/cli/exit_codes.h"
#include "sim/cli/supervise.h"

namespace monsim::sim {

namespace fs = std::filesystem;

namespace {


void print_notes(const std::vector<std::string>& notes) {
  for (const auto& n : notes) std::fprintf(stderr, "monsim: %s\n", n.c_str());
}

}  // namespace

bool open_staged(StagedDir& out, const fs::path& path) {
  std::string why;
  std::vector<std::string> notes;
  const bool prepared = out.prepare(path, &why, &notes);
  print_notes(notes);
  if (!prepared) std::fprintf(stderr, "monsim: %s\n", why.c_str());
  return prepared;
}

int place_staged(StagedDir& out, const char* what,
                 const std::function<bool(const fs::path& tmp, std::string* why)>& write) {
  std::string why;
  std::vector<std::string> notes;
  if (!write(out.tmp(), &why) || !out.commit(&why, &notes)) {
    const bool refused = out.refused();
    out.discard();
    std::fprintf(stderr, "monsim: %s; nothing of this %s was put in place: %s is as it was\n", why.c_str(), what,
                 out.dir().c_str());
    return refused ? kUsage : kInternal;
  }
  print_notes(notes);
  return 0;
}

int abandon_after_write_failure(StagedDir& out, const char* what) {
  out.discard();
  std::fprintf(stderr, "monsim: a run could not write its results (above): the %s stopped; nothing of it was put "
                       "in place: %s is as it was\n", what, out.dir().c_str());
  return kInternal;
}

int abandon_for_earlier(StagedDir& out, const char* what, int sig, const std::string& detail) {
  out.discard();
  std::fprintf(stderr, "monsim: interrupted by %s: the earlier %s in %s is as it was%s\n", signal_name(sig).c_str(),
               what, out.dir().c_str(), detail.c_str());
  return 128 + sig;
}

}  // namespace monsim::sim
