#include "sim/html/html.h"

#include <cmath>
#include <cstdio>

#include "sim/scenario/input_file.h"

namespace monsim::sim::html {

namespace {

// The page's script: sortable tables, and what a browser reports as an error kept in the DOM
// (module comment in html.h). `#selftest` sorts the first sortable table both ways and says
// whether the first column came out in order (data-selftest), for the browser test.
constexpr const char* kScript = R"JS(
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  });
  function key(td) {
    var t = td.hasAttribute('data-v') ? td.getAttribute('data-v') : td.textContent;
    var n = parseFloat(t);
    return {n: isNaN(n) ? null : n, t: t};
  }
  function cmp(a, b) {
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== null) return -1;
    if (b.n !== null) return 1;
    return a.t < b.t ? -1 : a.t > b.t ? 1 : 0;
  }
  function sortBy(table, i, asc) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) { var c = cmp(key(r1.cells[i]), key(r2.cells[i])); return asc ? c : -c; });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, i) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('data-sort') !== 'asc';
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', asc ? 'asc' : 'desc');
        sortBy(table, i, asc);
      });
    });
  });
  if (location.hash === '#selftest' && tables.length) {
    var t = tables[0], ok = true;
    [true, false].forEach(function (asc) {
      sortBy(t, 0, asc);
      var rows = t.tBodies[0].rows;
      for (var r = 1; r < rows.length; ++r) {
        var c = cmp(key(rows[r - 1].cells[0]), key(rows[r].cells[0]));
        if (asc ? c > 0 : c < 0) ok = false;
      }
    });
    document.body.setAttribute('data-selftest', ok ? 'ok' : 'unsorted');
  }
  document.body.setAttribute('data-ready', 'yes');
})();
)JS";

constexpr const char* kStyle = R"CSS(
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; padding: 0 1em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; margin-top: 1.8em; }
nav { font-size: 0.9em; margin: 0.6em 0 1em; } nav a { margin-right: 0.9em; }
table { border-collapse: collapse; margin: 0.4em 0; font-size: 0.9em; }
th, td { border: 1px solid #d4d4d4; padding: 2px 7px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; } table.sortable th { cursor: pointer; } th[data-sort=asc]::after { content: " \25B2"; } th[data-sort=desc]::after { content: " \25BC"; }
td a { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f7f7f7; border: 1px solid #e1e1e1; padding: 0.5em; overflow: auto; max-height: 32em; font-size: 0.85em; }
code { background: #f3f3f3; padding: 0 3px; }
td code { white-space: pre-wrap; word-break: break-all; }
.badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; font-weight: 600; color: #fff; }
.b-pass { background: #2e7d32; } .b-miss, .b-fail { background: #c62828; } .b-breach { background: #6a1b9a; }
.b-other { background: #757575; } .b-error { background: #e65100; }
.caption { color: #555; margin: 0.8em 0 0.2em; } .more { color: #555; font-size: 0.9em; }
svg { display: block; margin: 0.5em 0; } svg text { font: 11px system-ui, sans-serif; }
)CSS";

}  // namespace

std::string escape(const std::string& text) {
  const std::string valid = utf8_or_marks(text, "\xEF\xBF\xBD");
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string link(const std::string& href, const std::string& text) {
  return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
}

std::string Table::html() const {
  std::string t;
  if (!caption.empty()) t += "<p class=\"caption\">" + escape(caption) + "</p>\n";
  t += rows.size() > 1 ? "<table class=\"sortable\">" : "<table>";
  t += "<thead><tr>";
  for (const auto& h : headers) t += "<th>" + escape(h) + "</th>";
  t += "</tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    t += "<tr>";
    for (const auto& c : r) t += c.rfind("<td", 0) == 0 ? c : "<td>" + c + "</td>";
    t += "</tr>\n";
  }
  t += "</tbody></table>\n";
  if (!more.empty()) t += "<p class=\"more\">" + escape(more) + "</p>\n";
  return t;
}

std::string badge(const std::string& verdict) {
  const char* cls = verdict == "pass"                       ? "b-pass"
                    : verdict == "miss" || verdict == "FAIL" ? "b-fail"
                    : verdict == "breach"                    ? "b-breach"
                    : verdict == "error"                     ? "b-error"
                                                             : "b-other";
  return std::string("<span class=\"badge ") + cls + "\">" + escape(verdict) + "</span>";
}

std::string pre(const std::string& text) { return "<pre>" + escape(text) + "</pre>\n"; }

void Page::section(const std::string& id, const std::string& heading, const std::string& body) {
  sections_.push_back({id, heading, body});
}

std::string Page::str() const {
  std::string p = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"generator\" content=\"monsim\">\n<title>" + escape(title_) + "</title>\n<style>" +
                  kStyle + "</style>\n</head>\n<body>\n<h1>" + escape(title_) + "</h1>\n" + lead_;
  p += "<nav>";
  for (const auto& s : sections_) p += link("#" + s.id, s.heading);
  p += "</nav>\n";
  for (const auto& s : sections_) p += "<h2 id=\"" + escape(s.id) + "\">" + escape(s.heading) + "</h2>\n" + s.body;
  p += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return p;
}

std::string number(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string number_cell(double v) { return number_cell(number(v), v); }

std::string number_cell(const std::string& text, double v) {
  return "<td class=\"n\" data-v=\"" + number(v) + "\">" + escape(text) + "</td>";
}

}  // namespace monsim::sim::html
