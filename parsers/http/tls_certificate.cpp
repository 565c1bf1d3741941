// Reading a leaf certificate from certificate-info lines (tls_certificate.hpp): base64 and
// PEM by hand (libcrypto is no dependency), the hash from parsers/core. Never throws.
#include "parsers/http/tls_certificate.hpp"

#include "parsers/core/sha256.hpp"
#include "parsers/core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>

namespace iotprobe::parsers {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// "Name:value" → value when the line's name is `name` (case-insensitive).
std::optional<std::string_view> value_of(std::string_view line, std::string_view name) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || !iequals(trim(line.substr(0, colon)), name))
    return std::nullopt;
  return line.substr(colon + 1);
}

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> months{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < months.size(); ++i)
    if (months[i] == name) return static_cast<int>(i) + 1;
  return 0;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0, padding = 0;
  for (const char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = base64_value(c);
    if (v < 0 || padding > 0) return std::nullopt;  // a symbol after padding is malformed
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if (bits >= 6 || padding > 2) return std::nullopt;  // one symbol alone carries no byte
  return out;
}

std::optional<std::string> pem_certificate_der(std::string_view pem) {
  constexpr std::string_view begin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view end = "-----END CERTIFICATE-----";
  const auto b = pem.find(begin);
  if (b == std::string_view::npos) return std::nullopt;
  const auto body = b + begin.size();
  const auto e = pem.find(end, body);
  if (e == std::string_view::npos) return std::nullopt;
  auto der = base64_decode(pem.substr(body, e - body));
  if (!der || der->empty()) return std::nullopt;
  return der;
}

std::optional<std::string> certificate_time_iso(std::string_view text) {
  const std::string t(trim(text));
  char month[4] = {};
  char zone[4] = {};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0, used = 0;
  if (std::sscanf(t.c_str(), "%3s %d %d:%d:%d %d %3s%n", month, &day, &hour, &minute, &second,
                  &year, zone, &used) != 7 ||
      static_cast<std::size_t>(used) != t.size() || std::string_view(zone) != "GMT")
    return std::nullopt;
  const int m = month_number(month);
  if (m == 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 0 ||
      year > 9999 || hour < 0 || minute < 0 || second < 0)
    return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, m, day, hour, minute, second);
}

tls_certificate parse_certificate_info(const std::vector<std::string>& lines) {
  tls_certificate c;
  std::optional<std::string> der;
  for (const auto& line : lines) {
    if (auto v = value_of(line, "Subject")) c.subject = std::string(trim(*v));
    else if (auto v = value_of(line, "Issuer")) c.issuer = std::string(trim(*v));
    else if (auto v = value_of(line, "Start date"))
      c.not_before = certificate_time_iso(*v).value_or(std::string(trim(*v)));
    else if (auto v = value_of(line, "Expire date"))
      c.not_after = certificate_time_iso(*v).value_or(std::string(trim(*v)));
    else if (auto v = value_of(line, "Cert"); v && !der) der = pem_certificate_der(*v);
  }
  if (!der) {
    c.detail = lines.empty() ? "no certificate" : "no decodable PEM certificate";
    return c;
  }
  c.sha256 = sha256_hex(*der);
  c.status = probe_status::ok;
  return c;
}

}  // namespace iotprobe::parsers
