// The example-driven verify test: every example of our databases and of Recog's
// http_servers.xml must pass (744 of 744), and each of Recog's checks must catch the defect
// it exists for. The [recog] case runs as its own ctest, reported skipped without the file.
#include "parsers/fingerprint/fingerprint_db.hpp"
#include "parsers/fingerprint/fingerprint_verify.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using iotprobe::parsers::fingerprint_db;
using iotprobe::parsers::verify_database;
using iotprobe::parsers::verify_report;

namespace {

verify_report verify_xml(const std::string& body) {
  return verify_database(fingerprint_db::parse(
      "<fingerprints matches=\"t\">" + body + "</fingerprints>", "t.xml", "."));
}

bool has_failure(const verify_report& r, const std::string& needle) {
  return std::any_of(r.failures.begin(), r.failures.end(), [&](const auto& f) {
    return f.message.find(needle) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("every example of our fingerprint databases passes", "[fingerprint][verify]") {
  const std::filesystem::path dir = IOTPROBE_SOURCE_DIR "/config/fingerprints";
  std::size_t files = 0;
  verify_report total;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    const auto db = fingerprint_db::load(entry.path());
    for (const auto& fp : db.fingerprints()) {
      INFO(entry.path().filename() << ": " << fp.description);
      CHECK(fp.examples.size() >= 3);  // issue 3: at least three examples per fingerprint
    }
    total.merge(verify_database(db));
  }
  for (const auto& f : total.failures) UNSCOPED_INFO(f.file << ":" << f.line << " " << f.message);
  CHECK(files >= 10);
  CHECK(total.failed == 0);
  CHECK(total.passed >= 140);
}

TEST_CASE("every example of Recog's http_servers.xml passes: 744 of 744",
          "[fingerprint][verify][recog]") {
  const std::filesystem::path file = IOTPROBE_RECOG_HTTP_SERVERS;
  REQUIRE(std::filesystem::exists(file));  // ctest skips (77) before we get here without it
  const auto report = verify_database(fingerprint_db::load(file));
  for (const auto& f : report.failures)
    UNSCOPED_INFO(f.line << " '" << f.fingerprint << "' \"" << f.example << "\": " << f.message);
  CHECK(report.passed == 744);
  CHECK(report.failed == 0);
}

TEST_CASE("verify catches each defect Recog's tests catch", "[fingerprint][verify]") {
  const auto r = verify_xml(R"(
    <fingerprint pattern="^a(\d)$"><description>wrong value</description>
      <example x.n="2">a1</example><param pos="1" name="x.n"/></fingerprint>
    <fingerprint pattern="^b$"><description>no match</description>
      <example>c</example><param pos="0" name="x.n" value="1"/></fingerprint>
    <fingerprint pattern="^a"><description>shadowed</description>
      <example>a1</example><param pos="0" name="x.n" value="1"/></fingerprint>
    <fingerprint pattern="^(d)(e)$"><description>captures</description>
      <example x.n="d">de</example><param pos="1" name="x.n"/></fingerprint>
    <fingerprint pattern="^f(g)$"><description>valued capture</description>
      <example x.n="g">fg</example><param pos="1" name="x.n" value="z"/></fingerprint>
    <fingerprint pattern="^h$"><description>missing key</description>
      <example y.m="1">h</example><param pos="0" name="x.n" value="1"/></fingerprint>
  )");
  CHECK(has_failure(r, "expected x.n='2', got '1'"));
  CHECK(has_failure(r, "does not match"));
  CHECK(has_failure(r, "matched first by earlier fingerprint 'wrong value'"));
  CHECK(has_failure(r, "regex has 2 capture groups, but the fingerprint expected 1"));
  CHECK(has_failure(r, "non-zero pos but specifies a value"));
  CHECK(has_failure(r, "expected y.m='1', got nil"));
  CHECK(r.passed == 2);  // the examples of "captures" and "valued capture" themselves pass
  CHECK(r.failed == 6);  // 4 failing examples + 2 fingerprint-level failures
}

TEST_CASE("an earlier fingerprint without examples is not checked, as in Recog's spec",
          "[fingerprint][verify]") {
  // fingerprint_self_test_spec.rb loops over prev_fp.tests, so a rule with no examples is
  // never asked whether it would match first. Recog's result is "pass"; so is ours.
  const auto r = verify_xml(R"(
    <fingerprint pattern="^a"><description>greedy, untested</description>
      <param pos="0" name="x.n" value="1"/></fingerprint>
    <fingerprint pattern="^ab$"><description>later</description>
      <example>ab</example><param pos="0" name="x.n" value="2"/></fingerprint>)");
  CHECK(r.failed == 0);
  CHECK(r.passed == 1);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("has no test cases") != std::string::npos);
  // …although at match time first-match order still holds:
  const auto db = fingerprint_db::parse(R"(<fingerprints matches="t">
    <fingerprint pattern="^a"><description>greedy</description>
      <param pos="0" name="x.n" value="1"/></fingerprint>
    <fingerprint pattern="^ab$"><description>later</description>
      <param pos="0" name="x.n" value="2"/></fingerprint></fingerprints>)", "t.xml", ".");
  CHECK(db.match("ab")->description == "greedy");
}

TEST_CASE("an uninterpolatable nil fails verification instead of crashing",
          "[fingerprint][verify]") {
  const auto r = verify_xml(R"(
    <fingerprint pattern="^a(\d)?$"><description>nil</description>
      <example x.n="1">a1</example><example>a</example>
      <param pos="1" name="x.n"/><param pos="0" name="x.m" value="v{x.n}"/></fingerprint>)");
  CHECK(r.passed == 1);
  CHECK(r.failed == 1);
  CHECK(has_failure(r, "Recog would raise"));
}

TEST_CASE("layouts from Recog's other databases load and verify as Recog does",
          "[fingerprint][verify]") {
  // In miniature, what telnet_banners, ntp_banners, dns_versionbind and mysql_error do: \A(?i),
  // (?m) over CR LF, NUL bytes, a class excluding '\' and 's', split base64 with spaces, stray
  // text inside <fingerprint>, an empty <example/>, multi-line text under REG_DOT_NEWLINE,
  // root attributes Recog ignores, and a capture no example asserts.
  const auto db = fingerprint_db::parse(R"xml(<fingerprints protocol="telnet" preference=".80"
      priority="20" database_type="service">
    <fingerprint pattern="^$"><description>empty</description><example/>
      <param pos="0" name="service.certainty" value="0.0"/></fingerprint>
    <fingerprint pattern="\A(?i)(?:\r|\n)*login:\s*$"><description>bare login</description>
      <example>LOGIN:</example></fingerprint>
    <fingerprint pattern="^R[^\\s]+ Hat Linux release ([^\\s]+)\\s*.*$"><description>rh</description>
      <example _encoding="base64" os.version="9 (Shrike)">
        UmVkIEhhdCBMaW51eCByZWxlYXNlIDkgKFNocmlrZSlcbktlcm5lbCAy
        LjQgb24gYW4gaTY4Ng== </example>
      <param pos="1" name="os.version"/></fingerprint>
    <fingerprint pattern="^(?m)TiMOS-[CB]-(\S+) cpm/(\w+).*Login:\s*$"><description>timos</description>
      <example _encoding="base64"  os.version="1.2" os.arch="x">VGlNT1MtQy0xLjIgY3BtL3gNDQpCcmV2aXR5DQpMb2dpbjoK</example>&gt;
      stray text <param pos="1" name="os.version"/><param pos="2" name="os.arch"/></fingerprint>
    <fingerprint pattern="^(NP\d+)(?:\r|\n|\x00)+Console"><description>nport</description>
      <example _encoding="base64" hw.product="NP6610">TlA2NjEwDQAKQ29uc29sZSB0ZXJtaW5hbCB0eXBl</example>
      <param pos="1" name="hw.product"/></fingerprint>
    <fingerprint pattern="^.*system=&quot;BSD/OS([\d.]+)&quot;" flags="REG_DOT_NEWLINE,REG_ICASE">
      <description>ntp</description>
      <example os.version="4.3">
        processor="i386", SYSTEM="BSD/OS4.3", leap=0
      </example><param pos="1" name="os.version"/></fingerprint>
    <fingerprint pattern="^Samba (\d\.\d+)"><description>unasserted</description>
      <example>Samba 3.6</example><param pos="1" name="service.version"/></fingerprint>
  </fingerprints>)xml", "mini.xml", ".");
  const verify_report r = verify_database(db);
  CHECK(r.passed == 6);
  CHECK(r.failed == 2);
  CHECK(has_failure(r, "missing an example that checks for parameter 'service.version'"));
  // Ruby's ^$ matches the empty first line of the multi-line ntp example, so the earlier
  // "empty" rule shadows it, exactly as Recog's spec would report.
  CHECK(has_failure(r, "matched first by earlier fingerprint 'empty'"));
  CHECK(db.match("\r\nlogin: ")->description == "bare login");
}

TEST_CASE("a rule Recog would refuse fails on its own; the rest of the file verifies",
          "[fingerprint][verify]") {
  const auto r = verify_xml(R"(
    <fingerprint pattern="^a(" ><description>broken</description><example>a</example></fingerprint>
    <fingerprint pattern="^b$"><description>fine</description><example>b</example></fingerprint>)");
  CHECK(r.passed == 1);
  CHECK(r.failed == 1);
  CHECK(has_failure(r, "bad pattern"));
}
