// The parsed form of the bytes one device sent in answer to one HTTP request.
// parse_http_response never throws and never fails on hostile input: it returns a
// value whose status says what the bytes were (ok, not_http, …) and keeps what it could.
#pragma once

#include "parsers/core/probe_status.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

struct http_limits {
  std::size_t max_header_bytes = 32 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
  std::size_t max_title_bytes = 512;
};

struct http_header {
  std::string name;   // as sent (case kept); compare with iequals
  std::string value;  // leading/trailing whitespace trimmed
};

// Text that came from the device in some charset: the exact bytes and the UTF-8 form.
struct decoded_text {
  std::string raw;      // bytes as sent (after entity decoding is NOT applied)
  std::string utf8;     // entities decoded, whitespace collapsed, converted to UTF-8
  std::string charset;  // the charset used to decode ("utf-8" when none was declared)
};

struct www_authenticate {
  std::string scheme;                // "Basic", "Digest", … as sent
  std::optional<std::string> realm;  // unquoted
  std::string params;                // everything after the scheme, verbatim
};

struct http_response {
  probe_status status = probe_status::parse_error;  // ok or not_http (or parse_error on empty)
  std::string detail;

  std::string version;  // "HTTP/1.1"; empty for an HTTP/0.9 body-only answer
  int status_code = 0;
  std::string reason;  // may be empty (Huawei's "404 ")

  std::vector<http_header> headers;               // in order, duplicates kept
  std::vector<std::string> malformed_header_lines;  // kept raw, not fatal
  std::string body;                               // de-chunked, capped at max_body_bytes

  bool headers_truncated = false;
  bool body_truncated = false;
  bool chunked = false;
  bool duplicated_status_line = false;

  std::string charset;  // lower-case, from Content-Type or <meta>; empty if none
  std::optional<decoded_text> title;
  std::optional<www_authenticate> auth;

  // First header with this name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
  // Every header with this name, in order.
  std::vector<std::string_view> headers_named(std::string_view name) const;
  std::optional<std::string_view> server() const { return header("Server"); }
};

http_response parse_http_response(std::string_view bytes, const http_limits& limits = {});

}  // namespace iotprobe::parsers
