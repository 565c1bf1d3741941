// Loading Recog XML and Recog::Fingerprint#match's result: params, interpolation with the
// cpe23 '-' rule, _tmp removal, service.protocol/fingerprint_db, base64 and _filename
// examples, file order, and the engine's preference order.
#include "parsers/fingerprint/fingerprint_db.hpp"
#include "parsers/fingerprint/fingerprint_engine.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

using iotprobe::parsers::fingerprint_db;
using iotprobe::parsers::fingerprint_engine;
using iotprobe::parsers::ruby_base64_decode;

namespace {

fingerprint_db db_from(const std::string& body, const std::string& root_attrs =
                                                    R"(matches="t.field" protocol="HTTP")") {
  return fingerprint_db::parse("<fingerprints " + root_attrs + ">" + body + "</fingerprints>",
                               "test.xml", std::filesystem::temp_directory_path());
}

const char* apache_fp = R"(
  <fingerprint pattern="^Apache(?:/(\d[\d.]*))?(?: \((\w+)\))?$">
    <description>  Apache
       HTTPD </description>
    <example service.version="2.4.1">Apache/2.4.1 (Unix)</example>
    <param pos="0" name="service.vendor" value="Apache"/>
    <param pos="1" name="service.version"/>
    <param pos="2" name="_tmp.os"/>
    <param pos="0" name="service.cpe23" value="cpe:/a:apache:http_server:{service.version}"/>
    <param pos="0" name="os.family" value="{_tmp.os}"/>
  </fingerprint>)";

}  // namespace

TEST_CASE("a match carries fixed, captured and interpolated params", "[fingerprint][db]") {
  const auto db = db_from(apache_fp);
  REQUIRE(db.fingerprints().size() == 1);
  CHECK(db.fingerprints()[0].description == "Apache HTTPD");  // whitespace collapsed
  const auto m = db.match("Apache/2.4.1 (Unix)");
  REQUIRE(m);
  CHECK(m->params.at("service.vendor") == "Apache");
  CHECK(m->params.at("service.version") == "2.4.1");
  CHECK(m->params.at("service.cpe23") == "cpe:/a:apache:http_server:2.4.1");
  CHECK(m->params.at("os.family") == "Unix");   // interpolated from a _tmp param…
  CHECK(m->params.count("_tmp.os") == 0);       // …which is then dropped
  CHECK(m->params.at("service.protocol") == "http");  // lower-cased, as Recog does
  CHECK(m->params.at("fingerprint_db") == "t.field");
  CHECK(m->description == "Apache HTTPD");
}

TEST_CASE("a nil version inside cpe23 becomes '-'; other nils make Recog raise",
          "[fingerprint][db]") {
  const auto db = db_from(apache_fp);
  std::string error;
  CHECK_FALSE(db.match_one(0, "Apache", iotprobe::parsers::ruby_regex::subject_kind::text, error));
  CHECK(error.find("_tmp.os") != std::string::npos);  // os.family = {_tmp.os} with nil

  const auto cpe_only = db_from(R"(
    <fingerprint pattern="^Apache(?:/(\d[\d.]*))?$"><description>A</description>
      <param pos="1" name="service.version"/>
      <param pos="0" name="service.cpe23" value="cpe:/a:apache:http_server:{service.version}"/>
    </fingerprint>)");
  const auto m = cpe_only.match("Apache");
  REQUIRE(m);
  CHECK(m->params.at("service.cpe23") == "cpe:/a:apache:http_server:-");
  CHECK(m->params.count("service.version") == 0);  // nil is absent, not ""
}

TEST_CASE("service.protocol from a param wins over the database protocol", "[fingerprint][db]") {
  const auto db = db_from(R"(
    <fingerprint pattern="^x$"><description>X</description>
      <param pos="0" name="service.protocol" value="rtsp"/></fingerprint>)");
  CHECK(db.match("x")->params.at("service.protocol") == "rtsp");
}

TEST_CASE("first fingerprint in file order wins", "[fingerprint][db]") {
  const auto db = db_from(R"(
    <fingerprint pattern="^Apache"><description>first</description>
      <param pos="0" name="a.b" value="1"/></fingerprint>
    <fingerprint pattern="^Apache/2"><description>second</description>
      <param pos="0" name="a.b" value="2"/></fingerprint>)");
  CHECK(db.match("Apache/2.4")->description == "first");
  CHECK(db.match("Apache/2.4")->fingerprint_index == 0);
  CHECK_FALSE(db.match("nginx"));
}

TEST_CASE("base64 examples decode like Ruby unpack1('m*')", "[fingerprint][db]") {
  CHECK(ruby_base64_decode("QUJD") == "ABC");
  CHECK(ruby_base64_decode("QU\nJD\n RA==") == "ABCD");   // non-alphabet bytes skipped
  CHECK(ruby_base64_decode("QUI=garbage") == "AB");      // padding ends the data
  CHECK(ruby_base64_decode("QQ") == "A");                // missing padding tolerated
  CHECK(ruby_base64_decode("AP8=") == std::string("\x00\xff", 2));
  const auto db = db_from(R"(
    <fingerprint pattern="^\x00\x01(\w+)$"><description>bin</description>
      <example _encoding="base64" hw.product="abc">AAFhYmM=</example>
      <param pos="1" name="hw.product"/></fingerprint>)");
  const auto& ex = db.fingerprints()[0].examples.at(0);
  CHECK(ex.binary);
  CHECK(ex.content == std::string("\x00\x01" "abc", 5));
}

TEST_CASE("_filename examples are read from <db>/ and never from outside it",
          "[fingerprint][db]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "iotprobe_fp_test";
  fs::create_directories(dir / "ext");
  std::ofstream(dir / "ext" / "ex1.txt", std::ios::binary) << "Server: \xff" "ACME 7";
  const std::string good = R"xml(<fingerprints matches="x"><fingerprint pattern="ACME (\d)">
      <description>file</description><example _filename="ex1.txt" v.n="7"/>
      <param pos="1" name="v.n"/></fingerprint></fingerprints>)xml";
  std::ofstream(dir / "ext.xml") << good;
  const auto db = fingerprint_db::load(dir / "ext.xml");
  const auto& ex = db.fingerprints()[0].examples.at(0);
  CHECK(ex.binary);
  CHECK(ex.content == "Server: \xff" "ACME 7");
  std::string bad = good;
  bad.replace(bad.find("ex1.txt"), 7, "../ext.xml");
  std::ofstream(dir / "ext.xml") << bad;
  const auto refused = fingerprint_db::load(dir / "ext.xml");
  CHECK(refused.fingerprints().empty());
  REQUIRE(refused.load_errors().size() == 1);
  CHECK(refused.load_errors()[0].message.find("illegal file path") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("invalid databases throw with the file and line", "[fingerprint][db]") {
  // A bad rule is left out and listed, so the rest of the file still loads and verifies.
  const auto db = db_from(R"(<fingerprint pattern="(" ><description>x</description>
      </fingerprint><fingerprint pattern="x" flags="REG_NOPE"><description>y</description>
      </fingerprint><fingerprint pattern="^ok$"><description>z</description></fingerprint>)");
  REQUIRE(db.load_errors().size() == 2);
  CHECK(db.load_errors()[0].line == 1);
  CHECK(db.load_errors()[0].description == "x");
  CHECK(db.load_errors()[0].message.find("bad pattern") != std::string::npos);
  CHECK(db.load_errors()[1].message.find("REG_NOPE") != std::string::npos);
  REQUIRE(db.fingerprints().size() == 1);
  CHECK(db.match("ok")->description == "z");
  CHECK_THROWS_WITH(fingerprint_db::parse("<nope/>", "n.xml", "."), Catch::Contains("n.xml"));
  CHECK_THROWS(fingerprint_db::parse("<fingerprints>", "n.xml", "."));
  CHECK_THROWS_WITH(fingerprint_db::load("/nonexistent/x.xml"), Catch::Contains("cannot read"));
}

TEST_CASE("the engine tries databases by preference and reports every match",
          "[fingerprint][engine]") {
  fingerprint_engine engine;
  engine.add(db_from(R"(<fingerprint pattern="^GoAhead"><description>low</description>
      <param pos="0" name="a.b" value="1"/></fingerprint>)",
                     R"(matches="http_header.server" preference="0.20")"));
  engine.add(db_from(R"(<fingerprint pattern="^GoAhead-Webs$"><description>high</description>
      <param pos="0" name="a.b" value="2"/></fingerprint>)",
                     R"(matches="http_header.server" preference="0.95")"));
  CHECK(engine.match("http_header.server", "GoAhead-Webs")->description == "high");
  CHECK(engine.match("http_header.server", "GoAhead-http")->description == "low");
  const auto all = engine.match_all("http_header.server", "GoAhead-Webs");
  REQUIRE(all.size() == 2);
  CHECK(all[0].description == "high");
  CHECK(all[1].description == "low");
  CHECK_FALSE(engine.match("html_title", "GoAhead-Webs"));
  CHECK(engine.has_field("http_header.server"));
}

TEST_CASE("the engine refuses a database with a rule it could not load", "[fingerprint][db]") {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "iotprobe_fp_refuse.xml";
  std::ofstream(file) << R"(<fingerprints matches="x"><fingerprint pattern="(">
      <description>broken</description></fingerprint></fingerprints>)";
  CHECK_THROWS_WITH(iotprobe::parsers::fingerprint_engine::load({file}),
                    Catch::Contains("iotprobe_fp_refuse.xml:1") && Catch::Contains("bad pattern"));
  fs::remove(file);
}

TEST_CASE("params without a name or pos, or naming a missing capture, are load errors",
          "[fingerprint][db]") {
  const auto db = db_from(R"x(<fingerprint pattern="^Boa/(\S+)"><description>a</description>
      <param pos="1"/></fingerprint>
      <fingerprint pattern="^Boa/(\S+)"><description>b</description>
      <param name="service.version"/></fingerprint>
      <fingerprint pattern="^Boa/(\S+)"><description>c</description>
      <param pos="2" name="service.version"/></fingerprint>
      <fingerprint pattern="^Boa/(\S+)"><description>d</description>
      <param pos="1" name="service.version"/></fingerprint>)x");
  REQUIRE(db.load_errors().size() == 3);
  CHECK_THAT(db.load_errors()[0].message, Catch::Contains("without a name"));
  CHECK_THAT(db.load_errors()[1].message, Catch::Contains("without a pos"));
  CHECK_THAT(db.load_errors()[2].message, Catch::Contains("names capture 2 but the pattern has 1"));
  REQUIRE(db.fingerprints().size() == 1);
  CHECK(db.fingerprints()[0].description == "d");
}

TEST_CASE("a match stopped by PCRE2's limits is no match, with a note", "[fingerprint][db]") {
  const auto db = db_from(R"(<fingerprint pattern="^(a+)+$"><description>slow</description>
      </fingerprint>)");
  std::string note;
  const auto m = db.match_one(0, std::string(40, 'a') + "b",
                              iotprobe::parsers::ruby_regex::subject_kind::text, note);
  CHECK_FALSE(m);
  CHECK(note == iotprobe::parsers::regex_limit_note);
  CHECK_FALSE(db.match(std::string(40, 'a') + "b"));
}

TEST_CASE("the engine refuses a database that names no field", "[fingerprint][engine]") {
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / "iotprobe_fp_nomatches.xml";
  std::ofstream(file) << R"(<fingerprints protocol="http"><fingerprint pattern="^a">
      <description>a</description></fingerprint></fingerprints>)";
  CHECK_THROWS_WITH(iotprobe::parsers::fingerprint_engine::load({file}),
                    Catch::Contains("iotprobe_fp_nomatches.xml:1") &&
                        Catch::Contains("no matches attribute"));
  fs::remove(file);
}
