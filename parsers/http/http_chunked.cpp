// Chunked transfer decoding (see http_chunked.hpp). Sizes come from a hostile peer, so
// they are only compared against what is really present, never used to reserve memory.
#include "parsers/http/http_chunked.hpp"

#include "parsers/http/http_head.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace iotprobe::parsers {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "1a;ext=1" or "1a " → 26; nullopt when there is no hex digit, a stray byte before the
// extension, or more than 15 digits (a size no device can mean, and one that overflows).
std::optional<std::size_t> parse_chunk_size(std::string_view text) {
  std::size_t size = 0;
  std::size_t digits = 0;
  std::size_t i = 0;
  for (; i < text.size() && hex_value(text[i]) >= 0; ++i, ++digits) {
    if (digits == 15) return std::nullopt;
    size = size * 16 + static_cast<std::size_t>(hex_value(text[i]));
  }
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (digits == 0 || (i < text.size() && text[i] != ';')) return std::nullopt;
  return size;
}

std::size_t skip_line_end(std::string_view data, std::size_t pos) {
  if (pos < data.size() && data[pos] == '\r') ++pos;
  if (pos < data.size() && data[pos] == '\n') ++pos;
  return pos;
}

// Appends one chunk's data; returns false when decoding must stop (cap or cut-off).
bool take_chunk(std::string_view data, std::size_t& pos, std::size_t size, std::size_t max_bytes,
                chunked_body& out) {
  const std::size_t available = std::min(size, data.size() - pos);
  const std::size_t room = max_bytes - out.body.size();
  out.body.append(data.substr(pos, std::min(available, room)));
  if (size > room) {
    out.truncated = true;
    return false;
  }
  if (available < size) {
    out.problem = fmt::format("chunk at offset {} cut off: {} of {} bytes", pos, available, size);
    return false;
  }
  pos = skip_line_end(data, pos + size);
  return true;
}

}  // namespace

chunked_body decode_chunked(std::string_view data, std::size_t max_bytes) {
  chunked_body out;
  std::size_t pos = 0;
  while (true) {
    if (pos >= data.size()) {
      out.problem = fmt::format("body ended at offset {} before the last chunk", pos);
      return out;
    }
    const std::size_t lf = data.find('\n', pos);
    std::string_view size_line = data.substr(pos, lf == std::string_view::npos ? lf : lf - pos);
    if (!size_line.empty() && size_line.back() == '\r') size_line.remove_suffix(1);
    const std::optional<std::size_t> size = parse_chunk_size(size_line);
    if (!size || lf == std::string_view::npos) {
      out.problem = fmt::format("bad chunk size \"{}\" at offset {}",
                                escaped_excerpt(size_line), pos);
      return out;
    }
    pos = lf + 1;
    if (*size == 0) {
      out.complete = true;
      return out;
    }
    if (!take_chunk(data, pos, *size, max_bytes, out)) return out;
  }
}

}  // namespace iotprobe::parsers
