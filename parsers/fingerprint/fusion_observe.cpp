// Field extraction for fusion: turns parsed HTTP, UPnP and SSDP answers into the
// (field, value) pairs the fingerprint databases match on. Reads only what the parsers
// produced; never throws on any input.
#include "parsers/fingerprint/fusion.hpp"

#include "parsers/core/text.hpp"

namespace iotprobe::parsers {
namespace {

constexpr std::size_t max_body_match_bytes = 64 * 1024;

void add(std::vector<field_observation>& out, int port, probe_kind probe,
         std::string_view field, std::string_view value) {
  out.push_back({port, probe, std::string(field), std::string(value), {}});
}

void add_optional(std::vector<field_observation>& out, int port, probe_kind probe,
                  std::string_view field, const std::optional<std::string>& value) {
  if (value) add(out, port, probe, field, *value);
}

}  // namespace

std::vector<field_observation> observe_http(int port, probe_kind probe,
                                            const http_response& response) {
  std::vector<field_observation> out;
  if (response.status != probe_status::ok) return out;
  std::string names;
  bool server_seen = false;
  for (const http_header& h : response.headers) {
    if (!names.empty()) names += '\n';
    names += to_lower(h.name);
    if (!server_seen && iequals(h.name, "Server")) {
      add(out, port, probe, "http_header.server", h.value);
      server_seen = true;
    } else if (iequals(h.name, "WWW-Authenticate")) {
      add(out, port, probe, "http_header.wwwauth", h.value);
    }
  }
  add(out, port, probe, "http_header.names", names);
  if (response.title) add(out, port, probe, "html_title", response.title->utf8);
  if (!response.body.empty())
    add(out, port, probe, "http_body",
        std::string_view(response.body).substr(0, max_body_match_bytes));
  return out;
}

std::vector<field_observation> observe_upnp(int port, probe_kind probe,
                                            const upnp_description& description) {
  std::vector<field_observation> out;
  if (description.status != probe_status::ok) return out;
  for (const upnp_device& d : description.devices) {
    add_optional(out, port, probe, "upnp.deviceType", d.device_type);
    add_optional(out, port, probe, "upnp.friendlyName", d.friendly_name);
    add_optional(out, port, probe, "upnp.manufacturer", d.manufacturer);
    add_optional(out, port, probe, "upnp.modelName", d.model_name);
    add_optional(out, port, probe, "upnp.modelNumber", d.model_number);
    add_optional(out, port, probe, "upnp.modelDescription", d.model_description);
    add_optional(out, port, probe, "upnp.udn", d.udn);
    add_optional(out, port, probe, "upnp.upc", d.upc);
  }
  return out;
}

std::vector<field_observation> observe_ssdp(int port, probe_kind probe,
                                            const ssdp_reply& reply) {
  std::vector<field_observation> out;
  if (reply.status != probe_status::ok) return out;
  add_optional(out, port, probe, "ssdp_header.server", reply.server);
  return out;
}

std::vector<field_observation> observe_probe(const probe_result& probe, int response) {
  std::vector<field_observation> out;
  auto append = [&out](std::vector<field_observation> more) {
    for (auto& o : more) out.push_back(std::move(o));
  };
  if (probe.http) append(observe_http(probe.port, probe.probe, *probe.http));
  if (probe.description) append(observe_upnp(probe.port, probe.probe, *probe.description));
  if (probe.ssdp) append(observe_ssdp(probe.port, probe.probe, *probe.ssdp));
  for (auto& o : out) o.responses = {response};
  return out;
}

}  // namespace iotprobe::parsers
