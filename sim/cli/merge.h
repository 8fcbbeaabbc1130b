// `monsim merge SHARD_DIR... --out DIR`: the shards of one sweep (`monsim sweep --shard K/N`)
// joined into the sweep.csv and sweep.json the unsharded sweep writes, byte for byte.
//
// Each shard's sweep.json says which sweep it is (sweep_table.h: the scenario's hash, the
// seeds, K/N, how many runs it planned and whether all finished), so merge refuses, naming
// the shard and what differs: a directory that is not a sweep's, shards of different sweeps,
// a shard given twice, a shard that was interrupted, a table whose values are not the ones
// monsim writes (NaN, 1e999, a 400-digit number) — and says which shards are missing. DIR is
// written as a sweep writes its own (staged_dir.h); it may not be, hold or lie inside a shard.
#pragma once

#include <string>
#include <vector>

namespace monsim::sim {

// 0 written; 2 (and a message) if the shards do not make one whole sweep or DIR is refused;
// 3 the file system failed (DIR is as it was).
int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out, bool page);

}  // namespace monsim::sim
