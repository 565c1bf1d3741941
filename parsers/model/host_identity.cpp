// The UDN precedence rule (see host_identity.hpp). No I/O, no SQLite. It never treats a
// known-default UDN as a device identity.
#include "parsers/model/host_identity.hpp"

#include "parsers/upnp/udn.hpp"

#include <algorithm>
#include <tuple>

namespace iotprobe::parsers {
namespace {

// `defaults` is already normalised (once per host, not once per candidate).
std::optional<udn_candidate> candidate_of(const probe_result& probe,
                                          const std::vector<std::string>& defaults) {
  if (!probe.description || probe.description->status != probe_status::ok) return {};
  const upnp_device* root = probe.description->root();
  if (!root || !root->udn) return {};
  const udn_info info =
      root->udn_parsed ? *root->udn_parsed : normalize_udn(*root->udn);
  if (info.normalized.empty()) return {};
  udn_candidate c;
  c.udn = info.normalized;
  c.udn_raw = info.raw;
  c.mac = info.mac;
  c.manufacturer = root->manufacturer;
  c.model_name = root->model_name;
  c.model_number = root->model_number;
  c.serial_number = root->serial_number;
  c.port = probe.port;
  c.well_formed = info.well_formed;
  c.known_default = std::find(defaults.begin(), defaults.end(), c.udn) != defaults.end();
  return c;
}

auto rank(const udn_candidate& c) {
  return std::make_tuple(c.known_default, !c.mac.has_value(), !c.well_formed, c.port, c.udn);
}

}  // namespace

host_identity identify_host(const host_result& host,
                            const std::vector<std::string>& known_default_udns) {
  std::vector<std::string> defaults;
  defaults.reserve(known_default_udns.size());
  for (const auto& d : known_default_udns) defaults.push_back(normalize_udn(d).normalized);
  host_identity out;
  for (const auto& probe : host.probes) {
    auto c = candidate_of(probe, defaults);
    if (!c) continue;
    const bool seen = std::any_of(out.candidates.begin(), out.candidates.end(),
                                  [&](const udn_candidate& o) { return o.udn == c->udn; });
    if (!seen) out.candidates.push_back(std::move(*c));
  }
  std::sort(out.candidates.begin(), out.candidates.end(),
            [](const udn_candidate& a, const udn_candidate& b) { return rank(a) < rank(b); });
  return out;
}

const std::vector<std::string>& builtin_default_udns() {
  static const std::vector<std::string> list{
      "uuid:12342409-1234-1234-5678-ee1234cc5678",  // Realtek miniigd picsdesc default
      "uuid:12342409-1234-1234-5678-ee1234cc5679",  // its WANConnectionDevice
      "uuid:82350000-4000-0000-0000-000000000001",  // RTL8186_KB builds
      "uuid:02350000-4000-0000-0000-000000000001",  // RTL8186_GR builds
  };
  return list;
}

bool host_is_open(const host_result& host) {
  return std::any_of(host.probes.begin(), host.probes.end(), [](const probe_result& p) {
    switch (p.status) {
      case probe_status::ok:
      case probe_status::not_http:
      case probe_status::too_large:
      case probe_status::parse_error:
      case probe_status::http_error:
        return true;
      default:
        return false;
    }
  });
}

}  // namespace iotprobe::parsers
