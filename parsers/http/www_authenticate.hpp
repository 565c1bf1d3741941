// The WWW-Authenticate challenge a device sends: its scheme and realm. Quoted-string
// aware (a comma or "realm=" inside quotes is data). Pure and total, never throws.
#pragma once

#include "parsers/http/http_response.hpp"

#include <optional>
#include <string_view>

namespace iotprobe::parsers {

// The first challenge in one header value. nullopt when the value has no scheme token.
// realm is unquoted with backslash escapes resolved; params is everything after the
// scheme, verbatim but trimmed.
std::optional<www_authenticate> parse_www_authenticate(std::string_view value);

}  // namespace iotprobe::parsers
