// The parsed UPnP device description: the root device and every embedded device,
// depth first, each with its services. Elements are matched by local name under any
// namespace. A malformed document is a parse_error with pugixml's offset: never partial.
#pragma once

#include "parsers/core/probe_status.hpp"
#include "parsers/upnp/udn.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

struct upnp_limits {
  std::size_t max_document_bytes = 256 * 1024;
  std::size_t max_depth = 32;
  std::size_t max_devices = 64;
};

// Absent element = nullopt; present but empty element = "". Values are trimmed.
struct upnp_service {
  std::optional<std::string> service_type, service_id, scpd_url, control_url, event_sub_url;
};

struct upnp_device {
  std::string path;  // "0" for the root, "0.0", "0.0.1", … for embedded devices
  std::optional<std::string> device_type, friendly_name, manufacturer, manufacturer_url,
      model_description, model_name, model_number, model_url, serial_number, udn, upc,
      presentation_url;
  std::optional<udn_info> udn_parsed;  // set when udn is present
  std::vector<upnp_service> services;
};

struct upnp_description {
  probe_status status = probe_status::parse_error;  // ok, parse_error or too_large
  std::string detail;                               // pugixml's reason on error
  std::ptrdiff_t error_offset = -1;                 // byte offset of the error, if known
  std::optional<std::string> url_base;
  std::vector<upnp_device> devices;  // devices[0] is the root when status is ok
  bool devices_truncated = false;    // more than max_devices were present

  const upnp_device* root() const { return devices.empty() ? nullptr : &devices.front(); }
};

upnp_description parse_upnp_description(std::string_view xml, const upnp_limits& limits = {});

}  // namespace iotprobe::parsers
