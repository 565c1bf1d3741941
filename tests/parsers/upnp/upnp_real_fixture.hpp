// Loads a real device description from tests/fixtures/upnp/real/ and parses it, for the
// [upnp][real] tests. Fails the test, never returns partial data, if the file is missing.
#pragma once

#include "tests/parsers/http/http_fixture.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <string>
#include <vector>

namespace iotprobe::testing {

inline std::string read_real_upnp(const std::string& name) {
  return read_http_fixture("upnp/real/" + name);
}

inline parsers::upnp_description parse_real_upnp(const std::string& name) {
  return parsers::parse_upnp_description(read_real_upnp(name));
}

inline std::vector<std::string> device_paths(const parsers::upnp_description& d) {
  std::vector<std::string> out;
  for (const auto& device : d.devices) out.push_back(device.path);
  return out;
}

inline std::vector<std::string> service_types(const parsers::upnp_device& device) {
  std::vector<std::string> out;
  for (const auto& service : device.services) out.push_back(service.service_type.value_or("<absent>"));
  return out;
}

}  // namespace iotprobe::testing
