// Drawing plots with scripts/plot.py (installed as PREFIX/share/monsim/plot.py), run by a
// Python that has matplotlib.
#pragma once

#include <string>
#include <vector>

namespace monsim::sim {

// plot.py: beside an installed monsim, else in the source tree this binary was built from.
std::string plot_script();

// A python3 that imports matplotlib: Debian's /usr/bin/python3 first (python3-matplotlib is
// for it), then each python3 on PATH. "" when none does.
std::string plot_python();

// Runs plot.py with `args` (run directories, scenario folders or a sweep's, and options);
// its exit status, or 3 when no Python with matplotlib is there (saying what to install).
int plot_dirs(const std::vector<std::string>& args);
inline int plot_run(const std::string& dir) { return plot_dirs({dir}); }

// `monsim plot DIR... [--out DIR] [--formats png,svg]`.
int cmd_plot(int argc, char** argv);

}  // namespace monsim::sim
