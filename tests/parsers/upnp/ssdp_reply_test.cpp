// SSDP M-SEARCH replies from devices.md (Huawei capture, Realtek miniigd, wscd-style
// mixed case without spaces) and what is not a reply (garbage, requests, nothing).
#include "parsers/upnp/ssdp_reply.hpp"

#include "tests/parsers/http/http_fixture.hpp"

#include <catch2/catch.hpp>

using iotprobe::parsers::parse_ssdp_reply;
using iotprobe::parsers::probe_status;

TEST_CASE("Huawei HG532 capture: uppercase names, LOCATION with a uuid path", "[ssdp]") {
  const auto r = parse_ssdp_reply(iotprobe::testing::read_http_fixture("ssdp/huawei_msearch_reply.txt"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.version == "HTTP/1.1");
  CHECK(r.status_code == 200);
  CHECK(r.reason == "OK");
  CHECK(r.location == "http://192.0.2.1:37215/2b38c15c-cb68-df90-3701-4f6df3dc9bb0/upnpdev.xml");
  CHECK(r.server == "Linux UPnP/1.0 Huawei-ATP-IGD");
  CHECK(r.cache_control == "max-age=86500");
  CHECK(r.st == "upnp:rootdevice");
  CHECK(r.usn == "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0::upnp:rootdevice");
  CHECK(r.ext);
  REQUIRE(r.headers.size() == 8);
  CHECK(r.headers[2].name == "HILINK_EXT");
  CHECK(r.headers[2].value == "0");
  CHECK(r.detail.empty());
}

TEST_CASE("Realtek miniigd M-SEARCH reply", "[ssdp]") {
  const auto r = parse_ssdp_reply(iotprobe::testing::read_http_fixture("ssdp/miniigd_msearch_reply.txt"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.location == "http://192.0.2.1:52869/picsdesc.xml");
  CHECK(r.server == "miniupnpd/1.0 UPnP/1.0");
  CHECK(r.usn == "uuid:12342409-1234-1234-5678-ee1234cc5678::upnp:rootdevice");
  CHECK(r.cache_control == "max-age=120");
  CHECK(r.ext);
}

TEST_CASE("lower and mixed-case names, no space after the colon, LF ends", "[ssdp]") {
  const auto r = parse_ssdp_reply(iotprobe::testing::read_http_fixture("ssdp/realtek_wscd_mixed_case.txt"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.location == "http://192.0.2.1:52881/simplecfg.xml");
  CHECK(r.server == "OS 1.0 UPnP/1.0 Realtek/V1.3");
  CHECK(r.st == "urn:schemas-wifialliance-org:device:WFADevice:1");
  CHECK(r.usn == "uuid:63041253-1019-2006-1228-00e04c8196c1::urn:schemas-wifialliance-org:device:WFADevice:1");
  CHECK(r.cache_control == "max-age=1800");
  CHECK(r.ext);
}

TEST_CASE("EXT absent, first of duplicate LOCATIONs", "[ssdp]") {
  const auto r = parse_ssdp_reply(
      "HTTP/1.1 200 OK\r\nLocation: http://192.0.2.7/a.xml\r\nLOCATION: http://192.0.2.7/b.xml\r\n\r\n");
  CHECK(r.status == probe_status::ok);
  CHECK_FALSE(r.ext);
  CHECK(r.location == "http://192.0.2.7/a.xml");
  CHECK_FALSE(r.server);
  CHECK(r.headers.size() == 2);
}

TEST_CASE("garbage, requests and empty datagrams are not_http", "[ssdp]") {
  const auto garbage = parse_ssdp_reply(iotprobe::testing::read_http_fixture("ssdp/garbage.bin"));
  CHECK(garbage.status == probe_status::not_http);
  CHECK_THAT(garbage.detail, Catch::StartsWith("no HTTP status line; datagram starts \"\\x00\\x01"));
  CHECK_FALSE(garbage.location);

  const auto notify = parse_ssdp_reply("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n");
  CHECK(notify.status == probe_status::not_http);
  CHECK(notify.headers.empty());

  const auto empty = parse_ssdp_reply("");
  CHECK(empty.status == probe_status::not_http);
  CHECK(empty.detail == "empty datagram");
}
