// parse_http_response on the device answers documented in docs/devices.md,
// one fixture each (tests/fixtures/http/, written by generate_fixtures.py), including
// titles in legacy charsets: every value a fingerprint would read is asserted.
#include "parsers/http/http_response.hpp"

#include "tests/parsers/http/http_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using iotprobe::parsers::http_response;
using iotprobe::parsers::parse_http_response;
using iotprobe::parsers::probe_status;

namespace {

http_response parse_fixture(const char* name) {
  return parse_http_response(iotprobe::testing::read_http_fixture(std::string("http/") + name));
}

std::vector<std::string> header_names(const http_response& r) {
  std::vector<std::string> names;
  for (const auto& h : r.headers) names.push_back(h.name);
  return names;
}

}  // namespace

TEST_CASE("Realtek miniigd 404: no Server header", "[http][devices]") {
  const auto r = parse_fixture("realtek_miniigd_404.http");
  CHECK(r.status == probe_status::ok);
  CHECK(r.version == "HTTP/1.1");
  CHECK(r.status_code == 404);
  CHECK(r.reason == "Not found");
  CHECK_FALSE(r.server());
  CHECK(header_names(r) == std::vector<std::string>{"Connection", "Content-type"});
  CHECK(r.header("content-type") == "text/html");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "404 Not Found");
  CHECK_THAT(r.body, Catch::Contains("The requested URL was not found on this server."));
  CHECK(r.detail.empty());
}

TEST_CASE("Realtek miniigd picsdesc 200: miniupnpd Server and empty Ext", "[http][devices]") {
  const auto r = parse_fixture("realtek_miniigd_picsdesc_200.http");
  CHECK(r.status_code == 200);
  CHECK(r.server() == "miniupnpd/1.0 UPnP/1.0");
  REQUIRE(r.header("Ext"));
  CHECK(r.header("Ext")->empty());
  CHECK(r.charset == "utf-8");
  CHECK(std::to_string(r.body.size()) == r.header("Content-Length"));
  CHECK_THAT(r.body, Catch::Contains("<UDN>uuid:12342409-1234-1234-5678-ee1234cc5678</UDN>"));
  CHECK_FALSE(r.title);
  CHECK(r.detail.empty());
}

TEST_CASE("micro_httpd 200 Ok with the Broadcom header order", "[http][devices]") {
  const auto r = parse_fixture("micro_httpd_200.http");
  CHECK(r.reason == "Ok");
  CHECK(r.server() == "micro_httpd");
  CHECK(header_names(r) == std::vector<std::string>{"Server", "Cache-Control", "Date",
                                                    "Content-Type", "Connection"});
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "ADSL Router");
  CHECK_FALSE(r.auth);
}

TEST_CASE("micro_httpd 401 with Basic realm Broadband Router", "[http][devices]") {
  const auto r = parse_fixture("micro_httpd_401.http");
  CHECK(r.status_code == 401);
  CHECK(r.reason == "Unauthorized");
  REQUIRE(r.auth);
  CHECK(r.auth->scheme == "Basic");
  CHECK(r.auth->realm == "Broadband Router");
  CHECK(header_names(r)[3] == "WWW-Authenticate");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "401 Unauthorized");
}

TEST_CASE("GoAhead digest challenge: scheme Digest, realm GoAhead", "[http][devices]") {
  const auto r = parse_fixture("goahead_401.http");
  CHECK(r.status_code == 401);
  CHECK(r.server() == "GoAhead-Webs");
  REQUIRE(r.auth);
  CHECK(r.auth->scheme == "Digest");
  CHECK(r.auth->realm == "GoAhead");
  CHECK_THAT(r.auth->params, Catch::StartsWith("realm=\"GoAhead\", domain=\":81\",qop=\"auth\""));
  CHECK_THAT(r.auth->params, Catch::Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "Document Error: Unauthorized");
}

TEST_CASE("Huawei HG532 404 with an empty reason phrase", "[http][devices]") {
  const auto r = parse_fixture("huawei_hg532_404.http");
  CHECK(r.status == probe_status::ok);
  CHECK(r.status_code == 404);
  CHECK(r.reason.empty());
  CHECK(r.server() == "Linux UPnP/1.0 Huawei-ATP-IGD");
  CHECK(r.header("connection") == "Close");
  CHECK(r.body.empty());
  CHECK(r.charset == "utf-8");
  CHECK(r.detail.empty());
}

TEST_CASE("DD-WRT: 200 Ok, httpd, duplicate Cache-Control in order, Info title", "[http][devices]") {
  const auto r = parse_fixture("ddwrt_info_200.http");
  CHECK(r.reason == "Ok");
  CHECK(r.server() == "httpd");
  CHECK(r.headers_named("cache-control") ==
        std::vector<std::string_view>{"no-store, no-cache, must-revalidate",
                                      "post-check=0, pre-check=0"});
  CHECK(r.header("Cache-Control") == "no-store, no-cache, must-revalidate");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "DD-WRT (build 35030M) - Info");
  CHECK(r.charset == "utf-8");
}

TEST_CASE("TVT NVMS-9000: empty AuthInfo header", "[http][devices]") {
  const auto r = parse_fixture("tvt_authinfo_200.http");
  CHECK(r.status_code == 200);
  REQUIRE(r.header("AuthInfo"));
  CHECK(r.header("AuthInfo")->empty());
  CHECK(header_names(r).back() == "AuthInfo");
  CHECK_THAT(r.body, Catch::Contains("<errorCode>536870947</errorCode>"));
  CHECK(r.detail.empty());
}

TEST_CASE("Xiongmai uc-httpd", "[http][devices]") {
  const auto r = parse_fixture("xiongmai_uc_httpd_200.http");
  CHECK(r.server() == "uc-httpd 1.0.0");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "NETSurveillance WEB");
}

TEST_CASE("Shift_JIS title declared only by http-equiv meta", "[http][devices][charset]") {
  const auto r = parse_fixture("title_shift_jis.http");
  CHECK(r.charset == "shift_jis");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xa4\xe3\x83\xb3");  // ログイン
  CHECK(r.title->raw == "\x83\x8d\x83\x4f\x83\x43\x83\x93");
  CHECK(r.title->charset == "shift_jis");
}

TEST_CASE("EUC-JP, GBK, Big5 and ISO-8859-1 titles", "[http][devices][charset]") {
  const auto euc = parse_fixture("title_euc_jp.http");
  CHECK(euc.charset == "euc-jp");
  REQUIRE(euc.title);
  CHECK(euc.title->utf8 == "ルーター設定");
  CHECK(euc.title->raw == "\xa5\xeb\xa1\xbc\xa5\xbf\xa1\xbc\xc0\xdf\xc4\xea");

  const auto gbk = parse_fixture("title_gbk.http");
  CHECK(gbk.charset == "gb2312");
  REQUIRE(gbk.title);
  CHECK(gbk.title->utf8 == "路由器登录");
  CHECK(gbk.title->raw == "\xc2\xb7\xd3\xc9\xc6\xf7\xb5\xc7\xc2\xbc");

  const auto big5 = parse_fixture("title_big5.http");
  CHECK(big5.charset == "big5");
  REQUIRE(big5.title);
  CHECK(big5.title->utf8 == "無線路由器");
  CHECK(big5.title->raw == "\xb5\x4c\xbd\x75\xb8\xf4\xa5\xd1\xbe\xb9");

  const auto latin1 = parse_fixture("title_latin1.http");
  CHECK(latin1.charset == "iso-8859-1");
  REQUIRE(latin1.title);
  CHECK(latin1.title->utf8 == "Configuração do Roteador");
  CHECK(latin1.title->raw == "Configura\xe7\xe3o do Roteador");
}

TEST_CASE("GPON Home Gateway title split across lines, with entities", "[http][devices]") {
  const auto r = parse_fixture("gpon_title_lines.http");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "GPON Home Gateway \xe2\x80\x93 Login & Status");
  CHECK(r.title->raw == "\r\n    GPON Home\r\n    Gateway &#8211; Login &amp; Status\r\n");
  CHECK(r.title->charset == "utf-8");
  CHECK(r.charset.empty());
}
