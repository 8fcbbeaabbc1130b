#include "sim/report/junit.h"

#include <cstdio>
#include <sstream>

namespace monsim::sim {

namespace {
std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') o += ' ';
        else o += c;
    }
  }
  return o;
}
}  // namespace

namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

void junit_case(std::ostringstream& x, const CaseResult& c, const std::string& hostname) {
  const int failures = c.error.empty() && !c.misses.empty() ? 1 : 0;
  const int errors = c.error.empty() ? 0 : 1;
  x << "  <testsuite name=\"" << xml_escape(c.name) << "\" tests=\"1\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" time=\"" << seconds_text(c.seconds) << "\" timestamp=\""
    << xml_escape(c.timestamp) << "\" hostname=\"" << xml_escape(hostname) << "\">\n";
  x << "    <properties>\n";
  for (const auto& [k, v] : {std::pair<const char*, const std::string&>{"file", c.file}, {"seed", c.seed},
                             {"logic", c.logic}, {"trace_hash", c.trace_hash}, {"rerun", c.rerun}})
    if (!v.empty()) x << "      <property name=\"" << k << "\" value=\"" << xml_escape(v) << "\"/>\n";
  x << "    </properties>\n";
  x << "    <testcase classname=\"monsim.scenarios\" name=\"" << xml_escape(c.name) << "\" time=\""
    << seconds_text(c.seconds) << "\">\n";
  if (!c.error.empty()) {
    const std::string first = c.error.substr(0, c.error.find('\n'));
    x << "      <error message=\"" << xml_escape(first) << "\">" << xml_escape(c.error) << "</error>\n";
  } else if (!c.misses.empty()) {
    x << "      <failure message=\"" << c.misses.size() << " expectation(s) missed\">";
    for (const auto& m : c.misses)
      x << xml_escape(m.where + ": " + m.metric + ": expected " + m.expected + ", got " + m.actual) << "\n";
    x << "</failure>\n";
  }
  if (!c.system_out.empty()) x << "      <system-out>" << xml_escape(c.system_out) << "</system-out>\n";
  x << "    </testcase>\n  </testsuite>\n";
}

}  // namespace

std::string junit_xml(const std::vector<CaseResult>& cases, const std::string& hostname) {
  int failures = 0, errors = 0;
  double total = 0;
  for (const auto& c : cases) {
    if (!c.error.empty()) ++errors;
    else if (!c.misses.empty()) ++failures;
    total += c.seconds;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"monsim\" tests=\"" << cases.size() << "\" failures=\"" << failures << "\" errors=\""
    << errors << "\" time=\"" << seconds_text(total) << "\">\n";
  for (const auto& c : cases) junit_case(x, c, hostname);
  x << "</testsuites>\n";
  return x.str();
}

}  // namespace monsim::sim
