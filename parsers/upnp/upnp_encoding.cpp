// UPnP description re-encoding (see upnp_encoding.hpp). It only decides which charset the
// bytes are in and hands them to charset.hpp's iconv conversion; it never parses XML and
// never fails (an unknown declared label falls back to the UTF-8 / Latin-1 rule).
#include "parsers/upnp/upnp_encoding.hpp"

#include "parsers/core/charset.hpp"

#include <algorithm>

namespace iotprobe::parsers {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// A UTF-16/32 byte-order mark, or a NUL in the first two bytes (UTF-16/32 without a
// BOM): pugixml converts these itself.
bool pugixml_detects(std::string_view d) {
  if (d.substr(0, 2) == "\xFE\xFF" || d.substr(0, 2) == "\xFF\xFE") return true;
  return d.size() >= 2 && (d[0] == '\0' || d[1] == '\0');
}

// The encoding label of a leading <?xml …?> declaration, normalised; "" when none.
std::string declared_encoding(std::string_view d) {
  constexpr std::size_t max_declaration_bytes = 256;
  if (d.substr(0, 5) != "<?xml") return {};
  const std::string_view decl = d.substr(0, std::min(d.find("?>"), max_declaration_bytes));
  const std::size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return {};
  std::string_view rest = decl.substr(key + 8);
  const std::size_t quote = rest.find_first_of("\"'");
  if (quote == std::string_view::npos || rest.substr(0, quote).find('=') == std::string_view::npos) {
    return {};
  }
  const char closing = rest[quote];
  rest = rest.substr(quote + 1);
  return normalize_charset_label(rest.substr(0, rest.find(closing)));
}

// Labels pugixml reads from the declaration itself (its Latin-1 spellings; UTF-16/32
// without a BOM are caught by pugixml_detects).
bool pugixml_reads(std::string_view label) { return label == "iso-8859-1" || label == "latin1"; }

// No label or a Unicode one: a real UTF-16/32 document was caught by pugixml_detects, so
// 8-bit bytes under a "UTF-16" label (a common mislabel) follow the UTF-8 rule too.
bool unicode_label(std::string_view label) { return label.empty() || label.substr(0, 3) == "utf"; }

}  // namespace

std::optional<std::string> upnp_document_to_utf8(std::string_view document) {
  // A UTF-8 BOM is dropped and the same rules apply to what follows: devices put one in
  // front of Latin-1 bytes too, and invalid UTF-8 must never reach a stored value.
  if (document.substr(0, utf8_bom.size()) == utf8_bom) document.remove_prefix(utf8_bom.size());
  if (pugixml_detects(document)) return std::nullopt;
  const std::string label = declared_encoding(document);
  if (pugixml_reads(label)) return std::nullopt;
  if (!unicode_label(label)) {
    utf8_text converted = to_utf8(document, label);
    if (converted.known_charset) return std::move(converted.text);
  }
  if (valid_in_charset(document, "utf-8")) return std::nullopt;
  return to_utf8(document, "iso-8859-1").text;
}

}  // namespace iotprobe::parsers
