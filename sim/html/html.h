// The pieces every report page is made of: escaping, a sortable table, a page with its style
// and script inline. Pure: text in, text out (no file, no clock), so that a page is the same
// bytes for the same results.
//
// A page is self-contained: one file, no network, no CDN. Its script does two things and
// nothing else: sorts a table by the column whose header is clicked (numbers as numbers), and
// records what a browser would print as an error (`data-errors` on <body>, `data-ready="yes"`
// once the script ran) so that a headless browser's test can read both from the DOM.
#pragma once

#include <string>
#include <vector>

namespace monsim::sim::html {

// Text as HTML shows it: & < > " ' escaped; bytes that are not valid UTF-8 as U+FFFD.
std::string escape(const std::string& text);

// <a href="HREF">TEXT</a>, both escaped. `href` is a relative path (or #anchor).
std::string link(const std::string& href, const std::string& text);

// A table; sortable (its headers clickable) unless it has a single row. Cells are HTML
// already (escape() what is text); a cell that is a whole <td …> (number_cell()) is used as
// it is. A column sorts as numbers where its cells parse as numbers, the rest after them.
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::string caption;   // text, shown above it
  std::string more;      // text, shown under it ("… and 1 200 more in requests.csv")
  std::string html() const;
};

// A verdict as a coloured badge: "pass", "miss", "FAIL", "breach", "not judged", "error".
std::string badge(const std::string& verdict);

// <pre> of `text` (escaped).
std::string pre(const std::string& text);

// One page: a title, sections in order (each with an id for the contents line at the top).
class Page {
 public:
  explicit Page(std::string title) : title_(std::move(title)) {}
  // A section: its heading (text), its body (HTML).
  void section(const std::string& id, const std::string& heading, const std::string& body);
  // HTML put under the title, before the contents line.
  void lead(const std::string& body) { lead_ += body; }
  std::string str() const;

 private:
  struct Section {
    std::string id, heading, body;
  };
  std::string title_, lead_;
  std::vector<Section> sections_;
};

// A number as the pages show it: up to 6 significant digits ("-" for NaN).
std::string number(double v);
// A table cell holding a number: right-aligned, sorted by its value.
std::string number_cell(double v);
// A table cell showing `text` (escaped), sorted by `v`.
std::string number_cell(const std::string& text, double v);

}  // namespace monsim::sim::html
