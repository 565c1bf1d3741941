// The HTTP and SSDP parsers on responses real devices sent, quoted in other projects'
// tests, honeypot templates and notes (tests/fixtures/http/real/SOURCES.md): status,
// headers, Server, title, WWW-Authenticate realm and charset, as the device wrote them.
#include "parsers/http/http_response.hpp"
#include "parsers/upnp/ssdp_reply.hpp"

#include "tests/parsers/http/http_fixture.hpp"

#include <catch2/catch.hpp>

using iotprobe::parsers::parse_http_response;
using iotprobe::parsers::parse_ssdp_reply;
using iotprobe::parsers::probe_status;
using iotprobe::testing::read_http_fixture;

TEST_CASE("Real HTTP: NETGEAR uhttpd 401 (LF only, HTTP/1.0, quoted charset, padded title)", "[http][real]") {
  const auto r = parse_http_response(read_http_fixture("http/real/netgear_uhttpd_401.http"));
  REQUIRE(r.status == probe_status::ok);
  CHECK(r.version == "HTTP/1.0");
  CHECK(r.status_code == 401);
  CHECK(r.server() == "uhttpd/1.0.0");
  CHECK(r.charset == "utf-8");  // Content-Type: text/html; charset="UTF-8"
  REQUIRE(r.auth);
  CHECK(r.auth->scheme == "Basic");
  CHECK(r.auth->realm == "NETGEAR R7000");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "401 Authorization");  // "<TITLE> 401 Authorization</TITLE>"
  CHECK(r.malformed_header_lines.empty());
}

TEST_CASE("Real HTTP: GoAhead digest challenge with commas and no spaces", "[http][real]") {
  const auto r = parse_http_response(read_http_fixture("http/real/goahead_digest_p81_nospace.http"));
  REQUIRE(r.status == probe_status::ok);
  CHECK(r.server() == "GoAhead-Webs");
  REQUIRE(r.auth);
  CHECK(r.auth->scheme == "Digest");
  CHECK(r.auth->realm == "GoAhead");
  CHECK(r.auth->params.find("domain=\":81\",qop=\"auth\"") != std::string::npos);
  CHECK_FALSE(r.title);
}

TEST_CASE("Real HTTP: realm with a trailing space is kept as sent", "[http][real]") {
  const auto r = parse_http_response(read_http_fixture("http/real/netgear_dgn1000_realm_space.http"));
  REQUIRE(r.auth);
  CHECK(r.auth->realm == "NETGEAR DGN1000 ");
  CHECK_FALSE(r.server());
}

TEST_CASE("Real HTTP: Boa 400 page and 204, and lower-case header names", "[http][real]") {
  const auto bad = parse_http_response(read_http_fixture("http/real/boa_400.http"));
  REQUIRE(bad.status == probe_status::ok);
  CHECK(bad.status_code == 400);
  CHECK(bad.reason == "Bad Request");
  CHECK(bad.server() == "Boa/0.94.14rc21");
  REQUIRE(bad.title);
  CHECK(bad.title->utf8 == "400 Bad Request");
  const auto empty = parse_http_response(read_http_fixture("http/real/boa_204_keepalive.http"));
  CHECK(empty.status_code == 204);
  CHECK(empty.header("content-length") == "0");
  CHECK(empty.body.empty());
  const auto tplink = parse_http_response(read_http_fixture("http/real/tplink_wr841n_lowercase.http"));
  CHECK(tplink.server() == "Boa/0.94.14rc21");  // "server:" in lower case
  REQUIRE(tplink.auth);
  CHECK(tplink.auth->realm == "TP-LINK Wireless N Router WR841N");
  REQUIRE(tplink.title);
  CHECK(tplink.title->utf8 == "lowercase test");
}

TEST_CASE("Real HTTP: Samsung TV description answer with upper-case header names", "[http][real]") {
  const auto r = parse_http_response(read_http_fixture("http/real/samsung_tv_7676_desc.http"));
  REQUIRE(r.status == probe_status::ok);
  CHECK(r.server() == "SHP, UPnP/1.0, Samsung UPnP SDK/1.0");
  CHECK(r.header("Content-Type") == "text/xml; charset=\"utf-8\"");
  CHECK(r.charset == "utf-8");
  CHECK(r.header("Application-URL") == "http://192.0.2.16:80/ws/app/");
  CHECK(r.headers.size() == 7);
}

TEST_CASE("Real SSDP: Samsung, ZTE (Portable SDK), DD-WRT and Hue M-SEARCH replies", "[ssdp][real]") {
  const auto samsung = parse_ssdp_reply(read_http_fixture("ssdp/real/samsung_rcr.txt"));  // LF only
  REQUIRE(samsung.status == probe_status::ok);
  CHECK(samsung.location == "http://192.0.2.7:7676/rcr/");
  CHECK(samsung.st == "urn:samsung.com:device:RemoteControlReceiver:1");
  CHECK(samsung.ext);
  const auto zte = parse_ssdp_reply(read_http_fixture("ssdp/real/zte_f670l_portable_sdk.txt"));
  REQUIRE(zte.status == probe_status::ok);
  CHECK(zte.server == "Linux, UPnP/1.0, Portable SDK for UPnP devices/1.6.22");
  CHECK(zte.usn == "uuid:99665656-195e-3829-g8d8-28993426697f::urn:schemas-upnp-org:device:InternetGatewayDevice:1");
  CHECK(zte.headers.size() == 10);
  const auto ddwrt = parse_ssdp_reply(read_http_fixture("ssdp/real/ddwrt_posix.txt"));
  CHECK(ddwrt.cache_control == "max-age=300");  // "Cache-Control", mixed case
  CHECK(ddwrt.server == "POSIX UPnP/1.0 DD-WRT Linux/V24");
  const auto hue = parse_ssdp_reply(read_http_fixture("ssdp/real/hue_ipbridge.txt"));
  CHECK(hue.location == "http://192.0.2.10:80/description.xml");
  CHECK(hue.server == "FreeRTOS/6.0.5, UPnP/1.0, IpBridge/1.16.0");
  REQUIRE(hue.headers.size() == 7);
  CHECK(hue.headers[4].name == "hue-bridgeid");
  CHECK(hue.headers[4].value == "001788FFFE23BFC2");
}
