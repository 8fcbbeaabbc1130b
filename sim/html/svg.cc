#include "sim/html/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/html/html.h"

namespace monsim::sim::html {

namespace {

constexpr int kTop = 26, kRight = 16, kBottom = 38, kLegendRow = 18;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick step of 1, 2 or 5 times a power of ten giving about five ticks over `range`.
double nice_step(double range) {
  if (!(range > 0) || !std::isfinite(range)) return 1;
  const double raw = range / 5;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// How many legend rows `items` take in `width` (about 6.5 px a character).
int legend_rows(const std::vector<std::pair<std::string, std::string>>& items, int width) {
  int rows = items.empty() ? 0 : 1, x = 0;
  for (const auto& [l, colour] : items) {
    const int w = 26 + static_cast<int>(l.size() * 6.5);
    if (x > 0 && x + w > width) {
      ++rows;
      x = 0;
    }
    x += w;
  }
  return rows;
}

}  // namespace

std::string palette(std::size_t i) {
  static const char* const colors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                       "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
  return colors[i % 10];
}

Chart::Chart(std::string title, std::string x_label, std::string y_label, int width, int height)
    : title_(std::move(title)), x_label_(std::move(x_label)), y_label_(std::move(y_label)), width_(width),
      height_(height) {}

void Chart::series(const std::string& label, const std::string& color, Style style,
                   std::vector<std::pair<double, double>> xy) {
  series_.push_back({label, color, style, std::move(xy)});
}

void Chart::band(double x0, double x1, const std::string& label, const std::string& color) {
  bands_.push_back({x0, x1, label, color});
}

void Chart::lanes(std::vector<std::string> names) { lanes_ = std::move(names); }

void Chart::bar(double x0, double x1, std::size_t lane, double thick, const std::string& color, const std::string& tip) {
  shapes_.push_back({x0, x1, lane, thick, color, tip, false});
}

void Chart::mark(double x, std::size_t lane, const std::string& color, const std::string& tip) {
  shapes_.push_back({x, x, lane, 0.5, color, tip, true});
}

void Chart::legend(const std::string& label, const std::string& color) { legend_.push_back({label, color}); }

void Chart::x_range(double lo, double hi) {
  x_fixed_ = true;
  x_lo_ = lo;
  x_hi_ = hi;
}

void Chart::y_range(double lo, double hi) {
  y_fixed_ = true;
  y_lo_ = lo;
  y_hi_ = hi;
}

std::pair<double, double> Chart::x_extent() const {
  if (x_fixed_) return {x_lo_, x_hi_ > x_lo_ ? x_hi_ : x_lo_ + 1};
  double hi = 0;
  for (const auto& s : series_)
    for (const auto& [x, y] : s.xy) hi = std::max(hi, x);
  for (const auto& s : shapes_) hi = std::max(hi, s.x1);
  for (const auto& b : bands_) hi = std::max(hi, b.x1);
  return {0, hi > 0 ? hi * 1.02 : 1};
}

std::pair<double, double> Chart::y_extent() const {
  if (!lanes_.empty()) return {-0.5, lanes_.size() - 0.5};
  if (y_fixed_) return {y_lo_, y_hi_ > y_lo_ ? y_hi_ : y_lo_ + 1};
  double hi = 0;
  for (const auto& s : series_)
    for (const auto& [x, y] : s.xy) hi = std::max(hi, y);
  return {0, hi > 0 ? hi * 1.08 : 1};
}

// The frame, the ticks and their labels, the axis labels and the title.
std::string Chart::axes(double x0, double x1, double y0, double y1) const {
  const int left = lanes_.empty() ? 64 : 96, plot_w = width_ - left - kRight, plot_h = height_ - kTop - kBottom;
  std::string s = "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(kTop) + "\" width=\"" +
                  std::to_string(plot_w) + "\" height=\"" + std::to_string(plot_h) +
                  "\" fill=\"none\" stroke=\"#888\"/>\n";
  const double xs = nice_step(x1 - x0);
  for (double t = std::ceil(x0 / xs) * xs; t <= x1 + xs * 1e-9; t += xs) {
    const double px = left + (t - x0) / (x1 - x0) * plot_w;
    s += "<line x1=\"" + fmt(px) + "\" y1=\"" + std::to_string(kTop + plot_h) + "\" x2=\"" + fmt(px) + "\" y2=\"" +
         std::to_string(kTop + plot_h + 4) + "\" stroke=\"#888\"/><text x=\"" + fmt(px) + "\" y=\"" +
         std::to_string(kTop + plot_h + 15) + "\" text-anchor=\"middle\">" + number(std::abs(t) < xs * 1e-9 ? 0 : t) +
         "</text>\n";
  }
  if (lanes_.empty()) {
    const double ys = nice_step(y1 - y0);
    for (double t = std::ceil(y0 / ys) * ys; t <= y1 + ys * 1e-9; t += ys) {
      const double py = kTop + plot_h - (t - y0) / (y1 - y0) * plot_h;
      s += "<line x1=\"" + std::to_string(left - 4) + "\" y1=\"" + fmt(py) + "\" x2=\"" + std::to_string(left) +
           "\" y2=\"" + fmt(py) + "\" stroke=\"#888\"/><text x=\"" + std::to_string(left - 6) + "\" y=\"" +
           fmt(py + 4) + "\" text-anchor=\"end\">" + number(std::abs(t) < ys * 1e-9 ? 0 : t) + "</text>\n";
    }
  } else {
    for (std::size_t i = 0; i < lanes_.size(); ++i)
      s += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + fmt(kTop + (i + 0.5) * plot_h / lanes_.size() + 4) +
           "\" text-anchor=\"end\">" + escape(lanes_[i]) + "</text>\n";
  }
  s += "<text x=\"" + std::to_string(left + plot_w / 2) + "\" y=\"" + std::to_string(kTop + plot_h + 32) +
       "\" text-anchor=\"middle\">" + escape(x_label_) + "</text>\n";
  if (!y_label_.empty())
    s += "<text transform=\"translate(13," + std::to_string(kTop + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(y_label_) + "</text>\n";
  s += "<text x=\"" + std::to_string(left) + "\" y=\"16\" font-weight=\"bold\">" + escape(title_) + "</text>\n";
  return s;
}

std::vector<std::pair<std::string, std::string>> Chart::legend_items() const {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& s : series_)
    if (!s.label.empty()) items.push_back({s.label, s.color});
  items.insert(items.end(), legend_.begin(), legend_.end());
  return items;
}

std::string Chart::legend_svg(int top) const {
  std::string out;
  int x = 0, y = top;
  for (const auto& [label, color] : legend_items()) {
    const int w = 26 + static_cast<int>(label.size() * 6.5);
    if (x > 0 && x + w > width_) {
      x = 0;
      y += kLegendRow;
    }
    out += "<rect x=\"" + std::to_string(x + 4) + "\" y=\"" + std::to_string(y) + "\" width=\"14\" height=\"10\" fill=\"" +
           escape(color) + "\"/><text x=\"" + std::to_string(x + 22) + "\" y=\"" + std::to_string(y + 9) + "\">" +
           escape(label) + "</text>\n";
    x += w;
  }
  return out;
}

std::string Chart::svg() const {
  const auto [x0, x1] = x_extent();
  const auto [y0, y1] = y_extent();
  const int left = lanes_.empty() ? 64 : 96, plot_w = width_ - left - kRight, plot_h = height_ - kTop - kBottom;
  const auto px = [&](double x) { return left + (std::clamp(x, x0, x1) - x0) / (x1 - x0) * plot_w; };
  const auto py = [&](double y) { return kTop + plot_h - (std::clamp(y, y0, y1) - y0) / (y1 - y0) * plot_h; };
  const double lane_h = lanes_.empty() ? 0 : static_cast<double>(plot_h) / lanes_.size();
  const auto lane_y = [&](std::size_t i) { return kTop + (i + 0.5) * lane_h; };
  const int total_h = height_ + legend_rows(legend_items(), width_) * kLegendRow;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width_) + "\" height=\"" +
                    std::to_string(total_h) + "\" viewBox=\"0 0 " + std::to_string(width_) + " " +
                    std::to_string(total_h) + "\" role=\"img\"><title>" + escape(title_) + "</title>\n";
  for (const auto& b : bands_)
    out += "<rect x=\"" + fmt(px(b.x0)) + "\" y=\"" + std::to_string(kTop) + "\" width=\"" +
           fmt(std::max(1.0, px(b.x1) - px(b.x0))) + "\" height=\"" + std::to_string(plot_h) + "\" fill=\"" +
           escape(b.color) + "\" fill-opacity=\"0.15\"><title>" + escape(b.label) + "</title></rect>\n";
  for (const auto& s : shapes_) {
    const double cy = lane_y(s.lane), h = lane_h * s.thick;
    if (s.cross)
      out += "<path d=\"M" + fmt(px(s.x0) - 4) + " " + fmt(cy - 4) + "l8 8m0 -8l-8 8\" stroke=\"" + escape(s.color) +
             "\" stroke-width=\"2\"><title>" + escape(s.tip) + "</title></path>\n";
    else
      out += "<rect x=\"" + fmt(px(s.x0)) + "\" y=\"" + fmt(cy - h / 2) + "\" width=\"" +
             fmt(std::max(1.0, px(s.x1) - px(s.x0))) + "\" height=\"" + fmt(h) + "\" fill=\"" + escape(s.color) +
             "\"><title>" + escape(s.tip) + "</title></rect>\n";
  }
  for (const auto& s : series_) {
    if (s.xy.empty()) continue;
    if (s.style == Style::points) {
      for (const auto& [x, y] : s.xy)
        out += "<circle cx=\"" + fmt(px(x)) + "\" cy=\"" + fmt(py(y)) + "\" r=\"2.2\" fill=\"" + escape(s.color) + "\"/>";
      out += "\n";
      continue;
    }
    std::string d = "M" + fmt(px(s.xy[0].first)) + " " + fmt(py(s.xy[0].second));
    for (std::size_t i = 1; i < s.xy.size(); ++i)
      d += s.style == Style::step ? "H" + fmt(px(s.xy[i].first)) + "V" + fmt(py(s.xy[i].second))
                                  : "L" + fmt(px(s.xy[i].first)) + " " + fmt(py(s.xy[i].second));
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + escape(s.color) + "\" stroke-width=\"1.6\"/>\n";
  }
  for (const auto& b : bands_)  // the faults' names over what is drawn
    out += "<text x=\"" + fmt(px(b.x0) + 2) + "\" y=\"" + std::to_string(kTop + 11) +
           "\" fill=\"#444\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">" + escape(b.label) + "</text>\n";
  const bool empty = series_.empty() && shapes_.empty();
  if (empty && !empty_note_.empty())
    out += "<text x=\"" + std::to_string(left + plot_w / 2) + "\" y=\"" + std::to_string(kTop + plot_h / 2) +
           "\" text-anchor=\"middle\" fill=\"#777\" font-size=\"14\">" + escape(empty_note_) + "</text>\n";
  out += axes(x0, x1, y0, y1) + legend_svg(height_ - 4) + "</svg>\n";
  return out;
}

}  // namespace monsim::sim::html
