// The first <title> of an HTML body, as raw bytes and as clean UTF-8 text. Pure and
// total: any bytes give a value or nullopt, never an exception, in linear time.
#pragma once

#include "parsers/http/http_response.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace iotprobe::parsers {

// The bytes between the first <title …> (any case, attributes allowed) and the next
// </title>; without a closing tag, up to the next '<' or the end. nullopt: no title tag.
std::optional<std::string_view> find_title(std::string_view html);

// find_title, then: raw = the title bytes (at most max_bytes); utf8 = converted from
// `charset` ("" means UTF-8), entities decoded, whitespace collapsed, and cut to at
// most max_bytes on a character boundary.
std::optional<decoded_text> extract_title(std::string_view html, std::string_view charset,
                                          std::size_t max_bytes);

}  // namespace iotprobe::parsers
