// Charset detection (Content-Type header, <meta> in the body) and conversion of device
// bytes to UTF-8 with glibc iconv. Conversion never fails: an invalid or truncated
// sequence becomes U+FFFD and an unknown charset falls back to UTF-8 with replacement.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

// A charset label as a lower-case token: quotes and whitespace dropped, and cut at the
// first byte that cannot be in a label ("\"Shift_JIS\"" → "shift_jis"). "" when empty.
std::string normalize_charset_label(std::string_view label);

// The charset= parameter of a Content-Type value, normalised; "" when absent.
std::string charset_from_content_type(std::string_view content_type);

// The first charset a <meta> tag declares, either <meta charset=…> or
// <meta http-equiv="Content-Type" content="…; charset=…">, normalised; "" when none.
std::string charset_from_meta(std::string_view html);

// Picks the label to decode `body` with, from the header's and the meta's labels
// (either may be ""). The rules and the reasons are at the definition.
std::string choose_charset(std::string_view header_label, std::string_view meta_label,
                           std::string_view body);

struct utf8_text {
  std::string text;           // valid UTF-8
  std::size_t replaced = 0;   // invalid or truncated sequences replaced by U+FFFD
  bool known_charset = true;  // false: iconv does not know the label, decoded as UTF-8
};

// Converts `bytes` from the charset `label` ("" means UTF-8) to UTF-8.
utf8_text to_utf8(std::string_view bytes, std::string_view label);

// True when every byte of `bytes` is a valid sequence in the charset `label`.
bool valid_in_charset(std::string_view bytes, std::string_view label);

// Length of the well-formed UTF-8 sequence at text[i] (1 to 4), or 0 when it is invalid
// (overlong, surrogate, beyond U+10FFFF, or cut off by the end of the text).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

// Longest prefix of valid UTF-8 `text` that fits in max_bytes without splitting a
// character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace iotprobe::parsers
