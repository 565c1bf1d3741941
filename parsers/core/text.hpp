// Small ASCII text helpers shared by every parser: case-insensitive compare, trimming,
// lower-casing, whitespace collapsing and HTML entity decoding. Total functions: no
// input makes them throw or read out of bounds.
#pragma once

#include <string>
#include <string_view>

namespace iotprobe::parsers {

bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;
// Position of `needle` in `text`, ignoring ASCII case; npos when absent.
std::size_t ifind(std::string_view text, std::string_view needle) noexcept;
std::string_view trim(std::string_view text) noexcept;  // space, \t, \r, \n, \f, \v
std::string to_lower(std::string_view text);
// Runs of ASCII whitespace become one space; the ends are trimmed.
std::string collapse_whitespace(std::string_view text);
// Which named references decode_html_entities knows: XML's five and &nbsp; (basic), or
// those plus HTML 4's Latin-1 names such as &eacute; and &uuml; (latin1).
enum class entity_names { basic, latin1 };
// Decodes the named references above and numeric (&#N; &#xH;) ones to UTF-8. Unknown or
// malformed references are kept verbatim.
std::string decode_html_entities(std::string_view text, entity_names names = entity_names::basic);

}  // namespace iotprobe::parsers
