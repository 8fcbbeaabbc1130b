// Charts as inline SVG, drawn by monsim itself: a report page needs no Python, no script
// library and no network to show its plots. One Chart is one plot area with axes, ticks,
// a legend, and what is drawn on it in data coordinates. Pure and deterministic: the same
// data gives the same bytes.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace monsim::sim::html {

// A colour of the palette, by index (monitors, combinations, hunts): 10, then round again.
std::string palette(std::size_t i);

class Chart {
 public:
  enum class Style { line, step, points };
  Chart(std::string title, std::string x_label, std::string y_label, int width = 900, int height = 240);

  // A series: drawn in its style and colour, named in the legend (unless `label` is empty).
  void series(const std::string& label, const std::string& color, Style style,
              std::vector<std::pair<double, double>> xy);
  // A shaded span of x (a fault), its label written at its top.
  void band(double x0, double x1, const std::string& label, const std::string& color);
  // Categorical y: lane i is centred on y = i, named on the axis (the timeline's clients).
  void lanes(std::vector<std::string> names);
  // A bar in lane `lane` from x0 to x1, `thick` of the lane's height; `tip` shows on hover.
  void bar(double x0, double x1, std::size_t lane, double thick, const std::string& color, const std::string& tip);
  // A cross in lane `lane` at x (an event: a keepalive timeout).
  void mark(double x, std::size_t lane, const std::string& color, const std::string& tip);
  // A legend entry for what bars and marks mean.
  void legend(const std::string& label, const std::string& color);
  // Fixes an axis's range (otherwise: from what is drawn, starting at 0).
  void x_range(double lo, double hi);
  void y_range(double lo, double hi);
  // Written across an empty plot ("no requests").
  void empty_note(const std::string& text) { empty_note_ = text; }

  std::string svg() const;

 private:
  struct Series {
    std::string label, color;
    Style style;
    std::vector<std::pair<double, double>> xy;
  };
  struct Shape {
    double x0, x1;
    std::size_t lane;
    double thick;
    std::string color, tip;
    bool cross;
  };
  struct Band {
    double x0, x1;
    std::string label, color;
  };
  std::pair<double, double> x_extent() const;
  std::pair<double, double> y_extent() const;
  std::string axes(double x0, double x1, double y0, double y1) const;
  std::vector<std::pair<std::string, std::string>> legend_items() const;  // label, colour
  std::string legend_svg(int top) const;

  std::string title_, x_label_, y_label_, empty_note_;
  int width_, height_;
  std::vector<Series> series_;
  std::vector<Shape> shapes_;
  std::vector<Band> bands_;
  std::vector<std::string> lanes_;
  std::vector<std::pair<std::string, std::string>> legend_;
  bool x_fixed_ = false, y_fixed_ = false;
  double x_lo_ = 0, x_hi_ = 1, y_lo_ = 0, y_hi_ = 1;
};

}  // namespace monsim::sim::html
