// First-<title> extraction (see html_title.hpp). Order matters: bytes are converted to
// UTF-8 before entities are decoded, because an entity yields UTF-8 that a legacy
// decoder (Shift_JIS, GBK, …) would otherwise misread. Besides XML's five, &nbsp; and
// numeric references (text.hpp), titles get HTML's Latin-1 names (&eacute;, &uuml;, …):
// European router pages write them ("Anmeldung f&uuml;r FRITZ!Box").
#include "parsers/html_title.hpp"

#include "parsers/charset.hpp"
#include "parsers/text.hpp"

#include <array>
#include <cstdint>

namespace iotprobe::parsers {
namespace {

// HTML 4's ISO-8859-1 entity names, in code point order from U+00A0 (nbsp) to U+00FF.
constexpr std::array<std::string_view, 96> latin1_entities{
    "nbsp",   "iexcl",  "cent",   "pound", "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",   "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro", "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",   "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc", "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",  "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn", "yuml"};

// Replaces &name; for the Latin-1 names above with UTF-8 and leaves every other '&' for
// decode_html_entities, so "&amp;eacute;" still ends as the text "&eacute;".
std::string decode_latin1_entities(std::string_view text) {
  constexpr std::size_t max_name = 6;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t end = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    bool decoded = false;
    if (end != std::string_view::npos && end - i - 1 <= max_name) {
      const std::string_view name = text.substr(i + 1, end - i - 1);
      for (std::size_t k = 0; k < latin1_entities.size() && !decoded; ++k) {
        if (name != latin1_entities[k]) continue;
        const auto cp = static_cast<std::uint32_t>(0xA0 + k);
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
        decoded = true;
      }
    }
    if (decoded) {
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

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
  const std::string clean = collapse_whitespace(decode_html_entities(decode_latin1_entities(converted.text)));
  decoded_text title;
  title.raw = std::string(found->substr(0, max_bytes));
  title.utf8 = std::string(utf8_prefix(clean, max_bytes));
  const std::string label = normalize_charset_label(charset);
  title.charset = (label.empty() || !converted.known_charset) ? "utf-8" : label;
  return title;
}

}  // namespace iotprobe::parsers
