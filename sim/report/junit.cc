#include "sim/report/junit.h"

#include <unistd.h>

#include <cstdio>
#include <sstream>

namespace monsim::sim {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

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

std::string miss_text(const Miss& m) {
  if (m.expected.empty()) return m.metric + ": " + m.actual;  // a sweep's run: "seed 3: exit 1: missed …"
  return m.metric + ": expected " + m.expected + ", got " + m.actual;
}

// `s` cut to at most `bytes`, at a character's start (the report is UTF-8).
std::string cut_utf8(const std::string& s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
  return s.substr(0, bytes) + "…";
}

// A failure's message: what a CI server shows in its list, so it names what failed — the
// first breach, else the first misses — and stays one line of bounded length.
std::string failure_message(const CaseResult& c) {
  constexpr std::size_t kShown = 3, kMessageBytes = 600;
  std::string m;
  if (!c.breaches.empty()) {
    m = "invariant breached: " + c.breaches.front().headline;
    if (c.breaches_total > 1) m += " (" + std::to_string(c.breaches_total) + " breaches in all)";
    if (!c.misses.empty()) m += "; and " + std::to_string(c.misses.size()) + " expectation(s) missed";
  } else {
    m = (c.failure_headline.empty() ? std::to_string(c.misses.size()) + " expectation(s) missed" : c.failure_headline) +
        ": ";
    for (std::size_t i = 0; i < c.misses.size() && i < kShown; ++i) m += (i ? "; " : "") + miss_text(c.misses[i]);
    if (c.misses.size() > kShown) m += "; …";
  }
  m = cut_utf8(m, kMessageBytes);
  return m;
}

// A failure's body: every breach with its trace line, every miss with where it is written,
// and the command that reruns it (Jenkins and GitLab show the body, not <properties>).
std::string failure_body(const CaseResult& c) {
  std::string body;
  for (const auto& b : c.breaches) body += "BREACH " + b.headline + "\n  found at: " + b.found_at + "\n";
  if (c.breaches_total > c.breaches.size())
    body += "BREACH … and " + std::to_string(c.breaches_total - c.breaches.size()) + " more (summary.json: invariants)\n";
  for (const auto& m : c.misses) body += "MISS " + m.where + ": " + miss_text(m) + "\n";
  if (!c.rerun.empty()) body += "rerun: " + c.rerun + "\n";
  return body;
}

void junit_outcome(std::ostringstream& x, const CaseResult& c) {
  if (!c.error.empty()) {
    const std::string first = c.error.substr(0, c.error.find('\n'));
    const char* type = c.exit_code == 2 ? "usage" : "internal";
    x << "      <error type=\"" << type << "\" message=\"" << xml_escape(first) << "\">" << xml_escape(c.error)
      << "</error>\n";
  } else if (c.failed()) {
    x << "      <failure type=\"" << (c.breaches.empty() ? "expectation" : "breach") << "\" message=\""
      << xml_escape(failure_message(c)) << "\">" << xml_escape(failure_body(c)) << "</failure>\n";
  } else if (c.skipped) {
    x << "      <skipped message=\"" << xml_escape(c.skip_reason) << "\"/>\n";
  }
}

void junit_case(std::ostringstream& x, const CaseResult& c, const std::string& hostname) {
  x << "  <testsuite name=\"" << xml_escape(c.name) << "\" tests=\"1\" failures=\"" << (c.failed() ? 1 : 0)
    << "\" errors=\"" << (c.error.empty() ? 0 : 1) << "\" skipped=\"" << (c.skipped ? 1 : 0) << "\" time=\""
    << seconds_text(c.seconds) << "\" timestamp=\"" << xml_escape(c.timestamp) << "\" hostname=\""
    << xml_escape(hostname) << "\">\n";
  x << "    <properties>\n";
  for (const auto& [k, v] : {std::pair<const char*, const std::string&>{"file", c.file}, {"seed", c.seed},
                             {"logic", c.logic}, {"trace_hash", c.trace_hash}, {"rerun", c.rerun}})
    if (!v.empty()) x << "      <property name=\"" << k << "\" value=\"" << xml_escape(v) << "\"/>\n";
  x << "    </properties>\n";
  x << "    <testcase classname=\"" << xml_escape(c.classname) << "\" name=\"" << xml_escape(c.name) << "\" time=\""
    << seconds_text(c.seconds) << "\">\n";
  junit_outcome(x, c);
  std::string out;
  for (const auto& n : c.notes) out += "note: " + n + "\n";
  out += c.system_out;
  if (!out.empty()) x << "      <system-out>" << xml_escape(out) << "</system-out>\n";
  x << "    </testcase>\n  </testsuite>\n";
}

}  // namespace

std::string junit_xml(const std::vector<CaseResult>& cases, const std::string& hostname) {
  int failures = 0, errors = 0;  // (junit-10.xsd's <testsuites> has no skipped: its suites do)
  double total = 0;
  for (const auto& c : cases) {
    if (!c.error.empty()) ++errors;
    else if (c.failed()) ++failures;
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
