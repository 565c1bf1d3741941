// The literal-prefix pre-check for Recog patterns (see fingerprint_regex.hpp). It may only
// ever reject subjects the regex could not match, so every doubt yields an empty prefix.
// Pure string code; never throws.
#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <cstring>

namespace iotprobe::parsers {
namespace {

bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Top-level alternation or x-mode make a leading literal meaningless or unsafe.
bool has_top_level_alternation_or_x(std::string_view p) noexcept {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
      for (std::size_t j = i + 1; j < p.size() && j < i + 2 && p[j] == '?'; ++j)
        for (std::size_t k = j + 1; k < p.size() && (is_alnum(p[k]) || p[k] == '-'); ++k)
          if (p[k] == 'x') return true;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth <= 0) {
      return true;
    }
  }
  return false;
}

// Characters that are literal in Onigmo outside a class (metacharacters excluded).
bool plain_literal(char c) noexcept {
  return is_alnum(c) || (c != '\0' && std::strchr(" -_/:;,=<>@!%&'\"#~`", c) != nullptr);
}

// "(?#…)" or "(?flags)" / "(?flags-flags)" at the start of `p`: groups that match nothing.
bool is_transparent_group(std::string_view p) noexcept {
  if (p.substr(0, 2) != "(?") return false;
  if (p.substr(0, 3) == "(?#") return true;
  std::size_t k = 2;
  while (k < p.size() && (is_alnum(p[k]) || p[k] == '-')) ++k;
  return k > 2 && k < p.size() && p[k] == ')';
}

}  // namespace

literal_prefix find_literal_prefix(std::string_view p, bool ignore_case) {
  literal_prefix prefix;
  prefix.caseless = ignore_case;
  std::size_t i = 0;
  if (p.substr(0, 4) == "(?i)") {
    prefix.caseless = true;
    i = 4;
  }
  if (p.substr(i, 1) == "^") {
    i += 1;
  } else if (p.substr(i, 2) == "\\A") {
    prefix.line_anchor = false;
    i += 2;
  } else {
    return prefix;
  }
  if (has_top_level_alternation_or_x(p)) return prefix;
  while (i < p.size()) {
    char c = p[i];
    std::size_t width = 1;
    if (c == '\\' && i + 1 < p.size() && !is_alnum(p[i + 1]) &&
        static_cast<unsigned char>(p[i + 1]) < 0x80) {
      c = p[i + 1];
      width = 2;
    } else if (!plain_literal(c)) {
      break;
    }
    // Unicode case folding maps k and s to non-ASCII characters (KELVIN SIGN, LONG S).
    if (prefix.caseless && (lower(c) == 'k' || lower(c) == 's')) break;
    const char next = i + width < p.size() ? p[i + width] : '\0';
    if (next == '?' || next == '*' || next == '{') break;  // the char may be absent
    // A comment or a bare option group matches nothing, so a quantifier after it still
    // applies to this char: "^ab(?#x)?c" matches "ac".
    if (next == '(' && is_transparent_group(p.substr(i + width))) break;
    prefix.text += c;
    i += width;
    if (next == '+') break;
  }
  return prefix;
}

bool literal_prefix::admits(std::string_view subject) const noexcept {
  if (text.empty()) return true;
  auto starts_here = [&](std::size_t at) {
    if (subject.size() - at < text.size()) return false;
    if (!caseless) return subject.compare(at, text.size(), text) == 0;
    for (std::size_t k = 0; k < text.size(); ++k)
      if (lower(subject[at + k]) != lower(text[k])) return false;
    return true;
  };
  if (starts_here(0)) return true;
  if (!line_anchor) return false;
  for (std::size_t nl = subject.find('\n'); nl != std::string_view::npos;
       nl = subject.find('\n', nl + 1))
    if (starts_here(nl + 1)) return true;
  return false;
}

}  // namespace iotprobe::parsers
