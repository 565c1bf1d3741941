// Which identity keys a host served and which one names each of its devices: the
// precedence rule between the descriptions one host served (picsdesc on 52869 vs
// simplecfg on 52881, …) and the weaker keys of hosts without a description (a self-signed
// TLS certificate's SHA-256, an SSDP USN).
// Pure and deterministic: the choice depends only on the host's own answers and the
// known-defaults list, never on order of arrival, so an interrupted and resumed batch
// chooses exactly as an uninterrupted one.
#pragma once

#include "parsers/model/host_result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

// How a key was learnt, strongest first. A UDN from a well-formed root description is the
// device's own identity. Weaker kinds, which the counts report separately: the SHA-256 of
// a self-signed leaf certificate shown on an HTTPS port (a device that makes its own key
// pair at first boot has one of its own; a vendor certificate baked into the firmware is
// shared, which the ledger finds as it finds a shared UDN), then a USN's uuid (an SSDP
// reply whose description was not fetched, and which any unit may copy from another).
enum class identity_kind { udn, tls_cert, ssdp_usn };
std::string_view to_string(identity_kind kind) noexcept;  // stored: added, never renamed

// One identity key a host served, with the attributes kept beside it.
struct udn_candidate {
  std::string udn;       // normalised (normalize_udn); tls_cert: "sha256:<hex of the DER>"
  std::string udn_raw;   // as served; tls_cert: the certificate's subject
  std::optional<std::string> mac;  // from a Realtek WPS UDN
  std::optional<std::string> manufacturer, model_name, model_number, serial_number;
  int port = 0;
  bool well_formed = false;
  bool known_default = false;  // on the known-defaults list: shared by construction
  // Why the key cannot name one device by construction: "known_default", "mac_unset",
  // "mac_broadcast", "mac_multicast" (parsers/upnp/udn.hpp); nullopt for a per-device key.
  std::optional<std::string> shared_rule;
  identity_kind kind = identity_kind::udn;
};

// Precedence (best first), applied to the ROOT device of every well-formed description,
// to every self-signed certificate of an HTTPS answer and to the uuid of every SSDP USN:
//   1. not shared by construction (a compiled-in UDN or an unset MAC is never an identity);
//   2. a UDN, then a certificate, then a USN (identity_kind order);
//   3. carries a MAC (Realtek WPS simplecfg: per-device by construction);
//   4. a well-formed 8-4-4-4-12 UUID;
//   5. the lower logical port, then the lexically smaller key (a stable tie-break).
// So a host with picsdesc (52869, shared default) and simplecfg (52881, MAC UDN) takes the
// simplecfg UDN. A chosen candidate that is shared leaves the host unattributed.
// Embedded devices' UDNs are evidence (stored in descriptions), never keys.
struct host_identity {
  std::vector<udn_candidate> candidates;  // sorted by the precedence above, one per key
  const udn_candidate* chosen() const { return candidates.empty() ? nullptr : &candidates[0]; }
};

host_identity identify_host(const host_result& host,
                            const std::vector<std::string>& known_default_udns);

// The identity of each device of `v` (one entry per v.devices, in order): the best
// candidate served on one of the device's ports. A candidate on a port no device claims
// goes to the device of a single-device host; with several devices it names none of
// them, since it cannot say whose it is. With no device, the host's chosen candidate is
// the one entry (an unidentified host still has an identity).
std::vector<const udn_candidate*> identify_devices(const host_identity& identity,
                                                   const verdict& v);

// The built-in known-default UDNs (docs/devices.md §1b), used when no config list is given.
const std::vector<std::string>& builtin_default_udns();

// True when any probe of the host got an answer (an open port).
bool host_is_open(const host_result& host);

}  // namespace iotprobe::parsers
