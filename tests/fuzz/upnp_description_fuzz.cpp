// Fuzz target for parsers::parse_upnp_description (default and tight caps) and
// normalize_udn: the status is ok, parse_error or too_large; a failure carries no devices
// (never a silent partial result); the device count, paths and UDN forms keep their contract.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/upnp/upnp_description.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace {

using namespace iotprobe::parsers;

void check_udn(const udn_info& u) {
  // An empty (after trimming) UDN normalises to "", never to a bare "uuid:".
  FUZZ_CHECK(u.normalized.empty() ? !u.well_formed && !u.mac
                                  : u.normalized.rfind("uuid:", 0) == 0 && u.normalized.size() > 5);
  FUZZ_CHECK(std::none_of(u.normalized.begin(), u.normalized.end(),
                          [](char c) { return c >= 'A' && c <= 'Z'; }));
  if (u.well_formed) FUZZ_CHECK(u.normalized.size() == 41);
  if (u.mac) FUZZ_CHECK(u.mac->size() == 17 && u.well_formed);
  const udn_info again = normalize_udn(u.normalized);
  FUZZ_CHECK(again.normalized == u.normalized && again.well_formed == u.well_formed);
}

void check_devices(const upnp_description& d, const upnp_limits& limits) {
  FUZZ_CHECK(!d.devices.empty() && d.devices.front().path == "0");
  FUZZ_CHECK(d.devices.size() <= limits.max_devices);
  std::set<std::string> paths;
  for (const upnp_device& device : d.devices) {
    FUZZ_CHECK(device.path == "0" || device.path.rfind("0.", 0) == 0);
    FUZZ_CHECK(static_cast<std::size_t>(std::count(device.path.begin(), device.path.end(), '.')) <
               limits.max_depth);
    FUZZ_CHECK(paths.insert(device.path).second);
    FUZZ_CHECK(device.udn.has_value() == device.udn_parsed.has_value());
    if (device.udn_parsed) {
      FUZZ_CHECK(device.udn_parsed->raw == *device.udn);
      check_udn(*device.udn_parsed);
    }
  }
}

void check_one(std::string_view xml, const upnp_limits& limits) {
  const upnp_description d = parse_upnp_description(xml, limits);
  FUZZ_CHECK(d.status == probe_status::ok || d.status == probe_status::parse_error ||
             d.status == probe_status::too_large);
  FUZZ_CHECK((d.status == probe_status::too_large) == (xml.size() > limits.max_document_bytes));
  if (d.status == probe_status::ok) {
    check_devices(d, limits);
    FUZZ_CHECK(d.root() == &d.devices.front());
  } else {
    FUZZ_CHECK(d.devices.empty() && d.root() == nullptr && !d.detail.empty());
    FUZZ_CHECK(d.error_offset >= -1 && d.error_offset <= static_cast<std::ptrdiff_t>(xml.size()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("upnp_description", [&] {
    const std::string_view xml = iotprobe::testing::as_text(data, size);
    check_one(xml, upnp_limits{});
    check_one(xml, upnp_limits{.max_document_bytes = 4096, .max_depth = 4, .max_devices = 2});
    check_udn(normalize_udn(xml.substr(0, 256)));
  });
}
