// The identity precedence rule (see host_identity.hpp). No I/O, no SQLite. It never
// treats a key that is shared by construction as a device identity.
#include "parsers/model/host_identity.hpp"

#include "parsers/upnp/udn.hpp"

#include <algorithm>
#include <tuple>

namespace iotprobe::parsers {
namespace {

udn_candidate from_udn(const udn_info& info, int port, const std::vector<std::string>& defaults) {
  udn_candidate c;
  c.udn = info.normalized;
  c.udn_raw = info.raw;
  c.mac = info.mac;
  c.port = port;
  c.well_formed = info.well_formed;
  c.known_default = std::find(defaults.begin(), defaults.end(), c.udn) != defaults.end();
  if (c.known_default) c.shared_rule = "known_default";
  else if (const auto rule = udn_not_per_device(info)) c.shared_rule = std::string(*rule);
  return c;
}

// `defaults` is already normalised (once per host, not once per candidate).
std::optional<udn_candidate> description_candidate(const probe_result& probe,
                                                   const std::vector<std::string>& defaults) {
  if (!probe.description || probe.description->status != probe_status::ok) return {};
  const upnp_device* root = probe.description->root();
  if (!root || !root->udn) return {};
  const udn_info info = root->udn_parsed ? *root->udn_parsed : normalize_udn(*root->udn);
  if (info.normalized.empty()) return {};
  udn_candidate c = from_udn(info, probe.port, defaults);
  c.manufacturer = root->manufacturer;
  c.model_name = root->model_name;
  c.model_number = root->model_number;
  c.serial_number = root->serial_number;
  return c;
}

// "uuid:<device uuid>[::<type>]": only a well-formed uuid is taken as a key.
std::optional<udn_candidate> usn_candidate(const probe_result& probe,
                                           const std::vector<std::string>& defaults) {
  if (!probe.ssdp || probe.ssdp->status != probe_status::ok || !probe.ssdp->usn) return {};
  const std::string_view usn = *probe.ssdp->usn;
  const udn_info info = normalize_udn(usn.substr(0, usn.find("::")));
  if (!info.well_formed) return {};
  udn_candidate c = from_udn(info, probe.port, defaults);
  c.kind = identity_kind::ssdp_usn;
  return c;
}

// A self-signed leaf certificate that decoded: its DER's SHA-256 is the key. A certificate
// signed by someone else names whoever signed it, not the unit: no key.
std::optional<udn_candidate> certificate_candidate(const probe_result& probe) {
  if (!probe.certificate || probe.certificate->status != probe_status::ok ||
      !probe.certificate->self_signed())
    return {};
  udn_candidate c;
  c.udn = "sha256:" + probe.certificate->sha256;
  c.udn_raw = probe.certificate->subject;
  c.port = probe.port;
  c.well_formed = true;
  c.kind = identity_kind::tls_cert;
  return c;
}

auto rank(const udn_candidate& c) {
  return std::make_tuple(c.shared_rule.has_value(), c.kind, !c.mac.has_value(), !c.well_formed,
                         c.port, c.udn);
}

void add_unique(std::vector<udn_candidate>& out, std::optional<udn_candidate> c) {
  if (!c) return;
  const auto same = std::find_if(out.begin(), out.end(),
                                 [&](const udn_candidate& o) { return o.udn == c->udn; });
  if (same == out.end()) out.push_back(std::move(*c));
  else if (rank(*c) < rank(*same)) *same = std::move(*c);
}

}  // namespace

std::string_view to_string(identity_kind kind) noexcept {
  switch (kind) {
    case identity_kind::udn: return "udn";
    case identity_kind::tls_cert: return "tls_cert";
    case identity_kind::ssdp_usn: return "ssdp_usn";
  }
  return "udn";
}

host_identity identify_host(const host_result& host,
                            const std::vector<std::string>& known_default_udns) {
  std::vector<std::string> defaults;
  defaults.reserve(known_default_udns.size());
  for (const auto& d : known_default_udns) defaults.push_back(normalize_udn(d).normalized);
  host_identity out;
  for (const auto& probe : host.probes) {
    add_unique(out.candidates, description_candidate(probe, defaults));
    add_unique(out.candidates, certificate_candidate(probe));
    add_unique(out.candidates, usn_candidate(probe, defaults));
  }
  std::sort(out.candidates.begin(), out.candidates.end(),
            [](const udn_candidate& a, const udn_candidate& b) { return rank(a) < rank(b); });
  return out;
}

std::vector<const udn_candidate*> identify_devices(const host_identity& identity,
                                                   const verdict& v) {
  if (v.devices.empty()) return {identity.chosen()};
  std::vector<const udn_candidate*> out(v.devices.size(), nullptr);
  for (const udn_candidate& c : identity.candidates) {  // best first: the first fit wins
    for (std::size_t i = 0; i < v.devices.size(); ++i) {
      const auto& ports = v.devices[i].ports;
      const bool on_port = std::find(ports.begin(), ports.end(), c.port) != ports.end();
      if (!out[i] && (on_port || v.devices.size() == 1)) out[i] = &c;
    }
  }
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
