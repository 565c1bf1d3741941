// The report's views on a hand-made report: JSON (iotprobe.report/1), one CSV per table,
// four standalone SVG charts with the series and points a browser test counts, the HTML
// page (CSP, no script, no external address, print rules) and the aligned text.
#include "prober/output/report_views.hpp"
#include "report_data.hpp"
#include "svg_series.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>

using namespace iotprobe::output;
using iotprobe::testing::series_of;
using iotprobe::testing::sample_report;

namespace {

std::map<std::string, std::string> by_name(const std::vector<report_file>& files) {
  return {files.begin(), files.end()};
}

}  // namespace

TEST_CASE("report json: the versioned schema and its tables", "[output][report]") {
  const auto j = report_json(sample_report());
  CHECK(j["schema"] == "iotprobe.report/1");
  CHECK(j["period"]["from"] == "2021-05-27");
  CHECK(j["filter"]["families"].is_null());
  CHECK(j["filter"]["focus_country"] == "JP");
  REQUIRE(j["funnel"].size() == 2);
  CHECK(j["funnel"][0]["darknet"] == 100);
  CHECK(j["funnel"][0]["inflation"].get<double>() == Approx(3.0));
  CHECK(j["funnel_by_family"][1]["family"] == "wificam");
  CHECK(j["funnel_by_family"][1]["inflation"].is_null());
  CHECK(j["churn"][0]["ips_per_device_mean"] == 2.14);
  CHECK(j["cumulative_devices"].size() == 4);
  CHECK(j["top_models"][0] == nlohmann::json{{"family", "logitec-router"}, {"model", "LAN-W300N/DR"}, {"devices", 25}});
  CHECK(j["top_firmware"][0]["address_days"] == 22);
  CHECK(j["countries"][1] == nlohmann::json{{"country", ""}, {"darknet_address_days", 60},
                                            {"identified_address_days", 30}, {"device_days", 1}});
}

TEST_CASE("report csv: one file per table, the JSON's columns", "[output][report]") {
  const auto files = by_name(report_csv_files(sample_report()));
  CHECK(files.size() == 8);
  const auto& funnel = files.at("funnel.csv");
  CHECK(funnel.rfind("day,darknet,admitted,probed,open,identified,with_udn,devices,unattributed,inflation\n"
                     "2021-05-27,100,98,98,80,60,40,20,5,3.0\n", 0) == 0);
  CHECK(files.at("funnel_by_family.csv").find("2021-05-27,wificam,10,0,0,0,\n") != std::string::npos);
  CHECK(files.at("countries.csv") ==
        "country,darknet_address_days,identified_address_days,device_days\nJP,150,100,40\n,60,30,1\n");
}

TEST_CASE("report svg: four standalone charts, one series per family, one point per day", "[output][report]") {
  const auto files = by_name(report_svg_files(sample_report()));
  REQUIRE(files.size() == 4);
  using series = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(series_of(files.at("hosts-per-family.svg")) == series{{"logitec-router", 2}, {"wificam", 2}});
  CHECK(series_of(files.at("focus.svg")) == series{{"logitec-router", 2}, {"logitec-router unique UUIDs", 2}});
  CHECK(series_of(files.at("cumulative-devices.svg")) == series{{"logitec-router", 2}, {"all families", 2}});
  CHECK(series_of(files.at("inflation.svg")) == series{{"logitec-router", 2}});
  CHECK(files.at("inflation.svg").find("<title>2021-05-28: logitec-router 2.76 addresses per device</title>") !=
        std::string::npos);
}

TEST_CASE("report html: self-contained, no script, no external address, prints on A4", "[output][report]") {
  const auto html = report_html(sample_report());
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'; img-src data:;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("@page { size: A4;") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  // The only address in the page is the SVG namespace name (an identifier, never fetched).
  const std::regex address(R"((https?|ftp)://[^"'\s<>]+)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), address); it != std::sregex_iterator(); ++it)
    CHECK(it->str() == "http://www.w3.org/2000/svg");
  std::size_t charts = 0;
  for (auto at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) ++charts;
  CHECK(charts == 4);
  CHECK(html.find("<td>LAN-W300N/DR</td>") != std::string::npos);
  CHECK(html.rfind("</body>\n</html>\n") == html.size() - 16);
}

TEST_CASE("report text: the funnel and every table, aligned", "[output][report]") {
  const auto r = sample_report();
  const auto funnel = funnel_text(r);
  CHECK(funnel.rfind("day         darknet admitted   probed     open identified  with-udn  devices "
                     "unattributed inflation\n", 0) == 0);
  CHECK(funnel.find("2021-05-27      100       98       98       80         60        40       20 "
                    "           5      3.00\n") != std::string::npos);
  const auto text = report_text(r);
  for (const char* heading : {"The daily funnel", "Per family", "Churn", "Unique devices seen",
                              "Top models", "Top firmware", "Top countries"})
    CHECK(text.find(heading) != std::string::npos);
  CHECK(text.find("(all families)") != std::string::npos);
}

TEST_CASE("report svg: the focus family stands at the bottom, in its own colour", "[output][report]") {
  auto r = sample_report();
  r.filter.focus_family = "wificam";
  for (const auto& day : r.days) r.focus.push_back({day, "wificam", 5, 2});
  const auto files = by_name(report_svg_files(r));
  using series = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(series_of(files.at("focus.svg")) ==
        series{{"wificam", 2}, {"logitec-router", 2}, {"wificam unique UUIDs", 2}});
  // wificam ranks second: slot 1 in every chart, wherever it is stacked.
  const auto fill = [](const std::string& svg, const std::string& id) {
    std::smatch m;
    const std::regex re("<pattern id=\"" + id + "\"[^>]*>\\s*<rect[^>]*fill=\"([^\"]+)\"");
    REQUIRE(std::regex_search(svg, m, re));
    return m[1].str();
  };
  CHECK(fill(files.at("focus.svg"), "focus-fill-0") == fill(files.at("hosts-per-family.svg"), "hosts-per-family-fill-1"));
  CHECK(fill(files.at("focus.svg"), "focus-fill-1") == fill(files.at("hosts-per-family.svg"), "hosts-per-family-fill-0"));
}
