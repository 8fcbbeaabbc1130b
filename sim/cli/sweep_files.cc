#include "sim/cli/sweep_files.h"

#include "sim/html/sweep_page.h"
#include "sim/report/file_out.h"

namespace monsim::sim {

bool write_sweep_files(const std::filesystem::path& dir, const SweepTable& table, bool page,
                       const std::map<std::size_t, std::string>& rerun, const std::vector<Miss>& over_runs,
                       const char* title, std::string* why) {
  const nlohmann::ordered_json stats = table.stats();
  if (!write_text_file(dir / "sweep.csv", table.csv(), why) ||
      !write_text_file(dir / "sweep.json", stats.dump(2) + "\n", why))
    return false;
  if (!page) return true;
  html::SweepReport r;
  r.dir = dir;
  r.table = &table;
  r.stats = &stats;
  r.rerun = rerun;
  r.over_runs = over_runs;
  r.title = title;
  return write_text_file(dir / "report.html", html::sweep_page(r), why);
}

}  // namespace monsim::sim
