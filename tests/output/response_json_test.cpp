// The JSON renderers of parser results: one renderer per value, the view_style naming
// the same field differently in the host schema and in parse --json (exact key sets, as
// scripts and golden files rely on them), and certainty rounded only in parse's verdict.
#include "prober/output/json_dump.hpp"
#include "prober/output/response_json.hpp"

#include "parsers/upnp/udn.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace iotprobe;
using output::view_style;

namespace {

std::set<std::string> keys(const nlohmann::json& object) {
  std::set<std::string> out;
  for (const auto& item : object.items()) out.insert(item.key());
  return out;
}

parsers::upnp_device wps_device() {
  parsers::upnp_device d;
  d.path = "0";
  d.device_type = "urn:schemas-wifialliance-org:device:WFADevice:1";
  d.friendly_name = "RTL8186 WFA Device";
  d.model_description = "WPS";
  d.presentation_url = "http://192.0.2.1/";
  d.udn = "uuid:63041253-1019-2006-1228-00018e3a4b5c";
  d.udn_parsed = parsers::normalize_udn(*d.udn);
  d.services.push_back({"urn:schemas-wifialliance-org:service:WFAWLANConfig:1", {}, {}, {}, {}});
  d.services.push_back({});  // a service without a type is left out of serviceTypes
  return d;
}

}  // namespace

TEST_CASE("one device renderer: snake_case in the host schema, element names in parse", "[output][json]") {
  const auto d = wps_device();
  const auto host = output::upnp_device_json(d, view_style::host_schema);
  CHECK(keys(host) == std::set<std::string>{"path", "device_type", "friendly_name", "manufacturer",
                                            "model_name", "model_number", "model_description",
                                            "serial_number", "udn", "udn_normalized", "mac"});
  CHECK(host["device_type"] == *d.device_type);
  CHECK(host["mac"] == "00:01:8e:3a:4b:5c");
  CHECK(host["manufacturer"].is_null());

  const auto parse = output::upnp_device_json(d, view_style::parse_detail);
  CHECK(keys(parse) == std::set<std::string>{"path", "UDN", "deviceType", "friendlyName",
                                             "manufacturer", "modelName", "modelNumber",
                                             "serialNumber", "presentationURL", "serviceTypes",
                                             "udn_normalized", "udn_mac"});
  CHECK(parse["deviceType"] == *d.device_type);
  CHECK(parse["udn_mac"] == "00:01:8e:3a:4b:5c");
  CHECK(parse["serviceTypes"] == nlohmann::json::array({d.services[0].service_type.value()}));
}

TEST_CASE("a description's envelope follows its output", "[output][json]") {
  parsers::upnp_description bad;
  bad.status = parsers::probe_status::parse_error;
  CHECK(output::upnp_description_json(bad, view_style::parse_detail) ==
        nlohmann::json{{"ok", false}, {"error", "parse_error"}, {"devices", nlohmann::json::array()}});
  bad.detail = "unexpected end at offset 3";
  const auto host = output::upnp_description_json(bad, view_style::host_schema);
  CHECK(keys(host) == std::set<std::string>{"status", "detail", "url_base", "devices"});
  CHECK(host["detail"] == bad.detail);
}

TEST_CASE("http: the host schema is the compact record, parse the whole result", "[output][json]") {
  parsers::http_response r;
  r.status = parsers::probe_status::ok;
  r.headers = {{"Server", "micro_httpd"}, {"WWW-Authenticate", "Basic realm=\"R\""}};
  r.auth = parsers::www_authenticate{"Basic", "R", "realm=\"R\""};
  r.title = parsers::decoded_text{"\x83\x8d", "ロ", "shift_jis"};
  const auto host = output::http_json(r, view_style::host_schema);
  CHECK(host["headers"][0] == nlohmann::json::array({"Server", "micro_httpd"}));
  CHECK(host["title"] == "ロ");
  CHECK(host["realm"] == "R");
  CHECK(host["charset"] == "");
  CHECK_FALSE(host.contains("body"));
  const auto parse = output::http_json(r, view_style::parse_detail);
  CHECK(parse["headers"][0] == nlohmann::json{{"name", "Server"}, {"value", "micro_httpd"}});
  CHECK(parse["title"]["raw_hex"] == "838d");
  CHECK(parse["auth"]["realm"] == "R");
  CHECK(parse["charset"].is_null());
  CHECK_FALSE(parse.contains("realm"));
}

TEST_CASE("the verdict's certainty is rounded for parse only; evidence is the stored encoding", "[output][json]") {
  parsers::verdict v;
  v.family = "wificam";
  v.certainty = 0.123456;
  v.evidence.push_back({81, parsers::probe_kind::get_root, "http_header.server", "GoAhead-Webs",
                        "iot.xml", "GoAhead", {{"iot.family", "wificam"}}});
  const auto host = output::verdict_json(v, view_style::host_schema);
  const auto parse = output::verdict_json(v, view_style::parse_detail);
  CHECK(host["certainty"] == 0.123456);
  CHECK(parse["certainty"] == 0.1235);
  CHECK(host["evidence"] == parse["evidence"]);
  CHECK(host["evidence"][0]["probe"] == "get_root");
  CHECK(host["vendor"].is_null());
}

TEST_CASE("dumping never throws on device bytes that are not UTF-8", "[output][json]") {
  const nlohmann::json value = {{"server", "Real\xff\xfetek \xc3"}};
  CHECK(output::dump_json_line(value) == "{\"server\":\"Real\xef\xbf\xbd\xef\xbf\xbdtek \xef\xbf\xbd\"}");
  CHECK_NOTHROW(output::dump_json(value));
  const nlohmann::ordered_json ordered = {{"tag", "\xff"}};
  CHECK(output::dump_json_line(ordered) == "{\"tag\":\"\xef\xbf\xbd\"}");
}
