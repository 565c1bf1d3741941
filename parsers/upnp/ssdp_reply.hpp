// A unicast SSDP answer (the HTTP-over-UDP reply to an M-SEARCH), parsed leniently:
// header names in any case, with or without spaces after the colon.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/core/probe_status.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

struct ssdp_reply {
  probe_status status = probe_status::parse_error;  // ok or not_http
  std::string detail;
  std::string version;  // "HTTP/1.1"
  int status_code = 0;
  std::string reason;
  std::vector<http_header> headers;  // in order, duplicates kept
  std::optional<std::string> location, server, usn, st, cache_control;
  bool ext = false;  // an EXT header was present (its value is always empty)
};

ssdp_reply parse_ssdp_reply(std::string_view bytes);

}  // namespace iotprobe::parsers
