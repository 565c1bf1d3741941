// Status line and header block parsing for HTTP and SSDP (see http_head.hpp). Every scan
// moves forward only, so the cost is linear even for a 1 MB header line or 10 MB input;
// nothing here allocates more than the capped head it keeps.
#include "parsers/http/http_head.hpp"

#include "parsers/core/text.hpp"

#include <algorithm>

namespace iotprobe::parsers {
namespace {

struct line {
  std::string_view text;  // without the LF and without one trailing CR
  std::size_t end = 0;    // offset just past the line end (or the input size)
};

line next_line(std::string_view bytes, std::size_t pos) {
  const std::size_t lf = bytes.find('\n', pos);
  const std::size_t stop = lf == std::string_view::npos ? bytes.size() : lf;
  std::string_view text = bytes.substr(pos, stop - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return {text, lf == std::string_view::npos ? bytes.size() : lf + 1};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_tchar(char c) {
  if (is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

enum class name_kind { token, spaced, invalid };

// "spaced": the name is a token once its whitespace is ignored (nmap #573's
// "Last Modified"); "invalid": some other byte (control, quote, 8-bit) is in it.
name_kind classify_name(std::string_view name) {
  bool spaced = false;
  for (char c : name) {
    if (is_blank(c)) {
      spaced = true;
    } else if (!is_tchar(c)) {
      return name_kind::invalid;
    }
  }
  return spaced ? name_kind::spaced : name_kind::token;
}

bool valid_version(std::string_view version) {
  if (!istarts_with(version, "HTTP/") || version.size() == 5) return false;
  bool seen_dot = false;
  for (char c : version.substr(5)) {
    if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else if (!is_digit(c)) {
      return false;
    }
  }
  return is_digit(version[5]) && is_digit(version.back());
}

// Adds one header line; returns true when the line became (part of) a header, so the
// caller knows whether an obs-fold continuation that follows has something to join.
bool add_header_line(std::string_view text, bool can_fold, http_head& head) {
  if (is_blank(text.front())) {
    if (!can_fold) {
      head.malformed_header_lines.emplace_back(text);
      return false;
    }
    std::string& value = head.headers.back().value;
    const std::string_view more = trim(text);
    if (!value.empty() && !more.empty()) value += ' ';
    value += more;
    return true;
  }
  if (status_line again; parse_status_line(text, again)) {
    head.duplicated_status_line = true;
    head.status = std::move(again);
    return false;
  }
  const std::size_t colon = text.find(':');
  const std::string_view raw_name = text.substr(0, colon == std::string_view::npos ? 0 : colon);
  const std::string_view name = trim(raw_name);
  const name_kind kind = name.empty() ? name_kind::invalid : classify_name(raw_name);
  if (kind != name_kind::token) head.malformed_header_lines.emplace_back(text);
  if (kind == name_kind::invalid) return false;
  head.headers.push_back({std::string(name), std::string(trim(text.substr(colon + 1)))});
  return true;
}

// Past the cap, keeps scanning (without storing) for the empty line, so that the body
// still starts at the right place; returns the body offset.
std::size_t skip_rest_of_head(std::string_view bytes, std::size_t pos, http_head& head) {
  while (pos < bytes.size()) {
    const line l = next_line(bytes, pos);
    pos = l.end;
    if (l.text.empty()) {
      head.head_complete = true;
      break;
    }
  }
  return pos;
}

std::size_t parse_header_lines(std::string_view bytes, std::size_t pos, std::size_t max_bytes,
                               http_head& head) {
  bool can_fold = false;
  while (pos < bytes.size()) {
    const line l = next_line(bytes, pos);
    if (l.text.empty()) {
      head.head_complete = true;
      return l.end;
    }
    if (l.text.front() == '<') {
      head.body_without_empty_line = true;
      return pos;
    }
    if (l.end > max_bytes) {
      head.headers_truncated = true;
      return skip_rest_of_head(bytes, pos, head);
    }
    can_fold = add_header_line(l.text, can_fold, head);
    pos = l.end;
  }
  return pos;
}

std::size_t skip_leading_line_ends(std::string_view bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size() && (bytes[pos] == '\r' || bytes[pos] == '\n')) ++pos;
  return pos;
}

}  // namespace

bool parse_status_line(std::string_view text, status_line& out) {
  const std::size_t space = text.find_first_of(" \t");
  if (space == std::string_view::npos || !valid_version(text.substr(0, space))) return false;
  std::string_view rest = text.substr(space);
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  if (rest.size() < 3 || !std::all_of(rest.begin(), rest.begin() + 3, is_digit)) return false;
  if (rest.size() > 3 && !is_blank(rest[3])) return false;
  out.version = std::string(text.substr(0, space));
  out.code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  out.reason = std::string(trim(rest.substr(3)));
  return true;
}

std::string escaped_excerpt(std::string_view bytes, std::size_t max_bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes.substr(0, max_bytes)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    }
  }
  if (bytes.size() > max_bytes) out += "...";
  return out;
}

http_head parse_http_head(std::string_view bytes, std::size_t max_header_bytes) {
  http_head head;
  const std::size_t start = skip_leading_line_ends(bytes);
  const line first = next_line(bytes, start);
  if (start >= bytes.size() || !parse_status_line(first.text, head.status)) return head;
  head.has_status_line = true;
  head.body_offset = parse_header_lines(bytes, first.end, max_header_bytes, head);
  // Grandstream-style repeat with an empty line between: "200 OK\r\n\r\n200 OK\r\n…".
  const line second = next_line(bytes, head.body_offset);
  if (head.headers.empty() && head.head_complete && head.body_offset < bytes.size() &&
      parse_status_line(second.text, head.status)) {
    head.duplicated_status_line = true;
    head.head_complete = false;
    head.body_offset = parse_header_lines(bytes, second.end, max_header_bytes, head);
  }
  return head;
}

}  // namespace iotprobe::parsers
