// `monsim compare SCENARIO --client-logic A,B,C`: the scenario run once per client logic (the
// same seed, the same faults), its expectations not judged — they are written for one logic —
// and one table of the key metrics, a column per logic, then the compare plots.
#pragma once

namespace monsim::sim {

int cmd_compare(int argc, char** argv);

}  // namespace monsim::sim
