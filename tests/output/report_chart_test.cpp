// The report's SVG writer and charts: escaping of hostile device strings, number
// formatting, tick steps, the DOM shape a browser test counts (series and points), and
// golden files for the four chart kinds (UPDATE_GOLDEN=1 rewrites them).
#include "prober/output/report_chart.hpp"
#include "prober/output/report_svg.hpp"
#include "svg_series.hpp"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace iotprobe::output;
using iotprobe::testing::series_of;

namespace {

const std::string golden_dir = std::string(IOTPROBE_FIXTURES_DIR) + "/golden/svg/";

chart_spec week_spec(std::string id) {
  chart_spec spec;
  spec.id = std::move(id);
  spec.title = "Daily hosts";
  spec.y_label = "hosts";
  spec.unit = "hosts";
  spec.x_labels = {"2021-05-27", "2021-05-28", "2021-05-29"};
  return spec;
}

void check_golden(const std::string& name, const std::string& svg) {
  const auto path = golden_dir + name + ".svg";
  if (const char* update = std::getenv("UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << svg;
    WARN("rewrote " << path);
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream want;
  want << in.rdbuf();
  CHECK(svg == want.str());
}

}  // namespace

TEST_CASE("xml_escape makes markup, quotes, controls and invalid UTF-8 inert", "[report][svg]") {
  CHECK(xml_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(xml_escape("\"><svg onload=x>") == "&quot;&gt;&lt;svg onload=x&gt;");
  CHECK(xml_escape("a&b'c") == "a&amp;b&#39;c");
  CHECK(xml_escape("bell\x07 esc\x1b[2J") == "bell\xEF\xBF\xBD esc\xEF\xBF\xBD[2J");
  CHECK(xml_escape("bad \xff\xfe end") == "bad \xEF\xBF\xBD\xEF\xBF\xBD end");
  CHECK(xml_escape("\xe6\x97\xa5\xe6\x9c\xac") == "\xe6\x97\xa5\xe6\x9c\xac");  // 日本 stays
  CHECK(xml_escape("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST_CASE("svg_number keeps at most two decimals and no negative zero", "[report][svg]") {
  CHECK(svg_number(12) == "12");
  CHECK(svg_number(12.5) == "12.5");
  CHECK(svg_number(1.005) == "1");  // binary 1.00499…
  CHECK(svg_number(-0.001) == "0");
  CHECK(svg_number(3.14159) == "3.14");
  CHECK(svg_number(std::numeric_limits<double>::quiet_NaN()) == "0");
}

TEST_CASE("svg_writer closes what it opened, innermost first", "[report][svg]") {
  svg_writer w;
  w.open("svg").open("g", {{"class", "a\"b"}}).empty("rect", {{"x", "1"}});
  CHECK(w.str() == "<svg>\n  <g class=\"a&quot;b\">\n    <rect x=\"1\"/>\n  </g>\n</svg>\n");
}

TEST_CASE("tick steps are 1, 2 or 5 times a power of ten", "[report][svg]") {
  CHECK(nice_tick_step(0) == 1);
  CHECK(nice_tick_step(5) == 1);
  CHECK(nice_tick_step(7) == 2);
  CHECK(nice_tick_step(268) == 100);
  CHECK(nice_tick_step(1167) == 500);
  CHECK(nice_tick_step(2.4) == Approx(0.5));
}

TEST_CASE("a stacked chart with a line has one group per series and a point per day", "[report][svg]") {
  auto spec = week_spec("fig3");
  spec.bars = {{"logitec-router", {268, 300, 280}}, {"wificam", {85, 90, 70}}};
  spec.lines = {{"logitec-router unique UUIDs", {244, 250, 251}}};
  const auto svg = render_chart(spec);
  const auto series = series_of(svg);
  REQUIRE(series.size() == 3);
  CHECK(series[0] == std::pair<std::string, std::size_t>{"logitec-router", 3});
  CHECK(series[1] == std::pair<std::string, std::size_t>{"wificam", 3});
  CHECK(series[2] == std::pair<std::string, std::size_t>{"logitec-router unique UUIDs", 3});
  CHECK(svg.find("<title>2021-05-28: wificam 90 hosts</title>") != std::string::npos);
}

TEST_CASE("a hostile series name is text in the chart, never markup", "[report][svg]") {
  auto spec = week_spec("hostile");
  spec.bars = {{"<script>alert(1)</script>", {1, 2, 3}}, {"\"><svg onload=alert(2)>", {1, 1, 1}}};
  const auto svg = render_chart(spec);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  CHECK(doc.select_nodes("//script").empty());
  CHECK(doc.select_nodes("//svg").size() == 1);
  CHECK(series_of(svg)[0].first == "<script>alert(1)</script>");
  CHECK(svg.find("<script") == std::string::npos);
}

TEST_CASE("golden SVG files for the report's four charts", "[report][svg]") {
  auto stacked = week_spec("daily-hosts");
  stacked.bars = {{"logitec-router", {268, 300, 280}}, {"wificam", {85, 90, 70}},
                  {"nvms-9000", {40, 41, 39}}, {"(unidentified)", {120, 110, 130}}};
  check_golden("stacked", render_chart(stacked));

  auto overlay = stacked;
  overlay.id = "country-family";
  overlay.title = "JP: daily hosts by family, logitec-router unique UUIDs";
  overlay.lines = {{"logitec-router unique UUIDs", {150, 160, 140}}};
  check_golden("stacked_with_line", render_chart(overlay));

  auto steps = week_spec("cumulative-uuids");
  steps.title = "Cumulative unique UUIDs";
  steps.unit = "devices";
  steps.step_lines = true;
  steps.lines = {{"all families", {359, 400, 431}}, {"logitec-router", {244, 260, 270}}};
  check_golden("steps", render_chart(steps));

  auto ratio = week_spec("inflation");
  ratio.title = "IPs per unique device";
  ratio.unit = "IPs per device";
  ratio.decimals = 2;
  ratio.lines = {{"logitec-router", {1.1, 1.35, 1.2}}, {"realtek-sdk-router", {1.0, 1.05, 1.5}}};
  check_golden("lines", render_chart(ratio));

  auto empty = week_spec("empty");
  empty.x_labels.clear();
  check_golden("empty", render_chart(empty));
}
