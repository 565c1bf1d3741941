// Onigmo (Ruby) regex syntax → PCRE2 syntax with the same meaning, Recog's flag list, and
// the UTF-8 helpers Recog's re-encoding needs. Pure string functions: never throw on any
// pattern text; PCRE2 reports what it cannot compile.
#include "parsers/core/charset.hpp"
#include "parsers/fingerprint/fingerprint_regex.hpp"
#include "parsers/fingerprint/fingerprint_ruby_syntax.hpp"
#include "parsers/core/text.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace iotprobe::parsers {
namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

namespace onigmo {

// Onigmo's POSIX-named properties (\p{Alpha}, \p{Word}, …) and POSIX brackets ([[:alpha:]])
// as PCRE2 class items, Unicode as Onigmo has them on UTF-8 text (PCRE2's own POSIX classes
// are ASCII). Empty when PCRE2 knows the name itself (\p{L}, \p{Greek}, …). Every entry is a
// union of positive items so that it also works inside a larger class.
std::string_view onigmo_property_items(std::string_view name) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> map{{
      {"alpha", "\\p{Alphabetic}"}, {"digit", "\\p{Nd}"}, {"alnum", "\\p{Alphabetic}\\p{Nd}"},
      {"upper", "\\p{Uppercase}"}, {"lower", "\\p{Lowercase}"}, {"space", "\\p{White_Space}"},
      {"word", "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}"}, {"xdigit", "\\p{AHex}"},
      {"ascii", "\\x00-\\x7f"}, {"punct", "\\p{P}$+<=>^`|~"}, {"cntrl", "\\p{Cc}"},
      {"blank", "\\p{Zs}\\t"}, {"graph", "\\pL\\pM\\pN\\pP\\pS\\p{Cf}\\p{Co}"},
      {"print", "\\pL\\pM\\pN\\pP\\pS\\p{Cf}\\p{Co}\\p{Zs}"},
  }};
  const std::string lowered = to_lower(name);
  for (const auto& [onigmo, items] : map)
    if (onigmo == lowered) return items;
  return {};
}

}  // namespace onigmo

namespace {

using onigmo::onigmo_property_items;

// \p{Name} / \P{Name} / \p{^Name} at p[i]; returns npos when PCRE2 can take it as is. On
// ASCII-8BIT subjects (!unicode) Onigmo's POSIX-named properties are ASCII: PCRE2's own POSIX
// classes, which are ASCII without UCP.
std::size_t translate_property(std::string_view p, std::size_t i, bool in_class, bool unicode,
                               std::string& out) {
  const auto close = p.find('}', i + 3);
  if (close == std::string_view::npos) return std::string_view::npos;
  std::string_view name = p.substr(i + 3, close - i - 3);
  bool negate = p[i + 1] == 'P';
  if (!name.empty() && name.front() == '^') {
    negate = !negate;
    name.remove_prefix(1);
  }
  const std::string_view items = onigmo_property_items(name);
  if (items.empty()) return std::string_view::npos;
  if (!unicode) {
    const std::string posix = "[:" + std::string(negate ? "^" : "") + to_lower(name) + ":]";
    out += in_class ? posix : "[" + posix + "]";
    return close + 1;
  }
  if (in_class && negate) {  // a single \p{X} negates as \P{X}; a union cannot, in a class
    if (items.rfind("\\p{", 0) != 0 || items.find('\\', 1) != std::string_view::npos)
      return std::string_view::npos;  // PCRE2 will report it
    out += "\\P";
    out += items.substr(2);
    return close + 1;
  }
  if (in_class) {
    out += items;
  } else {
    out += negate ? "[^" : "[";
    out += items;
    out += ']';
  }
  return close + 1;
}

// Translates one escape starting at p[i] == '\\'; returns the index after it.
}  // namespace

namespace onigmo {

// Onigmo's \b and \B on UTF-8 text use Unicode word characters (only \w, \d and \s are
// ASCII); PCRE2's are ASCII without UCP, so spell the boundary out with lookarounds.
constexpr std::string_view unicode_word = "[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}]";

void append_word_boundary(bool negated, std::string& out) {
  const std::string w(unicode_word);
  out += negated ? "(?:(?<=" + w + ")(?=" + w + ")|(?<!" + w + ")(?!" + w + "))"
                 : "(?:(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + "))";
}

std::size_t translate_escape(std::string_view p, std::size_t i, std::string& out,
                             bool unicode, bool in_class) {
  if (i + 1 >= p.size()) {
    out += '\\';
    return i + 1;
  }
  const char c = p[i + 1];
  if ((c == 'p' || c == 'P') && i + 2 < p.size() && p[i + 2] == '{') {
    const auto next = translate_property(p, i, in_class, unicode, out);
    if (next != std::string_view::npos) return next;
  }
  if (c == 'v') {
    out += "\\x0B";  // Onigmo: vertical tab only; PCRE2's \v is any vertical space
  } else if ((c == 'b' || c == 'B') && unicode && !in_class) {
    append_word_boundary(c == 'B', out);
  } else if (c == 'Q' || c == 'E') {
    out += c;  // not quoting in Ruby's syntax: an unknown escape, i.e. the letter itself
  } else if (c == 'h') {
    out += "\\p{AHex}";  // Ruby \h is a hex digit; PCRE2's \h is horizontal space
  } else if (c == 'H') {
    out += "\\P{AHex}";
  } else if (c == 'u' && i + 2 < p.size() && p[i + 2] == '{') {
    const auto close = p.find('}', i + 3);  // Ruby \u{hhhh} → PCRE2 \x{hhhh}
    if (close == std::string_view::npos) {
      out += "\\u";
      return i + 2;
    }
    out += "\\x";
    out += p.substr(i + 2, close - i - 1);
    return close + 1;
  } else if (c == 'u' && i + 5 < p.size() && is_hex(p[i + 2]) && is_hex(p[i + 3]) &&
             is_hex(p[i + 4]) && is_hex(p[i + 5])) {
    out += "\\x{";
    out += p.substr(i + 2, 4);
    out += '}';
    return i + 6;
  } else {
    out += '\\';
    out += c;  // a multi-byte char after '\' is copied whole by the caller's next steps
  }
  return i + 2;
}

}  // namespace onigmo

namespace {

using onigmo::translate_escape;

bool has_unicode_escape(std::string_view p) noexcept {
  for (std::size_t i = 0; i + 1 < p.size(); ++i)
    if (p[i] == '\\' && p[i + 1] == 'u') return true;
    else if (p[i] == '\\') ++i;  // skip the escaped character
  return false;
}

// "(?imx-imx)" / "(?imx-imx:" with Ruby letters rewritten: m → s (dot-all); Onigmo's
// a/d/u charset options have no PCRE2 equivalent and are dropped. Returns npos when
// p[i..] is not an option group.
std::size_t translate_option_group(std::string_view p, std::size_t i, std::string& out) {
  std::size_t j = i + 2;
  std::string letters;
  while (j < p.size() && (p[j] == 'i' || p[j] == 'm' || p[j] == 'x' || p[j] == '-' ||
                          p[j] == 'a' || p[j] == 'd' || p[j] == 'u')) {
    if (p[j] == 'm') letters += 's';
    else if (p[j] != 'a' && p[j] != 'd' && p[j] != 'u') letters += p[j];
    ++j;
  }
  if (j == i + 2 || j >= p.size() || (p[j] != ')' && p[j] != ':')) return std::string_view::npos;
  if (!letters.empty() && letters.back() == '-') letters.pop_back();
  if (p[j] == ')' && letters.empty()) return j + 1;  // e.g. "(?u)": nothing left to say
  out += "(?";
  out += letters;
  out += p[j];
  return j + 1;
}

bool starts_named_group(std::string_view p, std::size_t i) noexcept {
  // "(?<name>", "(?'name'", "(?P<name>" — but not the lookbehinds "(?<=" / "(?<!".
  if (i + 3 >= p.size() || p[i + 1] != '?') return false;
  std::size_t k = i + 2;
  if (p[k] == 'P') ++k;
  if (k + 1 >= p.size() || (p[k] != '<' && p[k] != '\'')) return false;
  return p[k + 1] != '=' && p[k + 1] != '!';
}

}  // namespace

std::optional<ruby_regex_options> parse_recog_flags(std::string_view flags, std::string& error) {
  ruby_regex_options options;
  while (!flags.empty()) {
    const auto comma = flags.find(',');
    const auto flag = flags.substr(0, comma);
    flags = comma == std::string_view::npos ? std::string_view{} : flags.substr(comma + 1);
    if (flag == "REG_ICASE" || flag == "IGNORECASE") {
      options.ignore_case = true;
    } else if (flag == "REG_DOT_NEWLINE" || flag == "REG_MULTILINE" ||
               flag == "REG_LINE_ANY_CRLF") {
      options.dot_all = true;
    } else if (!flag.empty()) {
      error = "unsupported regex flag '" + std::string(flag) + "'";
      return std::nullopt;
    }
  }
  return options;
}

translated_pattern translate_ruby_pattern(std::string_view p, bool unicode) {
  translated_pattern result;
  result.pcre2.reserve(p.size() + 16);
  std::size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (static_cast<unsigned char>(c) >= 0x80) result.ascii_only = false;
    if (c == '\\') {
      i = translate_escape(p, i, result.pcre2, unicode, false);
    } else if (c == '[') {
      i = onigmo::translate_class(p, i, result.pcre2, unicode);
    } else if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      if (starts_named_group(p, i)) result.has_named_groups = true;
      const auto next = translate_option_group(p, i, result.pcre2);
      if (next != std::string_view::npos) {
        i = next;
      } else {
        result.pcre2 += "(?";
        i += 2;
      }
    } else if (c == '{' && i + 1 < p.size() && p[i + 1] == ',' && i + 2 < p.size() &&
               p[i + 2] >= '0' && p[i + 2] <= '9') {
      result.pcre2 += "{0,";  // Ruby {,n} is {0,n}; PCRE2 10.42 reads it literally
      i += 2;
    } else {
      result.pcre2 += c;
      ++i;
    }
  }
  for (char c : result.pcre2)
    if (static_cast<unsigned char>(c) >= 0x80) result.ascii_only = false;
  if (has_unicode_escape(p)) result.ascii_only = false;  // Ruby: \u fixes the regex to UTF-8
  return result;
}

bool is_valid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto len = utf8_sequence_length(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string drop_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto len = utf8_sequence_length(text, i);
    if (len == 0) {
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string_view as_valid_utf8(std::string_view text, std::string& storage) {
  if (is_valid_utf8(text)) return text;
  storage = drop_invalid_utf8(text);
  return storage;
}

}  // namespace iotprobe::parsers
