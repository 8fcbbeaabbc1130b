#include "sim/html/csv_rows.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "sim/report/sweep_table.h"

namespace monsim::sim::html {

bool read_csv(const std::filesystem::path& file, std::vector<std::string>* columns,
              const std::function<bool(const std::vector<std::string>&)>& row) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.size() > kCsvLineBytes) return true;  // not a table monsim wrote: stop here
    std::vector<std::string> cells;
    if (!split_csv_line(line, &cells)) return true;  // a quote left open: not a table monsim wrote
    if (first) {
      *columns = std::move(cells);
      first = false;
      continue;
    }
    if (!row(cells)) break;
  }
  return true;
}

std::string cell_of(const std::vector<std::string>& columns, const std::vector<std::string>& cells,
                    const std::string& name) {
  for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i)
    if (columns[i] == name) return cells[i];
  return "";
}

double cell_number(const std::string& cell) {
  if (cell.empty()) return std::nan("");
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(cell.c_str(), &end);
  return end && *end == '\0' && errno == 0 && std::isfinite(v) ? v : std::nan("");
}

}  // namespace monsim::sim::html
