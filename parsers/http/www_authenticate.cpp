// WWW-Authenticate parsing (see www_authenticate.hpp): scheme token, then auth-params
// "name=token" or "name=\"quoted\"" separated by commas, as RFC 9110 §11.6.1 shapes them
// and as devices bend them (GoAhead omits spaces after some commas, some omit quotes).
#include "parsers/http/www_authenticate.hpp"

#include "parsers/core/text.hpp"

namespace iotprobe::parsers {
namespace {

bool is_token_char(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

std::string_view read_token(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < text.size() && is_token_char(text[pos])) ++pos;
  return text.substr(start, pos - start);
}

void skip(std::string_view text, std::size_t& pos, std::string_view chars) {
  while (pos < text.size() && chars.find(text[pos]) != std::string_view::npos) ++pos;
}

// A quoted-string starting at text[pos] == '"'; an unterminated one runs to the end.
std::string read_quoted(std::string_view text, std::size_t& pos) {
  std::string out;
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] == '"') {
      ++pos;
      break;
    }
    if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
    out += text[pos];
  }
  return out;
}

std::string read_value(std::string_view text, std::size_t& pos) {
  if (pos < text.size() && text[pos] == '"') return read_quoted(text, pos);
  const std::size_t start = pos;
  while (pos < text.size() && text[pos] != ',' && text[pos] != ' ' && text[pos] != '\t') ++pos;
  return std::string(text.substr(start, pos - start));
}

// The realm among the auth-params of the first challenge. Stops at a token that is not
// followed by '=' (the scheme of a second challenge in the same header).
std::optional<std::string> find_realm(std::string_view params) {
  std::size_t pos = 0;
  while (pos < params.size()) {
    skip(params, pos, " \t,");
    const std::string_view name = read_token(params, pos);
    if (name.empty()) return std::nullopt;
    skip(params, pos, " \t");
    if (pos >= params.size() || params[pos] != '=') return std::nullopt;
    ++pos;
    skip(params, pos, " \t");
    std::string value = read_value(params, pos);
    if (iequals(name, "realm")) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<www_authenticate> parse_www_authenticate(std::string_view value) {
  value = trim(value);
  std::size_t pos = 0;
  const std::string_view scheme = read_token(value, pos);
  if (scheme.empty()) return std::nullopt;
  www_authenticate out;
  out.scheme = std::string(scheme);
  out.params = std::string(trim(value.substr(pos)));
  out.realm = find_realm(out.params);
  return out;
}

}  // namespace iotprobe::parsers
