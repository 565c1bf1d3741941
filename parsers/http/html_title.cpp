// First-<title> extraction (see html_title.hpp). Order matters: bytes are converted to
// UTF-8 before entities are decoded, because an entity yields UTF-8 that a legacy
// decoder (Shift_JIS, GBK, …) would otherwise misread. Besides XML's five, &nbsp; and
// numeric references (text.hpp), titles get HTML's Latin-1 names (&eacute;, &uuml;, …):
// European router pages write them ("Anmeldung f&uuml;r FRITZ!Box").
#include "parsers/http/html_title.hpp"

#include "parsers/core/charset.hpp"
#include "parsers/core/text.hpp"

namespace iotprobe::parsers {
namespace {

bool ends_tag_name(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

// Offset just past the '>' of the first "<title" tag, or npos.
std::size_t title_content_start(std::string_view html) {
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t hit = ifind(html.substr(pos), "<title");
    if (hit == std::string_view::npos) return std::string_view::npos;
    const std::size_t after = pos + hit + 6;
    if (after < html.size() && ends_tag_name(html[after])) {
      const std::size_t close = html.find('>', after);
      return close == std::string_view::npos ? std::string_view::npos : close + 1;
    }
    pos = after;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> find_title(std::string_view html) {
  const std::size_t start = title_content_start(html);
  if (start == std::string_view::npos) return std::nullopt;
  const std::string_view rest = html.substr(start);
  std::size_t end = ifind(rest, "</title");
  if (end == std::string_view::npos) end = rest.find('<');
  return rest.substr(0, end);
}

std::optional<decoded_text> extract_title(std::string_view html, std::string_view charset,
                                          std::size_t max_bytes) {
  const std::optional<std::string_view> found = find_title(html);
  if (!found) return std::nullopt;
  // Whitespace collapsing can shrink a title a lot, so more than max_bytes is decoded,
  // but a bound still keeps a megabyte-long "title" from costing a megabyte of work.
  const std::size_t decode_bytes = max_bytes > (std::size_t{1} << 40) ? max_bytes : max_bytes * 16;
  const std::string_view input = found->substr(0, decode_bytes);
  const utf8_text converted = to_utf8(input, charset);
  const std::string clean = collapse_whitespace(decode_html_entities(converted.text, entity_names::latin1));
  decoded_text title;
  title.raw = std::string(found->substr(0, max_bytes));
  title.utf8 = std::string(utf8_prefix(clean, max_bytes));
  const std::string label = normalize_charset_label(charset);
  title.charset = (label.empty() || !converted.known_charset) ? "utf-8" : label;
  return title;
}

}  // namespace iotprobe::parsers
