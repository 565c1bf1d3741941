// The closed set of probe kinds: what was asked of a host (GET /, a description path, an
// SSDP M-SEARCH, …). Stored in the database and printed in JSON by name, so the names are
// part of the stable output schema: a kind may be added, never renamed.
#pragma once

#include <optional>
#include <string_view>

namespace iotprobe::parsers {

enum class probe_kind {
  get_root,     // GET / on an HTTP port (also when curl's answer was re-read raw)
  redirect,     // a followed (or refused) 3xx Location on the same host
  description,  // a UPnP description path of the port's list
  location,     // the SSDP LOCATION document, when no description fetch got it already
  ssdp,         // unicast M-SEARCH to UDP 1900
  banner,       // a raw TCP exchange on a non-HTTP port
  https_get_root,  // GET / over TLS on an HTTPS port, with the leaf certificate
};

std::string_view to_string(probe_kind kind) noexcept;
std::optional<probe_kind> probe_kind_from_string(std::string_view text) noexcept;

}  // namespace iotprobe::parsers
