// Drawing a run's plots with scripts/plot.py (installed as PREFIX/share/monsim/plot.py).
#pragma once

#include <string>

namespace monsim::sim {

// plot.py: beside an installed monsim, else in the source tree this binary was built from.
std::string plot_script();

// Runs plot.py on `dir` with Debian's python3 (the one that has matplotlib); its exit status.
int plot_run(const std::string& dir);

}  // namespace monsim::sim
