// Layout and drawing of the report's charts. Bars get a colour AND a texture (solid,
// hatched, dotted) and lines a colour AND a dash pattern, so series stay apart when the
// report is printed in greyscale. Every coordinate goes through svg_number: same spec,
// same bytes.
#include "prober/output/report_chart.hpp"

#include "prober/output/report_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace iotprobe::output {
namespace {

// Okabe-Ito colours, ordered so that neighbours differ in lightness too.
constexpr std::array<std::string_view, 8> bar_colours{
    "#0072B2", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#56B4E9", "#D55E00", "#999999"};
constexpr std::array<std::string_view, 4> line_colours{"#000000", "#D55E00", "#0072B2", "#009E73"};
constexpr std::array<std::string_view, 4> line_dashes{"", "6 3", "2 3", "9 3 2 3"};
constexpr double legend_width = 230, margin_left = 64, margin_top = 44, margin_bottom = 70;

struct layout {
  double left, right, top, bottom;  // the plot area
  double band;                      // width of one category
  double y_max, y_step;
  double x_center(std::size_t i) const { return left + band * (static_cast<double>(i) + 0.5); }
  double y_of(double v) const { return bottom - (bottom - top) * (y_max > 0 ? v / y_max : 0); }
};

double value_at(const chart_series& s, std::size_t i) {
  return i < s.values.size() && std::isfinite(s.values[i]) ? std::max(0.0, s.values[i]) : 0.0;
}

double data_max(const chart_spec& spec) {
  double max = 0;
  for (std::size_t i = 0; i < spec.x_labels.size(); ++i) {
    double stack = 0;
    for (const auto& s : spec.bars) stack += value_at(s, i);
    max = std::max(max, stack);
    for (const auto& s : spec.lines) max = std::max(max, value_at(s, i));
  }
  return max;
}

layout make_layout(const chart_spec& spec) {
  layout l{};
  l.left = margin_left;
  l.right = spec.width - legend_width;
  l.top = margin_top;
  l.bottom = spec.height - margin_bottom;
  l.band = (l.right - l.left) / static_cast<double>(std::max<std::size_t>(1, spec.x_labels.size()));
  const double max = data_max(spec);
  l.y_step = nice_tick_step(max);
  l.y_max = std::max(l.y_step, std::ceil(max / l.y_step - 1e-9) * l.y_step);
  return l;
}

std::string format_value(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

std::string fill_id(const chart_spec& spec, std::size_t i) {
  return fmt::format("{}-fill-{}", spec.id, i);
}

// One pattern per bar series: the colour of its style slot under a texture chosen by slot % 3.
void write_patterns(svg_writer& w, const chart_spec& spec) {
  w.open("defs");
  for (std::size_t i = 0; i < spec.bars.size(); ++i) {
    const int style = spec.bars[i].style;
    const std::size_t slot = style >= 0 ? static_cast<std::size_t>(style) : i;
    w.open("pattern", {{"id", fill_id(spec, i)}, {"patternUnits", "userSpaceOnUse"},
                       {"width", "6"}, {"height", "6"}});
    w.empty("rect", {{"width", "6"}, {"height", "6"}, {"fill", std::string(bar_colours[slot % 8])}});
    if (slot % 3 == 1)
      w.empty("path", {{"d", "M0,6 L6,0"}, {"stroke", "#000"}, {"stroke-opacity", "0.5"}});
    if (slot % 3 == 2) w.empty("circle", {{"cx", "3"}, {"cy", "3"}, {"r", "1.2"}, {"fill", "#000"}, {"fill-opacity", "0.5"}});
    w.close();
  }
  w.close();
}

void write_y_axis(svg_writer& w, const chart_spec& spec, const layout& l) {
  w.open("g", {{"class", "axis y-axis"}});
  for (double v = 0; v <= l.y_max + l.y_step / 2; v += l.y_step) {
    const auto y = svg_number(l.y_of(v));
    w.empty("line", {{"x1", svg_number(l.left)}, {"x2", svg_number(l.right)}, {"y1", y}, {"y2", y},
                     {"stroke", "#ddd"}});
    w.text_element("text", format_value(v, spec.decimals),
                   {{"x", svg_number(l.left - 6)}, {"y", y}, {"text-anchor", "end"},
                    {"dominant-baseline", "middle"}});
  }
  const auto mid = svg_number((l.top + l.bottom) / 2);
  w.text_element("text", spec.y_label,
                 {{"x", "14"}, {"y", mid}, {"text-anchor", "middle"},
                  {"transform", fmt::format("rotate(-90 14 {})", mid)}});
  w.close();
}

// Every label when they fit, else every k-th; dates are tilted so that ten fit in a row.
void write_x_axis(svg_writer& w, const chart_spec& spec, const layout& l) {
  w.open("g", {{"class", "axis x-axis"}});
  w.empty("line", {{"x1", svg_number(l.left)}, {"x2", svg_number(l.right)},
                   {"y1", svg_number(l.bottom)}, {"y2", svg_number(l.bottom)}, {"stroke", "#000"}});
  const std::size_t every = std::max<std::size_t>(1, (spec.x_labels.size() + 13) / 14);
  for (std::size_t i = 0; i < spec.x_labels.size(); i += every) {
    const auto x = svg_number(l.x_center(i)), y = svg_number(l.bottom + 14);
    w.text_element("text", spec.x_labels[i],
                   {{"x", x}, {"y", y}, {"text-anchor", "end"},
                    {"transform", fmt::format("rotate(-35 {} {})", x, y)}});
  }
  w.close();
}

std::string point_title(const chart_spec& spec, std::size_t i, const chart_series& s) {
  return fmt::format("{}: {} {} {}", spec.x_labels[i], s.name, format_value(value_at(s, i), spec.decimals),
                     spec.unit);
}

void write_bars(svg_writer& w, const chart_spec& spec, const layout& l) {
  std::vector<double> base(spec.x_labels.size(), 0.0);
  for (std::size_t k = 0; k < spec.bars.size(); ++k) {
    const auto& s = spec.bars[k];
    w.open("g", {{"class", "series"}, {"data-kind", "bar"}, {"data-series", s.name},
                 {"fill", fmt::format("url(#{})", fill_id(spec, k))}});
    for (std::size_t i = 0; i < spec.x_labels.size(); ++i) {
      const double v = value_at(s, i), y0 = l.y_of(base[i]), y1 = l.y_of(base[i] + v);
      base[i] += v;
      w.open("rect", {{"class", "point"}, {"x", svg_number(l.x_center(i) - l.band * 0.35)},
                      {"y", svg_number(y1)}, {"width", svg_number(l.band * 0.7)},
                      {"height", svg_number(y0 - y1)}, {"data-value", format_value(v, spec.decimals)}});
      w.text_element("title", point_title(spec, i, s)).close();
    }
    w.close();
  }
}

std::string line_path(const chart_spec& spec, const chart_series& s, const layout& l) {
  std::string d;
  for (std::size_t i = 0; i < spec.x_labels.size(); ++i) {
    const auto x = l.x_center(i), y = l.y_of(value_at(s, i));
    if (i == 0) d = fmt::format("M{},{}", svg_number(x), svg_number(y));
    else if (spec.step_lines) d += fmt::format(" H{} V{}", svg_number(x), svg_number(y));
    else d += fmt::format(" L{},{}", svg_number(x), svg_number(y));
  }
  return d;
}

void write_lines(svg_writer& w, const chart_spec& spec, const layout& l) {
  for (std::size_t k = 0; k < spec.lines.size(); ++k) {
    const auto& s = spec.lines[k];
    const auto colour = std::string(line_colours[k % line_colours.size()]);
    w.open("g", {{"class", "series"}, {"data-kind", "line"}, {"data-series", s.name}});
    w.empty("path", {{"d", line_path(spec, s, l)}, {"fill", "none"}, {"stroke", colour},
                     {"stroke-width", "2"}, {"stroke-dasharray", std::string(line_dashes[k % 4])}});
    for (std::size_t i = 0; i < spec.x_labels.size(); ++i) {
      w.open("circle", {{"class", "point"}, {"cx", svg_number(l.x_center(i))},
                        {"cy", svg_number(l.y_of(value_at(s, i)))}, {"r", "3.5"}, {"fill", "#fff"},
                        {"stroke", colour}, {"data-value", format_value(value_at(s, i), spec.decimals)}});
      w.text_element("title", point_title(spec, i, s)).close();
    }
    w.close();
  }
}

void write_legend(svg_writer& w, const chart_spec& spec, const layout& l) {
  w.open("g", {{"class", "legend"}});
  double y = l.top;
  for (std::size_t k = spec.lines.size(); k-- > 0; y += 18) {
    const auto colour = std::string(line_colours[k % line_colours.size()]), ys = svg_number(y + 6);
    w.empty("line", {{"x1", svg_number(l.right + 16)}, {"x2", svg_number(l.right + 40)}, {"y1", ys},
                     {"y2", ys}, {"stroke", colour}, {"stroke-width", "2"},
                     {"stroke-dasharray", std::string(line_dashes[k % 4])}});
    w.text_element("text", spec.lines[k].name, {{"x", svg_number(l.right + 46)}, {"y", svg_number(y + 10)}});
  }
  for (std::size_t k = spec.bars.size(); k-- > 0; y += 18) {  // top of the stack first
    w.empty("rect", {{"x", svg_number(l.right + 22)}, {"y", svg_number(y)}, {"width", "12"},
                     {"height", "12"}, {"fill", fmt::format("url(#{})", fill_id(spec, k))},
                     {"stroke", "#333"}});
    w.text_element("text", spec.bars[k].name, {{"x", svg_number(l.right + 46)}, {"y", svg_number(y + 10)}});
  }
  w.close();
}

}  // namespace

double nice_tick_step(double max) {
  if (!(max > 0) || !std::isfinite(max)) return 1;
  const double raw = max / 5, magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude * (1 + 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

std::string render_chart(const chart_spec& spec) {
  const layout l = make_layout(spec);
  svg_writer w;
  w.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"}, {"class", "chart"}, {"id", spec.id},
                 {"data-chart", spec.id}, {"role", "img"}, {"aria-label", spec.title},
                 {"width", std::to_string(spec.width)}, {"height", std::to_string(spec.height)},
                 {"viewBox", fmt::format("0 0 {} {}", spec.width, spec.height)},
                 {"font-family", "sans-serif"}, {"font-size", "11"}});
  w.text_element("title", spec.title);
  write_patterns(w, spec);
  w.text_element("text", spec.title, {{"x", svg_number(l.left)}, {"y", "24"}, {"font-size", "14"},
                                      {"font-weight", "bold"}});
  write_y_axis(w, spec, l);
  write_x_axis(w, spec, l);
  if (spec.x_labels.empty())
    w.text_element("text", "no data for this period",
                   {{"x", svg_number((l.left + l.right) / 2)}, {"y", svg_number((l.top + l.bottom) / 2)},
                    {"text-anchor", "middle"}});
  write_bars(w, spec, l);
  write_lines(w, spec, l);
  write_legend(w, spec, l);
  return w.str();
}

}  // namespace iotprobe::output
