// A scenario's text before it is a scenario: reading the file safely, and refusing the parts
// of YAML the language leaves out, each with its position.
//
// The language is one YAML document of plain mappings, lists and scalars. yaml-cpp would
// quietly take more: a second document (ignored), duplicate keys (the first wins), tags
// (`!!str`, `!custom`), anchors and aliases (which let a small file describe an exponentially
// large tree). Those are refused here, before the tree is built.
#pragma once

#include <string>
#include <vector>

namespace monsim::sim {

struct TextProblem {
  int line = 0, column = 0;  // 1-based; 0 when the problem is the whole file
  std::string message;
};

// Reads `path` whole if it is a regular file of at most limits::kFileBytes. Never blocks: a
// FIFO or a device is refused without reading from it. On failure `error` says why
// ("is a directory", "is not a regular file", "is larger than 1 MiB", ...).
bool read_scenario_file(const std::string& path, std::string* text, std::string* error);

// The structural problems of one YAML stream, in order (at most limits::kErrorsCollected):
// more than one document, tags, anchors, aliases, duplicate or non-scalar keys, nesting
// deeper than limits::kYamlDepth, a scalar longer than limits::kDescriptionBytes, a NUL byte,
// and YAML syntax errors. `documents` is the number of documents seen (0: an empty stream).
std::vector<TextProblem> check_yaml_text(const std::string& text, int* documents);

}  // namespace monsim::sim
