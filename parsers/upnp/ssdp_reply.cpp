// SSDP reply parsing (see ssdp_reply.hpp) on top of the shared HTTP head parser, so the
// lenient header rules are the same as for HTTP. Never throws; a datagram that is not
// an HTTP-shaped reply (garbage, or a NOTIFY / M-SEARCH request) is not_http.
#include "parsers/upnp/ssdp_reply.hpp"

#include "parsers/http/http_head.hpp"
#include "parsers/core/text.hpp"

#include <fmt/format.h>

namespace iotprobe::parsers {
namespace {

// A UDP datagram is at most 64 KiB; no SSDP reply needs a bigger head.
constexpr std::size_t max_ssdp_head_bytes = 64 * 1024;

void pick(const http_header& h, std::string_view name, std::optional<std::string>& field) {
  if (!field && iequals(h.name, name)) field = h.value;
}

void pick_known_headers(ssdp_reply& r) {
  for (const http_header& h : r.headers) {
    pick(h, "LOCATION", r.location);
    pick(h, "SERVER", r.server);
    pick(h, "USN", r.usn);
    pick(h, "ST", r.st);
    pick(h, "CACHE-CONTROL", r.cache_control);
    if (iequals(h.name, "EXT")) r.ext = true;
  }
}

}  // namespace

ssdp_reply parse_ssdp_reply(std::string_view bytes) {
  ssdp_reply r;
  r.status = probe_status::not_http;
  if (bytes.empty()) {
    r.detail = "empty datagram";
    return r;
  }
  http_head head = parse_http_head(bytes, max_ssdp_head_bytes);
  if (!head.has_status_line) {
    r.detail = fmt::format("no HTTP status line; datagram starts \"{}\"", escaped_excerpt(bytes, 24));
    return r;
  }
  r.status = probe_status::ok;
  r.version = std::move(head.status.version);
  r.status_code = head.status.code;
  r.reason = std::move(head.status.reason);
  r.headers = std::move(head.headers);
  if (!head.malformed_header_lines.empty()) {
    r.detail = fmt::format("{} malformed header line(s)", head.malformed_header_lines.size());
  }
  pick_known_headers(r);
  return r;
}

}  // namespace iotprobe::parsers
