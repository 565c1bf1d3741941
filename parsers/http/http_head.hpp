// The head of an HTTP-shaped message (status line + header block), shared by the HTTP
// response parser and the SSDP reply parser so that the lenient rules live in one place.
// Never throws, never reads past the input, linear in the input size whatever it holds.
#pragma once

#include "parsers/http/http_response.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

struct status_line {
  std::string version;  // "HTTP/1.1" as sent
  int code = 0;
  std::string reason;  // trimmed; may be empty ("HTTP/1.1 404 " and "HTTP/1.1 404")
};

// Parses "HTTP/x.y SP 3DIGIT [SP reason]". False for anything else (requests included).
bool parse_status_line(std::string_view line, status_line& out);

struct http_head {
  bool has_status_line = false;  // false: the bytes do not start with a status line
  status_line status;
  std::vector<http_header> headers;                 // in order, duplicates kept
  std::vector<std::string> malformed_header_lines;  // raw, without the line end
  bool duplicated_status_line = false;
  bool headers_truncated = false;  // the head passed max_header_bytes; later lines dropped
  bool head_complete = false;      // an empty line ended the head (false: it ran to EOF)
  bool body_without_empty_line = false;  // a line starting with '<' began the body
  std::size_t body_offset = 0;     // where the body starts in the input
};

// Header lines: "Name: value", LF or CRLF ends, obs-fold continuation lines joined to
// the previous value with one space. A line without a colon, with an empty name or with
// bytes outside the RFC 9110 token set in the name is kept in malformed_header_lines.
// A name that only fails because of spaces or tabs ("Last Modified: x", "Server : x") is
// ALSO kept in headers with its whitespace-trimmed name: peers that dropped such lines
// (nmap #573) lost the only banner some devices send, and the odd name cannot shadow a
// well-formed one, because "Last Modified" never equals "Last-Modified".
// A line that starts with '<' ends the head without an empty line: some embedded servers
// send "HTTP/1.0 200 OK\r\n<html>…", and the document must not become malformed headers.
http_head parse_http_head(std::string_view bytes, std::size_t max_header_bytes);

// At most max_bytes of `bytes` for a detail message: printable ASCII as is, anything
// else as \xHH, so that details stay one readable, valid-UTF-8 line.
std::string escaped_excerpt(std::string_view bytes, std::size_t max_bytes = 16);

}  // namespace iotprobe::parsers
