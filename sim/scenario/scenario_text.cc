#include "sim/scenario/scenario_text.h"

#include <map>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/input_file.h"
#include "sim/scenario/limits.h"

namespace monsim::sim {

bool read_scenario_file(const std::string& path, std::string* text, std::string* error) {
  return read_input_file(path, limits::kFileBytes, "a scenario file", text, error);
}

namespace {

// Thrown from the event handler to stop parsing (too deep, too many problems, a 2nd document).
struct StopParsing {};

// Walks the parser's events, keeping one frame per open mapping or list.
class StructureCheck : public YAML::EventHandler {
 public:
  std::vector<TextProblem> problems;
  int documents = 0;

  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents > 1) {
      problem(m, "a second YAML document ('---'): a scenario is one document");
      throw StopParsing{};
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { node(m, "", anchor, nullptr); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    problem(m, "aliases (*name) are not supported in scenarios: write the value out");
    node(m, "", 0, nullptr);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (value.size() > limits::kDescriptionBytes)
      problem(m, "a value of " + std::to_string(value.size()) + " bytes (at most " +
                     std::to_string(limits::kDescriptionBytes) + ")");
    node(m, tag, anchor, &value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    node(m, tag, anchor, nullptr);
    open(m, false);
  }
  void OnSequenceEnd() override { stack_.pop_back(); }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    node(m, tag, anchor, nullptr);
    open(m, true);
  }
  void OnMapEnd() override { stack_.pop_back(); }
  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    problem(m, "anchors (&" + name + ") are not supported in scenarios: write the value out");
  }

  void problem(const YAML::Mark& m, std::string msg) {
    problems.push_back({m.line + 1, m.column + 1, std::move(msg)});
    if (problems.size() >= limits::kErrorsCollected) throw StopParsing{};
  }

 private:
  struct Frame {
    bool map = false;
    bool next_is_key = true;
    std::map<std::string, int> keys;  // key -> line of its first appearance
  };

  void open(const YAML::Mark& m, bool map) {
    if (static_cast<int>(stack_.size()) >= limits::kYamlDepth) {
      problem(m, "nested more than " + std::to_string(limits::kYamlDepth) + " levels deep");
      throw StopParsing{};
    }
    stack_.push_back({map, true, {}});
  }

  // Every node: its tag, and, as a key of a mapping, whether it is a new plain name.
  void node(const YAML::Mark& m, const std::string& tag, YAML::anchor_t, const std::string* scalar) {
    if (++nodes_ > limits::kYamlNodes) {
      problem(m, "more than " + std::to_string(limits::kYamlNodes) + " values in one scenario");
      throw StopParsing{};
    }
    // yaml-cpp reports "?" for a plain untagged node and "!" for a quoted one.
    if (!tag.empty() && tag != "?" && tag != "!") {
      const std::string core = "tag:yaml.org,2002:";
      const std::string shown = tag.rfind(core, 0) == 0 ? "!!" + tag.substr(core.size()) : tag;
      problem(m, "tags (" + shown + ") are not supported in scenarios: write the value plainly");
    }
    if (stack_.empty() || !stack_.back().map) return;
    Frame& f = stack_.back();
    if (f.next_is_key) {
      if (!scalar) {
        problem(m, "a key must be a plain name, not a list, a mapping or nothing");
      } else {
        const auto [it, fresh] = f.keys.emplace(*scalar, m.line + 1);
        if (!fresh)
          problem(m, "duplicate key '" + *scalar + "' (first given at line " + std::to_string(it->second) +
                         "); give each key once");
      }
    }
    f.next_is_key = !f.next_is_key;
  }

  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::vector<TextProblem> check_yaml_text(const std::string& text, int* documents) {
  StructureCheck check;
  const std::size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    int line = 1, col = 1;
    line_and_column(text, nul, &line, &col);
    *documents = 0;
    return {{line, col, "a NUL byte: this is not a text file"}};
  }
  // YAML is Unicode, and every string of a scenario may reach summary.json (JSON is UTF-8).
  std::size_t bad = 0;
  if (!valid_utf8(text, &bad)) {
    int line = 1, col = 1;
    line_and_column(text, bad, &line, &col);
    *documents = 0;
    return {{line, col, "a byte that is not UTF-8: scenario files are UTF-8 text"}};
  }
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(check)) {
    }
  } catch (const StopParsing&) {
  } catch (const YAML::DeepRecursion& e) {
    check.problems.push_back({e.mark.line + 1, e.mark.column + 1,
                              "nested too deeply (at most " + std::to_string(limits::kYamlDepth) + " levels)"});
  } catch (const YAML::Exception& e) {
    // A syntax error: what was reported before it may be the parser's confusion.
    *documents = check.documents;
    return {{e.mark.line + 1, e.mark.column + 1, "(yaml): " + e.msg}};
  }
  *documents = check.documents;
  return check.problems;
}

}  // namespace monsim::sim
