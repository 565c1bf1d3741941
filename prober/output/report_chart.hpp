// The report's one chart type: dated categories on x, stacked bars and/or lines (plain or
// stepped) on y, a legend, and a <title> on every point so a browser shows its value on
// hover. Each series is a <g class="series"> of elements of class "point", so a test (or a
// reader of the DOM) can count series and points. Output depends only on the spec.
#pragma once

#include <string>
#include <vector>

namespace iotprobe::output {

struct chart_series {
  std::string name;            // legend text (escaped on output, may come from a device)
  std::vector<double> values;  // one per x label; missing values count as 0
  int style = -1;              // bars: colour and texture slot, so one family looks the
                               // same in every chart; -1 = the series' position
};

struct chart_spec {
  std::string id;       // unique within a page: the element id and the pattern-id prefix
  std::string title;
  std::string y_label;  // axis title, e.g. "hosts per day"
  std::string unit;     // after each hovered value, e.g. "hosts"
  std::vector<std::string> x_labels;  // the categories (days), left to right
  std::vector<chart_series> bars;     // stacked, first series at the bottom
  std::vector<chart_series> lines;    // drawn over the bars
  bool step_lines = false;            // lines as steps (a count that grows in jumps)
  int decimals = 0;                   // of hovered values and y ticks (ratios: 2)
  int width = 800, height = 380;
};

// A standalone SVG document (no XML declaration, so it can be inlined in HTML as is).
std::string render_chart(const chart_spec& spec);

// The y-axis tick step for values up to `max`: 1, 2 or 5 times a power of ten, giving
// at most about six ticks. Exposed for tests.
double nice_tick_step(double max);

}  // namespace iotprobe::output
