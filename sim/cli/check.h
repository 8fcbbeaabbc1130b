// `monsim check SCENARIO.yaml...`: run each scenario, judge its expectations, its baseline and
// (with --against) its comparisons with a real run; print a verdict per scenario and write the
// JUnit report.
#pragma once

namespace monsim::sim {

int cmd_check(int argc, char** argv);

}  // namespace monsim::sim
