// The UPnP parser on real device descriptions that nobody on this project wrote: a router
// (IGD and TR-064), a media renderer, a smart plug, an IP camera and a TV-like embedded
// renderer, copied from public repositories (tests/fixtures/upnp/real/SOURCES.md).
#include "tests/parsers/upnp/upnp_real_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;

namespace {

upnp_description parse_real(const std::string& name) { return iotprobe::testing::parse_real_upnp(name); }
std::vector<std::string> paths(const upnp_description& d) { return iotprobe::testing::device_paths(d); }

}  // namespace

TEST_CASE("Real: FRITZ!Box 7590 IGD description", "[upnp][real]") {
  const upnp_description d = parse_real("fritzbox7590_igddesc.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0", "0.0", "0.0.0"});
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
  CHECK(root.friendly_name == "FRITZ!Box 7590");
  CHECK(root.manufacturer == "AVM Berlin");
  CHECK(root.model_number == "avm");
  CHECK(root.presentation_url == "http://fritz.box");
  CHECK(root.udn == "uuid:75802409-bccb-just-a-test-udn");
  CHECK_FALSE(root.udn_parsed->well_formed);  // the file's UDN was anonymised, not a UUID
  CHECK(d.devices[1].upc == "AVM IGD");
  CHECK(d.devices[1].udn_parsed->normalized == "uuid:76802409-bccb-40e7-8e6b-989bcb2b93b0");
  REQUIRE(d.devices[2].services.size() == 3);
  CHECK(d.devices[2].services[1].service_type == "urn:schemas-upnp-org:service:WANIPConnection:1");
  CHECK(d.devices[2].services[1].control_url == "/igdupnp/control/WANIPConn1");
  CHECK(d.devices[2].services[2].scpd_url == "/igd2ipv6fwcSCPD.xml");
}

TEST_CASE("Real: FRITZ!Box 7590 TR-064 description (dslforum namespace, siblings)", "[upnp][real]") {
  const upnp_description d = parse_real("fritzbox7590_tr64desc.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0", "0.0", "0.1", "0.1.0"});
  CHECK(d.devices[0].device_type == "urn:dslforum-org:device:InternetGatewayDevice:1");
  CHECK(d.devices[0].manufacturer == "AVM");
  CHECK(d.devices[0].model_number == "- avm");  // "<modelNumber> - avm</modelNumber>", trimmed
  CHECK(d.devices[0].services.size() == 22);
  CHECK(d.devices[0].services[21].service_id == "urn:X_AVM-DE_Auth-com:serviceId:X_AVM-DE_Auth1");
  CHECK(d.devices[1].device_type == "urn:dslforum-org:device:LANDevice:1");
  CHECK(d.devices[1].services.size() == 6);  // one-line services and a comment between them
  CHECK(d.devices[1].services[2].control_url == "/upnp/control/wlanconfig3");
  CHECK(d.devices[2].friendly_name == "WANDevice - FRITZ!Box 7590");
  CHECK(d.devices[3].friendly_name == "WANConnectionDevice - FRITZ!Box 7590");
  CHECK(d.devices[3].udn_parsed->normalized == "uuid:75802409-bccb-40e7-8e69-989bcb2b93b0");
  CHECK(d.devices[3].services.size() == 4);
  CHECK(d.devices[3].services[2].service_type == "urn:dslforum-org:service:WANPPPConnection:1");
  CHECK(d.devices[0].presentation_url == "http://fritz.box");
}

TEST_CASE("Real: Marantz SR5008 media renderer (no XML declaration)", "[upnp][real]") {
  const upnp_description d = parse_real("marantz_sr5008_renderer.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0"});
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:schemas-upnp-org:device:MediaRenderer:1");
  CHECK(root.friendly_name == "Marantz SR5008");
  CHECK(root.manufacturer == "Marantz");
  CHECK(root.model_description == "Marantz AV Surround Receiver");
  CHECK(root.model_number == "SR5008");
  CHECK(root.serial_number == "M1A2B3C4D5");
  CHECK(root.udn_parsed->normalized == "uuid:5f9ec1b3-ff59-19bb-8530-0005cd339473");
  CHECK(root.udn_parsed->well_formed);
  CHECK_FALSE(root.udn_parsed->mac);
  CHECK_FALSE(root.presentation_url);
  REQUIRE(root.services.size() == 3);
  CHECK(root.services[0].service_type == "urn:schemas-upnp-org:service:RenderingControl:1");
  CHECK(root.services[2].scpd_url == "/marantz/AVTransport.xml");
}

TEST_CASE("Real: Belkin WeMo Insight smart plug (urn:Belkin namespace)", "[upnp][real]") {
  const upnp_description d = parse_real("wemo_insight_setup.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0"});
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:Belkin:device:insight:1");
  CHECK(root.friendly_name == "Pi Cluster");
  CHECK(root.manufacturer == "Belkin International Inc.");
  CHECK(root.model_name == "Insight");
  CHECK(root.model_number == "1.0");
  CHECK(root.serial_number == "231616K12000BF");
  CHECK(root.upc == "123456789");
  CHECK(root.udn == "uuid:Insight-1_0-231616K12000BF");
  CHECK(root.udn_parsed->normalized == "uuid:insight-1_0-231616k12000bf");
  CHECK_FALSE(root.udn_parsed->well_formed);
  CHECK(root.presentation_url == "/pluginpres.html");
  REQUIRE(root.services.size() == 11);
  CHECK(root.services[2].service_type == "urn:Belkin:service:basicevent:1");
  CHECK(root.services[2].control_url == "/upnp/control/basicevent1");
  CHECK(root.services[10].scpd_url == "/manufacture.xml");
}

TEST_CASE("Real: Hanwha Wisenet camera (one line, no final newline)", "[upnp][real]") {
  const upnp_description d = parse_real("hanwha_wisenet_camera.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0"});
  const auto& root = d.devices[0];
  CHECK(root.device_type == "urn:schemas-upnp-org:device:Basic:1");
  CHECK(root.friendly_name == "WISENET-LNV-6020R-E4302200A9DB");
  CHECK(root.manufacturer == "Hanwha Techwin");
  CHECK(root.model_description == "LNV-6020R Network Camera");
  CHECK(root.model_name == "LNV-6020R");
  CHECK(root.serial_number == "ZGER6V4K40002YZ");
  CHECK(root.udn == "uuid:Upnp-BasicDevice-1_0-E4302200A9DB");
  CHECK(root.presentation_url == "http://10.0.249.2:80/");
  REQUIRE(root.services.size() == 1);
  CHECK(root.services[0].service_type == "urn:SamsungTechwin:service:BasicService:1");
  CHECK(root.services[0].service_id == "urn:SamsungTechwin:BasicServiceId");
}

TEST_CASE("Real: TV-like root with an embedded renderer and extra namespaces", "[upnp][real]") {
  const upnp_description d = parse_real("dmr_embedded_tv.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(paths(d) == std::vector<std::string>{"0", "0.0"});
  CHECK(d.devices[0].device_type == "RootDevice:1");
  CHECK(d.devices[0].services.empty());  // <serviceList/>
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:00000000-0000-0000-0000-000000000000");
  CHECK(d.devices[1].device_type == "urn:schemas-upnp-org:device:MediaRenderer:1");
  CHECK(d.devices[1].friendly_name == "Dummy TV");
  CHECK(d.devices[1].model_name == "DummyTV v1");
  REQUIRE(d.devices[1].services.size() == 3);
  CHECK(d.devices[1].services[1].control_url == "/upnp/control/ConnectionManager1");
}
