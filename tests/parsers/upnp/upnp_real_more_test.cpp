// The UPnP parser on 15 more real descriptions nobody here wrote (routers, a switch, TVs,
// AV receivers, media servers, cameras, a streaming stick and a WPS access point), each
// chosen for a quirk: CRLF, one-line, leading tabs, single-quoted xmlns, a made-up root
// namespace, vendor elements before <specVersion>, comments, non-UUID UDNs. Sources and
// licenses: tests/fixtures/upnp/SOURCES.md. Values are asserted against the documents.
#include "tests/parsers/upnp/upnp_real_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;
using iotprobe::testing::device_paths;
using iotprobe::testing::parse_real_upnp;
using iotprobe::testing::service_types;
using strings = std::vector<std::string>;

TEST_CASE("Real: ASUS RT-AC66U miniupnpd rootDesc (CRLF, presentationURL after deviceList)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("asus_rtac66u_miniupnpd.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0", "0.0", "0.0.0"});
  CHECK(d.devices[0].friendly_name == "RT-AC66U");
  CHECK(d.devices[0].manufacturer == "ASUSTeK Computer Inc.");
  CHECK(d.devices[0].model_number == "3.0.0.4.378");
  CHECK(d.devices[0].serial_number == "CAIAA2000001");
  CHECK(d.devices[0].presentation_url == "http://192.168.0.1");
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:1ced4817-cbcc-48e7-a33c-b37a7f3d216d");
  CHECK(d.devices[1].manufacturer == "MiniUPnP");
  CHECK(d.devices[1].upc == "000000000000");
  CHECK(d.devices[2].model_name == "MiniUPnPd");
  CHECK(service_types(d.devices[2]) == strings{"urn:schemas-upnp-org:service:WANIPConnection:1"});
  CHECK(d.devices[2].services[0].control_url == "/ctl/IPConn");
}

TEST_CASE("Real: renderer under a made-up root namespace", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("made_up_namespace_dmr.xml");  // urn:made-up-org:device-1-0
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0"});
  CHECK(d.devices[0].device_type == "urn:schemas-upnp-org:device:MediaRenderer:1");
  CHECK(d.devices[0].friendly_name == "Dummy TV");
  CHECK(d.devices[0].model_name == "DummyTV v1");
  CHECK_FALSE(d.devices[0].serial_number);
  CHECK(d.devices[0].services.size() == 3);
  CHECK(d.devices[0].services[2].scpd_url == "/AVTransport_1.xml");
}

TEST_CASE("Real: media server with commented-out services", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("zap_mediaserver_comments.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].device_type == "urn:schemas-upnp-org:device:MediaServer:4");
  CHECK(d.devices[0].model_name == "Windows Media Connect Compatible (ZAP)");
  CHECK(d.devices[0].presentation_url == "/");
  CHECK(service_types(d.devices[0]) == strings{"urn:schemas-upnp-org:service:ContentDirectory:4"});
}

TEST_CASE("Real: DD-WRT on an Asus RT-N16 (tabs before <?xml, upper-case UUIDs, LAN sibling)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("ddwrt_rtn16_leading_tabs.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0", "0.0", "0.0.0", "0.1"});
  CHECK(d.devices[0].friendly_name == "Asus RT-N16:DD-WRT");
  CHECK(d.devices[0].manufacturer == "DD-WRT");
  CHECK(d.devices[0].model_number == "V24");
  CHECK(d.devices[0].udn == "uuid:A13AB4C3-3A14-E386-DE6A-EFEA923A06FE");
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:a13ab4c3-3a14-e386-de6a-efea923a06fe");
  CHECK(d.devices[0].udn_parsed->well_formed);
  CHECK(d.devices[0].presentation_url == "http://{{listenAddr}}");
  CHECK(d.devices[2].friendly_name == "WAN Connection Device");
  CHECK(d.devices[2].services[0].control_url == "/control?WANIPConnection");
  CHECK(d.devices[3].device_type == "urn:schemas-upnp-org:device:LANDevice:1");
}

TEST_CASE("Real: Denon AVR-X6500H / HEOS (CRLF, four namespaces, padded friendlyName)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("denon_avrx6500h_crlf.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0", "0.0", "0.1", "0.2", "0.3"});
  CHECK(d.devices[0].device_type == "urn:schemas-denon-com:device:AiosDevice:1");
  CHECK(d.devices[0].friendly_name == "Great Room");  // "Great Room   " in the document
  CHECK(d.devices[0].model_name == "Denon AVR-X6500H");
  CHECK(d.devices[0].model_number == "Aios 4.025");
  CHECK(d.devices[0].services.empty());
  CHECK(d.devices[1].model_description ==
        "Shares User defined folders and files to other Universal Plug and Play media devices.");
  CHECK(service_types(d.devices[2]) == strings{"urn:schemas-upnp-org:service:AVTransport:1",
                                               "urn:schemas-tencent-com:service:QPlay:1"});
  CHECK(d.devices[3].friendly_name == "AiosServices");
  CHECK(d.devices[4].device_type == "urn:schemas-denon-com:device:ACT-Denon:1");
  CHECK(d.devices[4].udn_parsed->normalized == "uuid:85104a30-802c-898d-94b9-94cfea8d2ad4");
}

TEST_CASE("Real: Samsung TV remote-control receiver (single-quoted xmlns, sec: elements)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("samsung_tv_rcr_single_quotes.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].device_type == "urn:samsung.com:device:RemoteControlReceiver:1");
  CHECK(d.devices[0].friendly_name == "[TV]Samsung LED56");
  CHECK(d.devices[0].model_name == "UN55F6300");
  CHECK(d.devices[0].serial_number == "20090804RCS");
  CHECK(d.devices[0].services[0].control_url == "/smp_8_");
}

TEST_CASE("Real: Yamaha HTR-4067 (yamaha:X_device before specVersion, prefixed attribute)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("yamaha_htr4067_vendor_ns.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0"});  // <yamaha:X_device> is not a <device>
  CHECK(d.devices[0].friendly_name == "YAMAHA");
  CHECK(d.devices[0].model_name == "HTR-4067");
  CHECK(d.devices[0].upc == "123810928305");
  CHECK(d.devices[0].presentation_url == "http://192.168.1.8/");
  CHECK(d.devices[0].services.size() == 3);
}

TEST_CASE("Real: Sony DSC-WX300 camera (one line, empty serialNumber and URLs)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("sony_dscwx300_camera.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].friendly_name == "DSC-WX300");
  CHECK(d.devices[0].serial_number == "");  // present but empty is "", not absent
  CHECK_FALSE(d.devices[0].model_number);
  CHECK(d.devices[0].services[0].control_url == "");
  CHECK(d.devices[0].services[0].service_type == "urn:schemas-sony-com:service:ScalarWebAPI:1");
}

TEST_CASE("Real: Synology BC500 camera (non-UUID UDN, empty UPC and serviceList)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("synology_bc500_camera.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].device_type == "urn:schemas-upnp-org:device:IPCamera:1");
  CHECK(d.devices[0].serial_number == "2310VSRCJY482");
  CHECK(d.devices[0].upc == "");
  CHECK(d.devices[0].services.empty());
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:upnp-ipcamera-1_0-9009d03b7a38");
  CHECK_FALSE(d.devices[0].udn_parsed->well_formed);
  CHECK(d.devices[0].presentation_url == "https://192.168.1.121:443");
}

TEST_CASE("Real: NETGEAR DG834GV4 (one line, blank serialNumber, trailing space)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("netgear_dg834gv4_oneline.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0", "0.0", "0.0.0"});
  CHECK(d.devices[0].manufacturer == "NETGEAR");  // "NETGEAR " in the document
  CHECK(d.devices[0].serial_number == "");        // "<serialNumber> </serialNumber>"
  CHECK(d.devices[0].model_number == "5.01.16");
  CHECK(d.devices[2].model_name == "DG834GV4");
  CHECK(d.devices[2].upc == "DG834GV4");
}

TEST_CASE("Real: TP-Link TL-WA801N WPS access point", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("tplink_tlwa801n_wps.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].device_type == "urn:schemas-wifialliance-org:device:WFADevice:1");
  CHECK(d.devices[0].model_name == "TL-WA801N");
  CHECK(d.devices[0].upc == "UPC here");
  CHECK(service_types(d.devices[0]) == strings{"urn:schemas-wifialliance-org:service:WFAWLANConfig:1"});
}

TEST_CASE("Real: Sonos One (RINCON UDNs, wrapped serviceType, nested default xmlns)", "[upnp][real]") {
  const upnp_description d = parse_real_upnp("sonos_one_zoneplayer.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(device_paths(d) == strings{"0", "0.0", "0.1"});
  CHECK(d.devices[0].model_number == "S18");
  CHECK_FALSE(d.devices[0].serial_number);  // Sonos sends <serialNum>
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:rincon_48a6b888b19601400");
  CHECK(d.devices[2].udn == "uuid:RINCON_48A6B888B19601400_MR");
  CHECK(service_types(d.devices[2]) == strings{"urn:schemas-sonos-com:service:Queue:1",
                                               "urn:schemas-upnp-org:service:GroupRenderingControl:1"});
}

TEST_CASE("Real: Kodi renderer, Roku and Chromecast DIAL descriptions", "[upnp][real]") {
  const upnp_description kodi = parse_real_upnp("kodi_renderer_leading_newline.xml");
  REQUIRE(kodi.status == probe_status::ok);
  CHECK(kodi.devices[0].friendly_name == "Kodi (KevinRMBP15.local)");
  CHECK(kodi.devices[0].model_number == "17.6 Git:20171114-a9a7a20");
  CHECK(kodi.devices[0].services.size() == 3);
  const upnp_description roku = parse_real_upnp("roku_4670rw_dial.xml");
  REQUIRE(roku.status == probe_status::ok);
  CHECK(roku.devices[0].device_type == "urn:roku-com:device:player:1-0");
  CHECK(roku.devices[0].serial_number == "YJ00ET318530");
  CHECK(roku.devices[0].services[1].event_sub_url == "");  // <eventSubURL/>
  const upnp_description cast = parse_real_upnp("chromecast_dial_crlf.xml");
  REQUIRE(cast.status == probe_status::ok);
  CHECK(cast.url_base == "http://192.168.5.1:8008");
  CHECK(cast.devices[0].model_name == "Eureka Dongle");
  CHECK(cast.devices[0].services[0].scpd_url == "http://www.google.com/cast");
}

TEST_CASE("Real malformed: a miniupnpd 2.3.9 capture cut at 2,000 characters is a clean error", "[upnp][real]") {
  // A write-up pasted `curl /rootDesc.xml` output that its tool cut at 2,000 characters
  // (tests/fixtures/upnp/SOURCES.md): two devices are complete, the third is not.
  const upnp_description d = parse_real_upnp("../real_malformed/miniupnpd239_cut_at_2000.xml");
  CHECK(d.status == probe_status::parse_error);
  CHECK(d.devices.empty());  // never the two complete devices alone
  CHECK(d.error_offset == 2021);
  CHECK(d.detail == "Start-end tags mismatch at offset 2021");
}

TEST_CASE("Real malformed: an LG webOS TV answers its description URL with \"status=ok\"", "[upnp][real]") {
  // Reported in daniel-naegele/upnp.dart issue #10: the body is plain text, not XML.
  const upnp_description d = iotprobe::parsers::parse_upnp_description("status=ok");
  CHECK(d.status == probe_status::parse_error);
  CHECK(d.devices.empty());
  CHECK(d.detail == "no document element: the answer is text, not XML at offset 0");
  const upnp_description garbage = iotprobe::parsers::parse_upnp_description("<root><device/></root>status=ok");
  CHECK(garbage.detail == "content outside the document element at offset 22");
}

TEST_CASE("Real: ARRIS TG2492LG-85 router with non-UTF-8 bytes in modelNumber", "[upnp][real]") {
  // lbryio/aioupnp issue #7: "<modelNumber>\xf0_\xf0</modelNumber>" broke UTF-8 decoders.
  // The bytes are kept as ISO-8859-1 ("ð_ð"), so the description still identifies the box.
  const upnp_description d = parse_real_upnp("arris_tg2492lg_invalid_utf8.xml");
  REQUIRE(d.status == probe_status::ok);
  CHECK(d.devices[0].friendly_name == "ARRIS TG2492LG-85 Router");
  CHECK(d.devices[0].model_number == "\xC3\xB0_\xC3\xB0");
  CHECK(d.devices[0].serial_number == "AA1P80581207");
  CHECK(d.devices[0].udn_parsed->normalized == "uuid:30353831-3230-3700-0000-48d34396e685");
  CHECK(d.devices[0].services[0].scpd_url == "/L3F.xml");
}
