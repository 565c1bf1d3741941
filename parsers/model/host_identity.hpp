// Which UDN identifies a host: the precedence rule between the descriptions one host
// served (picsdesc on 52869 vs simplecfg on 52881, …). Pure and deterministic: the choice
// depends only on the host's own answers and the known-defaults list, never on order of
// arrival, so an interrupted and resumed batch chooses exactly as an uninterrupted one.
#pragma once

#include "parsers/model/host_result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace iotprobe::parsers {

// One root-device UDN a host served, with the attributes kept beside it.
struct udn_candidate {
  std::string udn;       // normalised (normalize_udn)
  std::string udn_raw;   // as served
  std::optional<std::string> mac;  // from a Realtek WPS UDN
  std::optional<std::string> manufacturer, model_name, model_number, serial_number;
  int port = 0;
  bool well_formed = false;
  bool known_default = false;  // on the known-defaults list: shared by construction
};

// Precedence (best first), applied to the ROOT device of every well-formed description:
//   1. not on the known-defaults list (a compiled-in UDN is never an identity);
//   2. carries a MAC (Realtek WPS simplecfg: per-device by construction);
//   3. a well-formed 8-4-4-4-12 UUID;
//   4. the lower logical port, then the lexically smaller UDN (a stable tie-break).
// So a host with picsdesc (52869, shared default) and simplecfg (52881, MAC UDN) takes the
// simplecfg UDN. A chosen candidate that is a known default leaves the host unattributed.
// Embedded devices' UDNs are evidence (stored in descriptions), never keys.
struct host_identity {
  std::vector<udn_candidate> candidates;  // sorted by the precedence above
  const udn_candidate* chosen() const { return candidates.empty() ? nullptr : &candidates[0]; }
};

host_identity identify_host(const host_result& host,
                            const std::vector<std::string>& known_default_udns);

// The built-in known-default UDNs (docs/devices.md §1b), used when no config list is given.
const std::vector<std::string>& builtin_default_udns();

// True when any probe of the host got an answer (an open port).
bool host_is_open(const host_result& host);

}  // namespace iotprobe::parsers
