// Template filling for persona files: per-device values, byte escapes and repeats.
// Pure string work; unknown {names} are kept verbatim because XML, JS and GUIDs use braces.
#include "persona.hpp"

#include <charconv>

namespace iotprobe::mock {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string mac12(std::string_view mac) {
  std::string out;
  for (char c : mac)
    if (hex_digit(c) >= 0) out += c;
  return out;
}

std::string uuid_bare(std::string_view uuid) {
  if (uuid.substr(0, 5) == "uuid:") uuid.remove_prefix(5);
  return std::string(uuid);
}

// {repeat:N:text}: `text` repeated N times; false if `key` is not of that form.
bool expand_repeat(std::string_view key, std::string& out) {
  if (key.substr(0, 7) != "repeat:") return false;
  key.remove_prefix(7);
  auto colon = key.find(':');
  if (colon == std::string_view::npos) return false;
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + colon, n);
  if (ec != std::errc{} || p != key.data() + colon) return false;
  std::string_view text = key.substr(colon + 1);
  out.reserve(out.size() + n * text.size());
  for (std::size_t i = 0; i < n; ++i) out.append(text);
  return true;
}

// Appends the value of `key`; false if the key is not ours (the caller keeps it verbatim).
bool expand_key(std::string_view key, const render_context& ctx, std::size_t content_length,
                std::string& out) {
  static const device_values empty{};
  const device_values& d = ctx.device ? *ctx.device : empty;
  if (key.size() == 3 && key[0] == 'x' && hex_digit(key[1]) >= 0 && hex_digit(key[2]) >= 0) {
    out += static_cast<char>(hex_digit(key[1]) * 16 + hex_digit(key[2]));
    return true;
  }
  if (key == "uuid") out += d.uuid;
  else if (key == "uuid_bare") out += uuid_bare(d.uuid);
  else if (key == "mac") out += d.mac;
  else if (key == "mac12") out += mac12(d.mac);
  else if (key == "model") out += d.model;
  else if (key == "serial") out += d.serial;
  else if (key == "lan_ip") out += d.lan_ip;
  else if (key == "ip") out += d.ip;
  else if (key == "http_version") out += ctx.http_version;
  else if (key == "st") out += ctx.st;
  else if (key == "content_length") out += std::to_string(content_length);
  else return expand_repeat(key, out);
  return true;
}

}  // namespace

std::string fill_template(std::string_view text, const render_context& ctx,
                          std::size_t content_length) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find('{', i);
    if (open == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    auto close = text.find('}', open + 1);
    auto next_open = text.find('{', open + 1);
    if (close == std::string_view::npos || next_open < close ||
        !expand_key(text.substr(open + 1, close - open - 1), ctx, content_length, out)) {
      out += '{';
      i = open + 1;
      continue;
    }
    i = close + 1;
  }
  if (i < text.size()) out.append(text.substr(i));
  return out;
}

std::string render_route(const route& r, const render_context& ctx) {
  std::string body = fill_template(r.body, ctx);
  if (r.raw) return body;
  std::string out = fill_template(r.head, ctx, body.size());
  out += body;
  return out;
}

route parse_route_file(std::string_view text, bool raw) {
  route r;
  r.raw = raw;
  if (raw) {
    r.body = std::string(text);
    return r;
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    r.head.append(line);
    r.head += "\r\n";
    if (line.empty()) break;
  }
  r.body = std::string(text.substr(pos));
  return r;
}

}  // namespace iotprobe::mock
