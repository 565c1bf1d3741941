// HTTP response parsing from the raw bytes one device sent (see http_response.hpp).
// Lenient as real devices demand, never throws, and linear in the input: every cap in
// http_limits is applied before any copy, so a 10 MB answer costs only its caps.
#include "parsers/http/http_response.hpp"

#include "parsers/core/charset.hpp"
#include "parsers/http/html_title.hpp"
#include "parsers/http/http_chunked.hpp"
#include "parsers/http/http_head.hpp"
#include "parsers/core/text.hpp"
#include "parsers/http/www_authenticate.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace iotprobe::parsers {
namespace {

std::optional<std::size_t> parse_content_length(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

// The body as framed by Content-Length, or everything to EOF when it is absent or bad.
std::string_view frame_by_length(std::string_view rest, const http_response& r,
                                 std::vector<std::string>& notes) {
  const std::vector<std::string_view> lengths = r.headers_named("Content-Length");
  if (lengths.empty()) return rest;
  for (const std::string_view other : lengths) {
    if (trim(other) != trim(lengths.front())) {
      notes.emplace_back("conflicting Content-Length headers; the first is used");
      break;
    }
  }
  const std::optional<std::size_t> length = parse_content_length(lengths.front());
  if (!length) {
    notes.push_back(fmt::format("bad Content-Length \"{}\"; body read to EOF",
                                escaped_excerpt(lengths.front(), 32)));
    return rest;
  }
  if (*length < rest.size()) {
    notes.push_back(fmt::format("{} bytes after Content-Length ignored", rest.size() - *length));
    return rest.substr(0, *length);
  }
  if (*length > rest.size()) {
    notes.push_back(fmt::format("body shorter than Content-Length: {} of {} bytes", rest.size(),
                                *length));
  }
  return rest;
}

void keep_capped(std::string_view body, std::size_t cap, http_response& r) {
  r.body_truncated = body.size() > cap;
  r.body = std::string(body.substr(0, cap));
}

void take_body(std::string_view rest, const http_limits& limits, http_response& r,
               std::vector<std::string>& notes) {
  const std::vector<std::string_view> encodings = r.headers_named("Transfer-Encoding");
  r.chunked = !encodings.empty() && ifind(encodings.back(), "chunked") != std::string_view::npos;
  if (!r.chunked) {
    keep_capped(frame_by_length(rest, r, notes), limits.max_body_bytes, r);
    return;
  }
  chunked_body decoded = decode_chunked(rest, limits.max_body_bytes);
  r.body = std::move(decoded.body);
  r.body_truncated = decoded.truncated;
  if (!decoded.problem.empty()) notes.push_back("chunked body: " + decoded.problem);
}

// Charset, title and challenge: the values derived from headers and body.
void derive_fields(const http_limits& limits, http_response& r) {
  const std::optional<std::string_view> type = r.header("Content-Type");
  const std::string header_charset = type ? charset_from_content_type(*type) : std::string();
  r.charset = choose_charset(header_charset, charset_from_meta(r.body), r.body);
  r.title = extract_title(r.body, r.charset, limits.max_title_bytes);
  if (const auto challenge = r.header("WWW-Authenticate")) {
    r.auth = parse_www_authenticate(*challenge);
  }
}

// An HTTP/0.9 answer is a bare document. Only markup counts as one: a banner, a
// handshake or binary bytes are not_http, so a telnet or DVRIP port is never "ok".
bool looks_like_html(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  if (head.find('\0') != std::string_view::npos) return false;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  head = trim(head);
  if (head.empty() || head.front() != '<') return false;
  for (const std::string_view tag : {"<html", "<!doctype html", "<head", "<title", "<body"}) {
    if (ifind(head, tag) != std::string_view::npos) return true;
  }
  return false;
}

std::string not_http_reason(std::string_view bytes) {
  const std::string_view start = bytes.substr(0, 64);
  const bool binary = std::any_of(start.begin(), start.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\r' && c != '\n' && c != '\t';
  });
  if (istarts_with(trim(start), "HTTP/")) {
    return fmt::format("malformed status line \"{}\"",
                       escaped_excerpt(start.substr(0, start.find('\n')), 40));
  }
  return fmt::format("no HTTP status line; {} bytes start \"{}\"", binary ? "binary" : "text",
                     escaped_excerpt(start, 24));
}

http_response parse_headless(std::string_view bytes, const http_limits& limits) {
  http_response r;
  keep_capped(bytes, limits.max_body_bytes, r);
  if (!looks_like_html(bytes)) {
    r.status = probe_status::not_http;
    r.detail = not_http_reason(bytes);
    return r;
  }
  r.status = probe_status::ok;
  r.detail = "no status line: an HTTP/0.9 document";
  derive_fields(limits, r);
  return r;
}

std::vector<std::string> head_notes(const http_head& head, std::size_t max_header_bytes) {
  std::vector<std::string> notes;
  if (head.duplicated_status_line) notes.emplace_back("status line repeated; the last one kept");
  if (head.headers_truncated) {
    notes.push_back(fmt::format("header lines past {} bytes dropped", max_header_bytes));
  }
  if (!head.malformed_header_lines.empty()) {
    notes.push_back(fmt::format("{} malformed header line(s)", head.malformed_header_lines.size()));
  }
  if (head.body_without_empty_line) {
    notes.emplace_back("body began without an empty line after the headers");
  } else if (!head.head_complete) {
    notes.emplace_back("headers ended at EOF without an empty line");
  }
  return notes;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace

std::optional<std::string_view> http_response::header(std::string_view name) const {
  for (const http_header& h : headers) {
    if (iequals(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

std::vector<std::string_view> http_response::headers_named(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const http_header& h : headers) {
    if (iequals(h.name, name)) out.emplace_back(h.value);
  }
  return out;
}

http_response parse_http_response(std::string_view bytes, const http_limits& limits) {
  if (bytes.empty()) {
    http_response r;
    r.status = probe_status::parse_error;
    r.detail = "empty input: no bytes arrived";
    return r;
  }
  http_head head = parse_http_head(bytes, limits.max_header_bytes);
  if (!head.has_status_line) return parse_headless(bytes, limits);
  std::vector<std::string> notes = head_notes(head, limits.max_header_bytes);
  http_response r;
  r.status = probe_status::ok;
  r.version = std::move(head.status.version);
  r.status_code = head.status.code;
  r.reason = std::move(head.status.reason);
  r.headers = std::move(head.headers);
  r.malformed_header_lines = std::move(head.malformed_header_lines);
  r.headers_truncated = head.headers_truncated;
  r.duplicated_status_line = head.duplicated_status_line;
  take_body(bytes.substr(head.body_offset), limits, r, notes);
  if (r.body_truncated) notes.push_back(fmt::format("body past {} bytes dropped", limits.max_body_bytes));
  derive_fields(limits, r);
  r.detail = join(notes);
  return r;
}

}  // namespace iotprobe::parsers
