// host_result → JSON (schema iotprobe.host/1). Optional values become null; times are
// ISO-8601 UTC with milliseconds. Device text may be any bytes: dumping replaces invalid
// UTF-8 instead of throwing.
#include "prober/cli/host_json.hpp"

#include "db/day.hpp"
#include "parsers/model/host_identity.hpp"
#include "prober/cli/json_views.hpp"

#include <cmath>

namespace iotprobe::cli {
namespace {

using nlohmann::json;

json http_json(const parsers::http_response& h) {
  json headers = json::array();
  for (const auto& header : h.headers) headers.push_back({header.name, header.value});
  return {{"status", std::string(parsers::to_string(h.status))},
          {"version", h.version},
          {"status_code", h.status_code},
          {"reason", h.reason},
          {"headers", headers},
          {"server", h.server() ? json(std::string(*h.server())) : json(nullptr)},
          {"title", h.title ? json(h.title->utf8) : json(nullptr)},
          {"realm", h.auth && h.auth->realm ? json(*h.auth->realm) : json(nullptr)},
          {"charset", h.charset},
          {"body_bytes", h.body.size()},
          {"headers_truncated", h.headers_truncated},
          {"body_truncated", h.body_truncated}};
}

json device_json(const parsers::upnp_device& d) {
  return {{"path", d.path},
          {"device_type", json_or_null(d.device_type)},
          {"friendly_name", json_or_null(d.friendly_name)},
          {"manufacturer", json_or_null(d.manufacturer)},
          {"model_name", json_or_null(d.model_name)},
          {"model_number", json_or_null(d.model_number)},
          {"model_description", json_or_null(d.model_description)},
          {"serial_number", json_or_null(d.serial_number)},
          {"udn", json_or_null(d.udn)},
          {"udn_normalized", d.udn_parsed ? json(d.udn_parsed->normalized) : json(nullptr)},
          {"mac", d.udn_parsed && d.udn_parsed->mac ? json(*d.udn_parsed->mac) : json(nullptr)}};
}

json description_json(const parsers::upnp_description& d) {
  json devices = json::array();
  for (const auto& device : d.devices) devices.push_back(device_json(device));
  return {{"status", std::string(parsers::to_string(d.status))},
          {"detail", d.detail},
          {"url_base", json_or_null(d.url_base)},
          {"devices", devices}};
}

json ssdp_json(const parsers::ssdp_reply& s) {
  return {{"status", std::string(parsers::to_string(s.status))},
          {"status_code", s.status_code},
          {"location", json_or_null(s.location)},
          {"server", json_or_null(s.server)},
          {"usn", json_or_null(s.usn)},
          {"st", json_or_null(s.st)}};
}

json probe_json(const parsers::probe_result& p, bool include_raw) {
  json j = {{"port", p.port},
            {"probe", parsers::to_string(p.probe)},
            {"path", p.path},
            {"status", std::string(parsers::to_string(p.status))},
            {"detail", p.detail},
            {"elapsed_ms", std::round(p.elapsed_ms * 10) / 10},
            {"raw_bytes", p.raw.size()},
            {"http", p.http ? http_json(*p.http) : json(nullptr)},
            {"description", p.description ? description_json(*p.description) : json(nullptr)},
            {"ssdp", p.ssdp ? ssdp_json(*p.ssdp) : json(nullptr)}};
  if (include_raw) j["raw"] = p.raw;
  return j;
}

}  // namespace

// A per-device UDN such as Realtek's MAC-bearing WPS one beats a compiled-in default.
std::optional<std::string> root_udn(const parsers::host_result& host) {
  const parsers::host_identity identity =
      parsers::identify_host(host, parsers::builtin_default_udns());
  if (const parsers::udn_candidate* chosen = identity.chosen()) return chosen->udn;
  return std::nullopt;
}

nlohmann::json host_to_json(const parsers::host_result& host, bool include_raw) {
  json probes = json::array();
  std::size_t open = 0;
  for (const auto& p : host.probes) {
    probes.push_back(probe_json(p, include_raw));
    if (p.probe == parsers::probe_kind::get_root && p.status != parsers::probe_status::refused &&
        p.status != parsers::probe_status::timeout && p.status != parsers::probe_status::skipped &&
        p.status != parsers::probe_status::unreachable && p.status != parsers::probe_status::blocked)
      ++open;
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(host.finished - host.started).count();
  return {{"schema", host_schema},
          {"ip", host.ip},
          {"day", json_or_null(host.day)},
          {"country", json_or_null(host.country)},
          {"tag", json_or_null(host.tag)},
          {"started", db::iso_time(host.started)},
          {"finished", db::iso_time(host.finished)},
          {"elapsed_ms", std::round(elapsed)},
          {"open_ports", open},
          {"root_udn", json_or_null(root_udn(host))},
          {"verdict", verdict_json(host.verdict)},
          {"probes", probes}};
}

std::string host_to_json_line(const parsers::host_result& host, bool include_raw) {
  return dump_json_line(host_to_json(host, include_raw));
}

}  // namespace iotprobe::cli
