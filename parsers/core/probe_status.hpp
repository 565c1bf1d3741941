// The closed set of outcomes for one probe (one port × one request) and for parsing.
// Every stage reports a probe_status plus a free-text detail; the enum never grows
// ad hoc strings, so reports, the database and JSON stay comparable across versions.
#pragma once

#include <optional>
#include <string_view>

namespace iotprobe::parsers {

enum class probe_status {
  ok,           // a complete, well-formed answer
  refused,      // TCP RST on connect: the port is closed
  timeout,      // no connection, or no complete answer, before the deadline
  reset,        // the peer reset the connection mid-exchange
  not_http,     // bytes arrived but they are not HTTP
  too_large,    // the answer passed its byte cap; what was read is kept
  blocked,      // the blocklist or a redirect/LOCATION rule refused the address
  parse_error,  // HTTP arrived but the document (e.g. UPnP XML) is malformed
  http_error,   // a well-formed HTTP answer whose status is not 2xx (404, 401, …)
  unreachable,  // network or host unreachable, or no route
  skipped,      // not attempted: an earlier probe showed the port closed or silent
  error,        // anything else (local resource limits, internal errors)
};

std::string_view to_string(probe_status status) noexcept;
std::optional<probe_status> probe_status_from_string(std::string_view text) noexcept;

}  // namespace iotprobe::parsers
