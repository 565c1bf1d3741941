// Hostile device strings in the report: markup, an attribute breakout and spreadsheet
// formulas as a model, a firmware string and a chart series name render inert in HTML,
// SVG and CSV (formula cells get a leading '), stay intact data in JSON, and are escaped
// for the terminal in text. The CSV rule holds for `export --format csv` too.
#include "prober/output/csv.hpp"
#include "prober/output/report_svg.hpp"
#include "prober/output/report_views.hpp"
#include "prober/output/store_views.hpp"
#include "hostile.hpp"
#include "report_data.hpp"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <sstream>

using namespace iotprobe::output;
using iotprobe::testing::sample_report;

namespace {

const std::vector<std::string> payloads{"<script>alert(1)</script>", "\"><svg onload=alert(1)>",
                                        "=HYPERLINK(\"http://x.test\",\"y\")"};

// No element named script and no on* attribute anywhere in an SVG document; returns the
// concatenated text so the caller can see the payload arrived as text.
std::string svg_text(const std::string& svg) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  CHECK(doc.select_nodes("//*[local-name()='script']").empty());
  CHECK(doc.select_nodes("//@*[starts-with(local-name(), 'on')]").empty());
  std::string text;
  for (const auto& t : doc.select_nodes("//text()")) text += t.node().value();
  for (const auto& a : doc.select_nodes("//@data-series")) text += a.attribute().value();
  return text;
}

}  // namespace

TEST_CASE("report html: device strings are text, never markup", "[output][report][hostile]") {
  for (const auto& p : payloads) {
    INFO(p);
    const auto html = report_html(sample_report(p, p, p));
    CHECK(html.find(p) == std::string::npos);
    CHECK(html.find(xml_escape(p)) != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<svg onload") == std::string::npos);
  }
}

TEST_CASE("report svg: device strings are text, never markup", "[output][report][hostile]") {
  for (const auto& p : payloads) {
    INFO(p);
    for (const auto& [name, svg] : report_svg_files(sample_report("m", "f", p))) {
      INFO(name);
      CHECK(svg.find(p) == std::string::npos);
      // The family is a series of the hosts chart only (it has no devices).
      CHECK((svg_text(svg).find(p) != std::string::npos) == (name == "hosts-per-family.svg"));
    }
  }
}

TEST_CASE("report csv: formula cells get a leading quote, all cells stay one cell", "[output][report][hostile]") {
  std::map<std::string, std::string> files;
  for (auto& [name, content] : report_csv_files(sample_report(payloads[2], "@SUM(1+1)", "+cmd")))
    files[name] = content;
  CHECK(files.at("top_models.csv") == "family,model,devices\n"
                                      "logitec-router,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"y\"\")\",25\n");
  CHECK(files.at("top_firmware.csv") == "family,firmware,address_days\n'+cmd,'@SUM(1+1),22\n");
  const auto markup = report_csv_files(sample_report(payloads[0], payloads[1]));
  CHECK(markup[5].second.find("logitec-router,<script>alert(1)</script>,25\n") != std::string::npos);
  CHECK(markup[6].second.find(",\"\"\"><svg onload=alert(1)>\",22\n") != std::string::npos);
}

TEST_CASE("csv: = + - @ tab and CR open a formula; numbers are left alone", "[output][csv][hostile]") {
  CHECK(csv_cell("=1+1") == "'=1+1");
  CHECK(csv_cell("+1") == "'+1");
  CHECK(csv_cell("-1") == "'-1");
  CHECK(csv_cell("@x") == "'@x");
  CHECK(csv_cell("\tx") == "'\tx");
  CHECK(csv_cell("\rx") == "\"'\rx\"");
  CHECK(csv_cell("=a,b") == "\"'=a,b\"");
  CHECK(csv_cell("a=b") == "a=b");
  std::ostringstream out;
  csv_writer csv(out);
  csv.cell(std::int64_t{-5}).cell(-0.5).cell("-5");
  csv.end_record();
  CHECK(out.str() == "-5,-0.5,'-5\n");
}

TEST_CASE("export csv: a formula in device text is neutralised", "[output][csv][hostile]") {
  iotprobe::db::export_row row;
  row.day = "2021-05-27";
  row.ip = "127.0.0.9";
  row.product = payloads[2];
  row.version = "-2+3";
  std::ostringstream out;
  export_csv(out).row(row);
  CHECK(out.str().find(",\"'=HYPERLINK(\"\"http://x.test\"\",\"\"y\"\")\",'-2+3,") != std::string::npos);
}

TEST_CASE("report json and text: device strings are data, and inert on a terminal", "[output][report][hostile]") {
  const auto j = report_json(sample_report(payloads[0], payloads[1]));
  CHECK(j["top_models"][0]["model"] == payloads[0]);
  CHECK(j["top_firmware"][0]["firmware"] == payloads[1]);
  const auto text = report_text(sample_report(iotprobe::testing::hostile, "fw", "wificam"));
  iotprobe::testing::check_inert(text);
}
