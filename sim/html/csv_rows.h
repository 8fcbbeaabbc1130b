// Reading back the CSV tables monsim wrote (sessions.csv, requests.csv) for a report page:
// a line at a time (cells split as sweep tables are: split_csv_line()), each line bounded. The tables are monsim's
// own, but a page never trusts a file's size: a row past the bound ends the reading.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace monsim::sim::html {

inline constexpr std::size_t kCsvLineBytes = 64 * 1024;

// Calls `row` with the header's index of each column name first (`columns`), then each row's
// cells, until it returns false or the file ends. False if the file cannot be read.
bool read_csv(const std::filesystem::path& file, std::vector<std::string>* columns,
              const std::function<bool(const std::vector<std::string>&)>& row);

// The cell of `name` in `cells` ("" if there is no such column).
std::string cell_of(const std::vector<std::string>& columns, const std::vector<std::string>& cells,
                    const std::string& name);

// A cell as a number; NaN when it is empty or not a number.
double cell_number(const std::string& cell);

}  // namespace monsim::sim::html
