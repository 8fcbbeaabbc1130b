#include "sim/report/json_input.h"

#include <algorithm>

#include "sim/scenario/input_file.h"

namespace monsim::sim {

int json_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

nlohmann::ordered_json parse_json(std::string_view text) {
  if (json_depth(text) > kJsonDepth) return nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  return nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, false);
}

bool read_json_file(const std::filesystem::path& path, std::size_t max_bytes, const char* what,
                    nlohmann::ordered_json* out, std::string* why) {
  std::string text, error;
  if (!read_input_file(path.string(), max_bytes, what, &text, &error)) {
    *why = path.string() + ": " + error;
    return false;
  }
  if (json_depth(text) > kJsonDepth) {
    *why = path.string() + ": nested deeper than " + std::to_string(kJsonDepth) + " levels: not " + what;
    return false;
  }
  *out = nlohmann::ordered_json::parse(text, nullptr, false);
  if (out->is_discarded()) {
    *why = path.string() + ": not JSON: not " + std::string(what);
    return false;
  }
  return true;
}

}  // namespace monsim::sim
