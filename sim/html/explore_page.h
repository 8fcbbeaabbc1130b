// An exploration directory's report.html: the properties its runs broke (how many runs, the
// first one's detail, its rerun command and kept run, the shrunk scenario), how often each
// fault kind was drawn and how often runs with it broke something, and every run's row
// (sortable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace monsim::sim::html {

struct ExploreRunRow {
  std::size_t run = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> fault_kinds;  // of its drawn faults, in order
  int exit_code = 0;
  std::string broken;    // "property:count …"
  std::string schedule;  // its faults as YAML flow text
  std::string kept;      // its run directory relative to the page, "" if not kept
};

struct ExploreProperty {
  std::string name, detail, found_at;
  std::size_t runs = 0;       // runs that broke it
  std::size_t first_run = 0;
  std::string rerun;          // the first run's command
  std::string kept;           // its run directory relative to the page ("" if none)
  std::string shrunk;         // "<property>-min.yaml" if written, else ""
};

struct ExploreReport {
  std::string scenario, file, logic;
  std::uint64_t first_seed = 1;
  std::size_t planned = 0;
  bool interrupted = false;
  std::vector<ExploreRunRow> rows;
  std::vector<ExploreProperty> properties;
};

std::string explore_page(const ExploreReport& r);

}  // namespace monsim::sim::html
