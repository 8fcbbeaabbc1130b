// JSON that monsim reads back — a summary.json, a sweep.json, a trace line — parsed under a
// nesting bound, so that no file can make a reader (or the writer that prints it again)
// recurse without end: a line of 100 000 '[' is refused, not a stack overflow.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace monsim::sim {

// Deeper than anything monsim writes (a summary nests five levels).
inline constexpr int kJsonDepth = 64;
// A summary.json or sweep.json: a storm of 100 000 clients writes some 100 MB.
inline constexpr std::size_t kJsonFileBytes = 1024u << 20;

// The deepest nesting of arrays and objects in `text` (strings are skipped), counted without
// recursion and stopping once past `limit`.
int json_depth(std::string_view text, int limit = kJsonDepth);

// Parses `text` if it is JSON nested at most kJsonDepth deep; discarded (is_discarded())
// otherwise.
nlohmann::ordered_json parse_json(std::string_view text);

// Reads and parses `path` under the input rules (a regular file of at most `max_bytes`). False
// and `why` ("summary.json: is not JSON", "...: nested deeper than 64 levels") if it cannot.
bool read_json_file(const std::filesystem::path& path, std::size_t max_bytes, const char* what,
                    nlohmann::ordered_json* out, std::string* why);

}  // namespace monsim::sim
