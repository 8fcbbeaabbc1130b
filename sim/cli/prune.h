// `monsim prune DIR... --keep N`: a scenario folder's history bounded — all but its newest N
// runs (and the one `latest` points at) removed, each only if it is wholly monsim's (run_dir.h's
// rule: marked, nothing else in it, the user's).
#pragma once

namespace monsim::sim {

int cmd_prune(int argc, char** argv);

}  // namespace monsim::sim
