// Tests for the UPnP description parser: the Realtek/Huawei documents from devices.md,
// namespace variants and encodings. Hostile documents are in upnp_hostile_test.cpp and
// real third-party files in upnp_real_test.cpp.
#include "tests/parsers/http/http_fixture.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <catch2/catch.hpp>

#include <string>

using iotprobe::parsers::parse_upnp_description;
using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;

namespace {

std::string upnp_fixture(const std::string& name) {
  return iotprobe::testing::read_http_fixture("upnp/" + name);
}

upnp_description parse_fixture(const std::string& name) {
  return parse_upnp_description(upnp_fixture(name));
}

}  // namespace

TEST_CASE("Realtek picsdesc (Belkin OEM sample) gives three devices depth first", "[upnp]") {
  const upnp_description d = parse_fixture("realtek_picsdesc_belkin.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.detail.empty());
  CHECK_FALSE(d.url_base);
  CHECK_FALSE(d.devices_truncated);
  REQUIRE(d.devices.size() == 3);
  const auto& root = *d.root();
  CHECK(root.path == "0");
  CHECK(root.device_type == "urn:schemas-upnp-org:device:Wireless Router:1");
  CHECK(root.friendly_name == "Belkin N Plus Wireless Router");
  CHECK(root.manufacturer == "Belkin International");
  CHECK(root.manufacturer_url == "http://www.belkin.com");
  CHECK(root.model_description == "Wireless N Plus Router with Gigabit Ethernet Switch");
  CHECK(root.model_name == "N Plus Wireless Router");
  CHECK(root.model_number == "F5D8235-4 v1");
  CHECK(root.model_url == "http://www.belkin.com");
  CHECK(root.serial_number == "00000001");
  CHECK(root.udn == "uuid:82350000-4000-0000-0000-000000000001");
  CHECK_FALSE(root.upc);
  CHECK(root.presentation_url == "http://192.168.1.254/");
  REQUIRE(root.udn_parsed);
  CHECK(root.udn_parsed->well_formed);
  CHECK_FALSE(root.udn_parsed->mac);  // the RTL8186_KB shared default is not a MAC
  REQUIRE(root.services.size() == 1);
  CHECK(root.services[0].service_type == "urn:schemas-dummy-com:service:Dummy:1");
  CHECK(root.services[0].service_id == "urn:dummy-com:serviceId:dummy1");
  CHECK(root.services[0].scpd_url == "/dummy.xml");
  CHECK(root.services[0].control_url == "/dummy");
  CHECK(root.services[0].event_sub_url == "/dummy");

  const auto& wan = d.devices[1];
  CHECK(wan.path == "0.0");
  CHECK(wan.device_type == "urn:schemas-upnp-org:device:WANDevice:1");
  CHECK(wan.manufacturer == "Belkin");  // trailing spaces in the file are trimmed
  CHECK(wan.upc == "MINIUPNPD");
  CHECK(wan.serial_number == "00000000");
  CHECK_FALSE(wan.presentation_url);
  REQUIRE(wan.services.size() == 1);
  CHECK(wan.services[0].scpd_url == "/wancfg.xml");

  const auto& conn = d.devices[2];
  CHECK(conn.path == "0.0.0");
  CHECK(conn.model_name == "miniupnpd");
  CHECK(conn.manufacturer_url == "http://www.belkin.com/");
  REQUIRE(conn.services.size() == 1);
  CHECK(conn.services[0].service_type == "urn:schemas-upnp-org:service:WANIPConnection:1");
  CHECK(conn.services[0].control_url == "/upnp/control/WANIPConnection");
  CHECK(conn.services[0].event_sub_url == "/upnp/event/WANIPConnection");
  CHECK(conn.services[0].scpd_url == "/wanipcn.xml");
}

TEST_CASE("Realtek SDK default picsdesc6 keeps the compiled-in UDN and miniupnp values", "[upnp]") {
  const upnp_description d = parse_fixture("realtek_picsdesc6_sdk_default.xml");
  REQUIRE(d.status == probe_status::ok);
  REQUIRE(d.devices.size() == 3);
  const auto& root = d.devices[0];
  CHECK(root.friendly_name == "Internet Gateway Device");
  CHECK(root.manufacturer == "Realtek Semiconductor");
  CHECK(root.manufacturer_url == "http://www.realtek.com.tw/");
  CHECK(root.model_description == "WLAN Access Point");
  CHECK(root.model_name == "IGD");
  CHECK(root.model_number == "1.00");
  CHECK(root.model_url == "http://www.realtek.com");
  CHECK_FALSE(root.serial_number);  // the SDK root has no <serialNumber>
  CHECK(root.udn_parsed->normalized == "uuid:12342409-1234-1234-5678-ee1234cc5678");
  CHECK_FALSE(root.udn_parsed->mac);
  CHECK(root.presentation_url == "http://[fe80::2e0:4cff:fe81:96c1]/");
  CHECK(d.devices[1].manufacturer == "miniupnp");
  CHECK(d.devices[1].upc == "MINIUPNPD");
  CHECK(d.devices[2].path == "0.0.0");
  REQUIRE(d.devices[2].services.size() == 1);
  CHECK(d.devices[2].services[0].service_type ==
        "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1");
  CHECK(d.devices[2].services[0].scpd_url == "/wanip6fc.xml");
}

TEST_CASE("Realtek simplecfg.xml yields the WLAN MAC from the WPS UDN", "[upnp]") {
  const upnp_description d = parse_fixture("realtek_simplecfg.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.url_base == "http://192.0.2.1:52881");
  REQUIRE(d.devices.size() == 1);
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:schemas-wifialliance-org:device:WFADevice:1");
  CHECK(root.model_name == "Simple Config UPnP Proxy Version 1.0");
  CHECK(root.model_number == "RTL8186");
  CHECK(root.serial_number == "12345678");
  CHECK(root.upc == "112233445566");
  REQUIRE(root.udn_parsed);
  CHECK(root.udn_parsed->mac == "00:01:8e:3a:4b:5c");
  REQUIRE(root.services.size() == 1);
  CHECK(root.services[0].scpd_url == "/simplecfgservice.xml");
  CHECK(root.services[0].control_url == "/upnp/control/WFAWLANConfig1");
}

TEST_CASE("Huawei HG630-like description: modelName, empty serial, PPP control URL", "[upnp]") {
  const upnp_description d = parse_fixture("huawei_hg630.xml");
  REQUIRE(d.status == probe_status::ok);
  REQUIRE(d.devices.size() == 3);
  CHECK(d.devices[0].friendly_name == "Huawei Home Gateway");
  CHECK(d.devices[0].manufacturer == "Huawei Technologies Co., Ltd.");
  CHECK(d.devices[0].model_name == "HG630 V2");
  CHECK(d.devices[0].serial_number == "");  // present but empty, not absent
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:2b38c15c-cb68-df90-3701-4f6df3dc9bb0");
  CHECK(d.devices[2].path == "0.0.0");
  REQUIRE(d.devices[2].services.size() == 1);
  CHECK(d.devices[2].services[0].service_type == "urn:schemas-upnp-org:service:WANPPPConnection:1");
  CHECK(d.devices[2].services[0].control_url == "/ctrlu/WANPPPConnection_1");
  CHECK_FALSE(d.devices[1].serial_number);
}

TEST_CASE("Namespace prefix, references, CDATA and empty elements", "[upnp]") {
  const upnp_description d = parse_fixture("prefixed_namespace.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.url_base == "http://192.0.2.7:49152/");
  REQUIRE(d.devices.size() == 1);
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:schemas-upnp-org:device:MediaRenderer:1");
  CHECK(root.friendly_name == "Living Room & Kitchen \xE2\x98\xBA");
  CHECK(root.manufacturer == "ACME <Audio>");
  CHECK(root.model_number == "");
  CHECK_FALSE(root.serial_number);
  CHECK(root.udn == "UUID:5F9EC1B6-D5D4-4C1B-A1C9-0123456789AB");
  CHECK(root.udn_parsed->raw == "UUID:5F9EC1B6-D5D4-4C1B-A1C9-0123456789AB");
  CHECK(root.udn_parsed->normalized == "uuid:5f9ec1b6-d5d4-4c1b-a1c9-0123456789ab");
  CHECK(root.udn_parsed->well_formed);
  REQUIRE(root.services.size() == 1);
  CHECK(root.services[0].event_sub_url == "/AVTransport/event");
}

TEST_CASE("No namespace, whitespace-only value, UDN without prefix", "[upnp]") {
  const upnp_description d = parse_fixture("no_namespace.xml");
  REQUIRE(d.status == probe_status::ok);
  REQUIRE(d.devices.size() == 1);
  CHECK(d.devices[0].friendly_name == "Plug");
  CHECK(d.devices[0].manufacturer == "");
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:f00dbabe-0000-1111-2222-333344445555");
  CHECK(d.devices[0].udn_parsed->well_formed);
  CHECK(d.devices[0].services.empty());
}

TEST_CASE("CRLF, BOM, ISO-8859-1 and leading whitespace are read", "[upnp]") {
  const std::string crlf = upnp_fixture("crlf.xml");
  REQUIRE(crlf.find("\r\n") != std::string::npos);
  const upnp_description c = parse_upnp_description(crlf);
  REQUIRE(c.status == probe_status::ok);
  CHECK(c.url_base == "http://192.0.2.9:52881");
  CHECK(c.devices[0].friendly_name == "RTL8186 WFA Device");
  CHECK(c.devices[0].udn_parsed->mac == "0c:0d:0e:0f:10:11");

  const std::string bom = upnp_fixture("bom.xml");
  REQUIRE(bom.rfind("\xEF\xBB\xBF", 0) == 0);
  const upnp_description b = parse_upnp_description(bom);
  REQUIRE(b.status == probe_status::ok);
  CHECK(b.devices[0].friendly_name == "BOM Plug");

  const upnp_description l = parse_fixture("latin1.xml");
  REQUIRE(l.status == probe_status::ok);
  CHECK(l.devices[0].friendly_name == "C\xC3\xA1mara Se\xC3\xB1or");  // converted to UTF-8

  // Whitespace before the declaration, and the same for a latin-1 document.
  const upnp_description w = parse_fixture("leading_whitespace.xml");
  REQUIRE(w.status == probe_status::ok);
  REQUIRE(w.devices.size() == 3);
  CHECK(w.devices[0].friendly_name == "Belkin N Plus Wireless Router");
  const upnp_description lw = parse_upnp_description(" \r\n" + upnp_fixture("latin1.xml"));
  REQUIRE(lw.status == probe_status::ok);
  CHECK(lw.devices[0].friendly_name == "C\xC3\xA1mara Se\xC3\xB1or");

  // UTF-16LE with a BOM (pugixml converts by BOM).
  std::string utf16 = "\xFF\xFE";
  for (const char c : upnp_fixture("no_namespace.xml")) {
    utf16 += c;
    utf16 += '\0';
  }
  const upnp_description u = parse_upnp_description(utf16);
  REQUIRE(u.status == probe_status::ok);
  CHECK(u.devices[0].friendly_name == "Plug");
}
