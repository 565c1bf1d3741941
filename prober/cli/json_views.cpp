// JSON views of parser results (see json_views.hpp). Field names are a contract with
// scripts that read them: rename nothing, add fields only.
#include "prober/cli/json_views.hpp"

#include <optional>
#include <string_view>

namespace iotprobe::cli {
namespace {

using nlohmann::json;

json text_json_or_null(std::string_view text) { return text.empty() ? json(nullptr) : json(text); }

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 0xf];
  }
  return out;
}

json headers_json(const std::vector<parsers::http_header>& headers) {
  json out = json::array();
  for (const auto& h : headers) out.push_back({{"name", h.name}, {"value", h.value}});
  return out;
}

json title_json(const std::optional<parsers::decoded_text>& title) {
  if (!title) return nullptr;
  return {{"utf8", title->utf8}, {"raw_hex", hex(title->raw)}, {"charset", title->charset}};
}

json auth_json(const std::optional<parsers::www_authenticate>& auth) {
  if (!auth) return nullptr;
  return {{"scheme", auth->scheme}, {"realm", json_or_null(auth->realm)}, {"params", auth->params}};
}

json device_json(const parsers::upnp_device& device) {
  json services = json::array();
  for (const auto& service : device.services) {
    if (service.service_type) services.push_back(*service.service_type);
  }
  const auto& udn = device.udn_parsed;
  return {{"path", device.path},
          {"UDN", json_or_null(device.udn)},
          {"deviceType", json_or_null(device.device_type)},
          {"friendlyName", json_or_null(device.friendly_name)},
          {"manufacturer", json_or_null(device.manufacturer)},
          {"modelName", json_or_null(device.model_name)},
          {"modelNumber", json_or_null(device.model_number)},
          {"serialNumber", json_or_null(device.serial_number)},
          {"presentationURL", json_or_null(device.presentation_url)},
          {"serviceTypes", std::move(services)},
          {"udn_normalized", udn ? json(udn->normalized) : json(nullptr)},
          {"udn_mac", udn ? json_or_null(udn->mac) : json(nullptr)}};
}

}  // namespace

json verdict_json(const parsers::verdict& v) {
  json evidence = json::array();
  for (const auto& e : v.evidence)
    evidence.push_back({{"port", e.port},
                        {"probe", parsers::to_string(e.probe)},
                        {"field", e.field},
                        {"value", e.value},
                        {"database", e.database},
                        {"fingerprint", e.fingerprint},
                        {"params", e.params}});
  return {{"family", json_or_null(v.family)},   {"vendor", json_or_null(v.vendor)},
          {"product", json_or_null(v.product)}, {"version", json_or_null(v.version)},
          {"certainty", v.certainty},           {"evidence", evidence},
          {"conflicts", v.conflicts}};
}

json http_response_json(const parsers::http_response& r) {
  return {{"status", parsers::to_string(r.status)},
          {"detail", text_json_or_null(r.detail)},
          {"version", r.version},
          {"status_code", r.status_code},
          {"reason", r.reason},
          {"server", json_or_null(r.server())},
          {"headers", headers_json(r.headers)},
          {"malformed_header_lines", r.malformed_header_lines},
          {"charset", text_json_or_null(r.charset)},
          {"title", title_json(r.title)},
          {"auth", auth_json(r.auth)},
          {"headers_truncated", r.headers_truncated},
          {"body_truncated", r.body_truncated},
          {"chunked", r.chunked},
          {"duplicated_status_line", r.duplicated_status_line},
          {"body_bytes", r.body.size()},
          {"body", r.body}};
}

json ssdp_reply_json(const parsers::ssdp_reply& r) {
  return {{"status", parsers::to_string(r.status)},
          {"detail", text_json_or_null(r.detail)},
          {"version", r.version},
          {"status_code", r.status_code},
          {"reason", r.reason},
          {"location", json_or_null(r.location)},
          {"server", json_or_null(r.server)},
          {"usn", json_or_null(r.usn)},
          {"st", json_or_null(r.st)},
          {"cache_control", json_or_null(r.cache_control)},
          {"ext", r.ext},
          {"headers", headers_json(r.headers)}};
}

json upnp_description_json(const parsers::upnp_description& d) {
  const bool ok = d.status == parsers::probe_status::ok;
  json devices = json::array();
  for (const auto& device : d.devices) devices.push_back(device_json(device));
  json error = nullptr;
  if (!ok) error = d.detail.empty() ? std::string(parsers::to_string(d.status)) : d.detail;
  return {{"ok", ok}, {"error", std::move(error)}, {"devices", std::move(devices)}};
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dump_json_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace iotprobe::cli
