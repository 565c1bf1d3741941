// The JSON renderers of parser results and verdicts (see response_json.hpp). Each value
// is rendered once; a style only picks names and the fields its output promises.
#include "prober/output/response_json.hpp"

#include "db/evidence_codec.hpp"
#include "prober/output/json_dump.hpp"

#include <cmath>
#include <string_view>

namespace iotprobe::output {
namespace {

using nlohmann::json;

bool host(view_style style) { return style == view_style::host_schema; }

json text_or_null(std::string_view text) { return text.empty() ? json(nullptr) : json(text); }

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

json headers_json(const std::vector<parsers::http_header>& headers, view_style style) {
  json out = json::array();
  for (const auto& h : headers) {
    if (host(style)) out.push_back(json::array({h.name, h.value}));
    else out.push_back({{"name", h.name}, {"value", h.value}});
  }
  return out;
}

json title_json(const std::optional<parsers::decoded_text>& title, view_style style) {
  if (!title) return nullptr;
  if (host(style)) return title->utf8;
  return {{"utf8", title->utf8}, {"raw_hex", hex(title->raw)}, {"charset", title->charset}};
}

json auth_json(const std::optional<parsers::www_authenticate>& auth) {
  if (!auth) return nullptr;
  return {{"scheme", auth->scheme}, {"realm", json_or_null(auth->realm)}, {"params", auth->params}};
}

void add_http_detail(json& j, const parsers::http_response& r) {
  j["detail"] = text_or_null(r.detail);
  j["malformed_header_lines"] = r.malformed_header_lines;
  j["charset"] = text_or_null(r.charset);
  j["auth"] = auth_json(r.auth);
  j["chunked"] = r.chunked;
  j["duplicated_status_line"] = r.duplicated_status_line;
  j["body"] = r.body;
}

// A device text field and its name in each style (nullptr: the style leaves it out).
struct device_field {
  std::optional<std::string> parsers::upnp_device::*member;
  const char* host_name;
  const char* element_name;
};

constexpr device_field device_fields[] = {
    {&parsers::upnp_device::udn, "udn", "UDN"},
    {&parsers::upnp_device::device_type, "device_type", "deviceType"},
    {&parsers::upnp_device::friendly_name, "friendly_name", "friendlyName"},
    {&parsers::upnp_device::manufacturer, "manufacturer", "manufacturer"},
    {&parsers::upnp_device::model_name, "model_name", "modelName"},
    {&parsers::upnp_device::model_number, "model_number", "modelNumber"},
    {&parsers::upnp_device::model_description, "model_description", nullptr},
    {&parsers::upnp_device::serial_number, "serial_number", "serialNumber"},
    {&parsers::upnp_device::presentation_url, nullptr, "presentationURL"},
};

json service_types(const parsers::upnp_device& device) {
  json out = json::array();
  for (const auto& service : device.services) {
    if (service.service_type) out.push_back(*service.service_type);
  }
  return out;
}

}  // namespace

// Field by field for the reason probe_json (host_views.cpp) gives: this runs per exchange.
json http_json(const parsers::http_response& r, view_style style) {
  json j(json::value_t::object);
  j["status"] = parsers::to_string(r.status);
  j["version"] = r.version;
  j["status_code"] = r.status_code;
  j["reason"] = r.reason;
  j["server"] = json_or_null(r.server());
  j["headers"] = headers_json(r.headers, style);
  j["charset"] = r.charset;
  j["title"] = title_json(r.title, style);
  j["headers_truncated"] = r.headers_truncated;
  j["body_truncated"] = r.body_truncated;
  j["body_bytes"] = r.body.size();
  if (host(style)) j["realm"] = r.auth ? json_or_null(r.auth->realm) : json(nullptr);
  else add_http_detail(j, r);
  return j;
}

json ssdp_json(const parsers::ssdp_reply& r, view_style style) {
  json j = {{"status", parsers::to_string(r.status)}, {"status_code", r.status_code},
            {"location", json_or_null(r.location)},   {"server", json_or_null(r.server)},
            {"usn", json_or_null(r.usn)},             {"st", json_or_null(r.st)}};
  if (host(style)) return j;
  j["detail"] = text_or_null(r.detail);
  j["version"] = r.version;
  j["reason"] = r.reason;
  j["cache_control"] = json_or_null(r.cache_control);
  j["ext"] = r.ext;
  j["headers"] = headers_json(r.headers, style);
  return j;
}

json upnp_device_json(const parsers::upnp_device& device, view_style style) {
  json j = {{"path", device.path}};
  for (const device_field& f : device_fields) {
    const char* name = host(style) ? f.host_name : f.element_name;
    if (name) j[name] = json_or_null(device.*f.member);
  }
  const auto& udn = device.udn_parsed;
  j["udn_normalized"] = udn ? json(udn->normalized) : json(nullptr);
  j[host(style) ? "mac" : "udn_mac"] = udn ? json_or_null(udn->mac) : json(nullptr);
  if (!host(style)) j["serviceTypes"] = service_types(device);
  return j;
}

json upnp_description_json(const parsers::upnp_description& d, view_style style) {
  json devices = json::array();
  for (const auto& device : d.devices) devices.push_back(upnp_device_json(device, style));
  if (host(style)) {
    return {{"status", parsers::to_string(d.status)}, {"detail", d.detail},
            {"url_base", json_or_null(d.url_base)},    {"devices", std::move(devices)}};
  }
  const bool ok = d.status == parsers::probe_status::ok;
  json error = nullptr;
  if (!ok) error = d.detail.empty() ? std::string(parsers::to_string(d.status)) : d.detail;
  return {{"ok", ok}, {"error", std::move(error)}, {"devices", std::move(devices)}};
}

json verdict_json(const parsers::verdict& v, view_style style) {
  const auto rounded = [&](double c) { return host(style) ? c : std::round(c * 10000.0) / 10000.0; };
  json devices = json::array();
  for (const auto& d : v.devices)
    devices.push_back({{"family", d.family},       {"vendor", json_or_null(d.vendor)},
                       {"product", json_or_null(d.product)}, {"version", json_or_null(d.version)},
                       {"certainty", rounded(d.certainty)}, {"ports", d.ports},
                       {"conflicts", d.conflicts}});
  return {{"family", json_or_null(v.family)},   {"vendor", json_or_null(v.vendor)},
          {"product", json_or_null(v.product)}, {"version", json_or_null(v.version)},
          {"certainty", rounded(v.certainty)},  {"evidence", db::evidence_json(v.evidence)},
          {"conflicts", v.conflicts},           {"devices", devices},
          {"below_threshold", v.below_threshold}, {"honeypot_like", v.honeypot_like}};
}

}  // namespace iotprobe::output
