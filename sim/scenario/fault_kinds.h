// Every fault kind, described once (TigerBeetle's simulator keeps its fault options as
// documented data; this is monsim's): its YAML key, the shape of its value, what it does,
// what its `for:` undoes, whether it takes a `count`, and how its value is read and written.
// The loader, the resolved dump and the chaos actor are driven by this table, and the table
// in scenarios/README.md is checked against it (tests/sim/scenario). Adding a kind is one
// entry here plus its behaviour in sim/world/chaos.cc.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/scenario.h"

namespace monsim::sim {

struct FaultKindSpec {
  const char* key;       // the YAML key: `kill`, `partition_oneway`, `monmap`, …
  Fault::Kind kind;
  const char* value;     // the value's shape, as the scenarios README shows it
  const char* effect;    // what the fault does
  const char* undo;      // what `for:` does; "—": the kind has no undo
  Fault::Kind undo_kind; // a process fault's opposite (kill → revive); else the kind itself
  bool takes_count;      // `count:` (replies in total) applies
  // Reads the kind's value at `path` into `f`, reporting problems through the loader.
  void (*load)(Loader& L, const YAML::Node& v, const std::string& path, const Names& names, Fault& f);
  // Writes the kind's value (its key is already written).
  void (*dump)(YAML::Emitter& e, const Fault& f);

  bool undoable() const { return std::string(undo) != "—"; }
};

// In the order the scenarios README lists them.
const std::vector<FaultKindSpec>& fault_kinds();
const FaultKindSpec& fault_kind(Fault::Kind kind);
const FaultKindSpec* fault_kind(const std::string& key);  // nullptr: no such kind
std::vector<std::string> fault_kind_keys();
// The README's table rows, one per kind: | `key` | value | effect | undo |
std::string fault_kinds_markdown();

}  // namespace monsim::sim
