// Charset labels: where a response declares one and which declaration wins (see
// charset.hpp). Scans are bounded per tag, so hostile markup costs linear time.
#include "parsers/core/charset.hpp"

#include "parsers/core/text.hpp"

#include <algorithm>
#include <array>

namespace iotprobe::parsers {
namespace {

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == ':';
}

// The value after the first "charset" that is followed by '=' in `text`; "" if none.
std::string find_charset_param(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t hit = ifind(text.substr(pos), "charset");
    if (hit == std::string_view::npos) return {};
    std::size_t i = pos + hit + 7;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '=') {
      std::string label = normalize_charset_label(text.substr(i + 1));
      if (!label.empty()) return label;
    }
    pos = pos + hit + 7;
  }
  return {};
}

// Charsets in which every byte string is valid: a clean decode in them proves nothing.
bool accepts_any_bytes(std::string_view label) {
  static constexpr std::array<std::string_view, 8> any = {
      "iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1", "us-ascii", "ascii", "cp1252"};
  return std::find(any.begin(), any.end(), label) != any.end() || label == "windows-1252";
}

}  // namespace

std::string normalize_charset_label(std::string_view label) {
  label = trim(label);
  while (!label.empty() && (label.front() == '"' || label.front() == '\'' || label.front() == ' '))
    label.remove_prefix(1);
  std::size_t end = 0;
  while (end < label.size() && end < 64 && is_label_char(label[end])) ++end;
  return to_lower(label.substr(0, end));
}

std::string charset_from_content_type(std::string_view content_type) {
  return find_charset_param(content_type);
}

std::string charset_from_meta(std::string_view html) {
  constexpr std::size_t max_tag_bytes = 1024;  // bounds the work per "<meta" found
  std::size_t pos = 0;
  while (pos < html.size()) {
    const std::size_t hit = ifind(html.substr(pos), "<meta");
    if (hit == std::string_view::npos) return {};
    const std::size_t start = pos + hit;
    const std::string_view rest = html.substr(start, max_tag_bytes);
    const std::string_view tag = rest.substr(0, rest.find('>'));
    std::string label = find_charset_param(tag);
    if (!label.empty()) return label;
    pos = start + 5;
  }
  return {};
}

// The header is what the server says on the wire, the <meta> is what the page's author
// wrote. Browsers let the header win; embedded web servers, however, often add a
// generic or wrong charset while the page itself declares the right one (httpx #652,
// #1546: GBK pages garbled). So:
//  - only one is declared: use it (the meta when the header has none);
//  - both agree: use it;
//  - they differ: the header, if the body decodes cleanly in it, else the meta. A
//    header charset in which every byte is valid (ISO-8859-1, windows-1252, ASCII)
//    cannot be confirmed that way, so the meta wins over it when the body decodes
//    cleanly in the meta's charset.
std::string choose_charset(std::string_view header_label, std::string_view meta_label,
                           std::string_view body) {
  if (header_label.empty()) return std::string(meta_label);
  if (meta_label.empty() || header_label == meta_label) return std::string(header_label);
  if (accepts_any_bytes(header_label) && !accepts_any_bytes(meta_label) &&
      valid_in_charset(body, meta_label)) {
    return std::string(meta_label);
  }
  if (valid_in_charset(body, header_label)) return std::string(header_label);
  return std::string(meta_label);
}

}  // namespace iotprobe::parsers
