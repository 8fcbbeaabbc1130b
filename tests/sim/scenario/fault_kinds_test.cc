// The fault kinds are described once (sim/scenario/fault_kinds.cc): every kind has exactly
// one entry, the loader reads what the dump writes for each, and the scenarios README's table
// is that description, row for row.
#include "sim/scenario/fault_kinds.h"
#include "sim/scenario/workload_ops.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace monsim::sim {
namespace {

TEST(FaultKinds, EveryKindHasOneEntryAndOneKey) {
  std::set<int> kinds;
  std::set<std::string> keys;
  for (const auto& k : fault_kinds()) {
    EXPECT_TRUE(kinds.insert(static_cast<int>(k.kind)).second) << k.key;
    EXPECT_TRUE(keys.insert(k.key).second) << k.key;
    EXPECT_EQ(fault_kind(k.kind).key, std::string(k.key));
    EXPECT_EQ(fault_kind(std::string(k.key)), &k);
    EXPECT_NE(k.load, nullptr);
    EXPECT_NE(k.dump, nullptr);
    if (k.undo_kind != k.kind) { EXPECT_TRUE(k.undoable()) << k.key; }
  }
  // Fault::Kind's enumerators run from kill to clock_step.
  EXPECT_EQ(kinds.size(), static_cast<std::size_t>(Fault::Kind::clock_step) + 1);
  EXPECT_EQ(fault_kind(std::string("no_such_kind")), nullptr);
}

TEST(FaultKinds, TheScenariosReadmeTableIsTheDescription) {
  std::ifstream in(std::string(MONSIM_SOURCE_DIR) + "/scenarios/README.md");
  ASSERT_TRUE(in) << "scenarios/README.md";
  std::set<std::string> keys;
  for (const auto& k : fault_kinds()) keys.insert(std::string("| `") + k.key + "` |");
  std::string rows, line;
  while (std::getline(in, line)) {
    // The faults table has four columns (the limits table names some kinds too, in three).
    if (std::count(line.begin(), line.end(), '|') != 5) continue;
    for (const auto& k : keys)
      if (line.rfind(k, 0) == 0) rows += line + "\n";
  }
  EXPECT_EQ(rows, fault_kinds_markdown());
}

// The same for the workload ops: one entry per op, and the README's ops table is the table.
TEST(WorkloadOps, EveryOpHasOneEntryAndTheReadmeTableIsTheDescription) {
  std::set<int> ops;
  for (const auto& o : workload_ops()) {
    EXPECT_TRUE(ops.insert(static_cast<int>(o.op)).second) << o.key;
    EXPECT_EQ(workload_op(o.op).key, std::string(o.key));
  }
  EXPECT_EQ(ops.size(), static_cast<std::size_t>(WorkloadItem::Op::interrupt) + 1);
  std::ifstream in(std::string(MONSIM_SOURCE_DIR) + "/scenarios/README.md");
  ASSERT_TRUE(in);
  std::string rows, line;
  while (std::getline(in, line))
    for (const auto& o : workload_ops())
      if (line.rfind(std::string("| `") + o.key + "` |", 0) == 0 && std::count(line.begin(), line.end(), '|') == 4 +
          std::count(line.begin(), line.end(), '\\'))
        rows += line + "\n";
  EXPECT_EQ(rows, workload_ops_markdown());
}

}  // namespace
}  // namespace monsim::sim
