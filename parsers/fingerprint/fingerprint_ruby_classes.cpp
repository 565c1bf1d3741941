// Onigmo character classes → PCRE2: POSIX brackets (Unicode on text, ASCII on binary), and
// the nested ("[a[0-9]]") and intersected ("[a-z&&[^aeiou]]") classes PCRE2 10.42 lacks. Pure
// string functions: never throw on any pattern text; PCRE2 reports what it cannot compile.
#include "parsers/fingerprint/fingerprint_ruby_syntax.hpp"

#include <string>
#include <vector>

namespace iotprobe::parsers::onigmo {

std::size_t translate_class(std::string_view p, std::size_t i, std::string& out, bool unicode);

namespace {

// "[[:^name:]]" alone is the one negated POSIX bracket a union of items cannot express
// inside a class; it becomes "[^items]". Returns npos when p[i..] is not that shape.
std::size_t translate_lone_negated_posix(std::string_view p, std::size_t i, std::string& out) {
  if (p.substr(i, 4) != "[[:^") return std::string_view::npos;
  const auto close = p.find(":]]", i + 4);
  if (close == std::string_view::npos) return std::string_view::npos;
  const std::string_view items = onigmo_property_items(p.substr(i + 4, close - i - 4));
  if (items.empty()) return std::string_view::npos;
  out += "[^";
  out += items;
  out += ']';
  return close + 3;
}

// Onigmo classes nest ("[a[0-9]]" is a union) and intersect ("[a-z&&[^aeiou]]"); PCRE2 10.42
// has neither. Such a class becomes an expression matching one character: union → "|",
// intersection → lookaheads, negation → "(?!…)" before any one character.
bool class_needs_sets(std::string_view p, std::size_t i) {  // p[i] == '['
  int depth = 0;
  for (std::size_t j = i; j < p.size(); ++j) {
    if (p[j] == '\\') {
      ++j;
    } else if (p[j] == '[' && depth > 0 && j + 1 < p.size() && p[j + 1] == ':' &&
               p.find(":]", j + 2) != std::string_view::npos) {
      j = p.find(":]", j + 2) + 1;
    } else if (p[j] == '[') {
      if (depth++ > 0) return true;
      if (j + 1 < p.size() && p[j + 1] == '^') ++j;
      if (j + 1 < p.size() && p[j + 1] == ']') ++j;  // a leading ']' is literal
    } else if (p[j] == ']') {
      if (--depth == 0) return false;
    } else if (p[j] == '&' && j + 1 < p.size() && p[j + 1] == '&') {
      return true;
    }
  }
  return false;  // unterminated: PCRE2 reports it
}

void append_alternative(std::string& alternation, std::string_view one_char) {
  if (!alternation.empty()) alternation += '|';
  alternation += one_char;
}

// One "[:name:]" or "[:^name:]" inside a set class, as an alternative; npos if not one.
std::size_t translate_set_posix(std::string_view p, std::size_t j, bool unicode, std::string& alt) {
  const auto close = p.find(":]", j + 2);
  if (close == std::string_view::npos) return std::string_view::npos;
  std::string_view name = p.substr(j + 2, close - j - 2);
  const bool negated = !name.empty() && name.front() == '^';
  if (negated) name.remove_prefix(1);
  const std::string_view items = unicode ? onigmo_property_items(name) : std::string_view{};
  const std::string set = items.empty() ? "[[:" + std::string(name) + ":]]"
                                        : "[" + std::string(items) + "]";
  append_alternative(alt, negated ? "(?:(?!" + set + ")(?s:.))" : set);
  return close + 2;
}

std::size_t translate_set_class(std::string_view p, std::size_t i, std::string& out, bool unicode) {
  std::size_t j = i + 1;
  const bool negated = j < p.size() && p[j] == '^';
  if (negated) ++j;
  std::vector<std::string> segments(1);  // intersected; each an alternation of one-char sets
  std::string items = j < p.size() && p[j] == ']' ? "\\]" : "";
  if (!items.empty()) ++j;
  auto flush = [&] {
    if (!items.empty()) append_alternative(segments.back(), "[" + items + "]");
    items.clear();
  };
  while (j < p.size() && p[j] != ']') {
    const auto posix = p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':'
                           ? translate_set_posix(p, j, unicode, segments.back())
                           : std::string_view::npos;
    if (posix != std::string_view::npos) {
      j = posix;
    } else if (p[j] == '\\') {
      j = translate_escape(p, j, items, unicode, true);
    } else if (p[j] == '[') {
      std::string nested;
      j = translate_class(p, j, nested, unicode);
      append_alternative(segments.back(), nested);
    } else if (p[j] == '&' && j + 1 < p.size() && p[j + 1] == '&') {
      flush();
      segments.emplace_back();
      j += 2;
    } else {
      items += p[j++];
    }
  }
  flush();
  std::string expr = "(?:";
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const std::string group = segments[k].empty() ? "(?!)" : "(?:" + segments[k] + ")";
    expr += k + 1 < segments.size() ? "(?=" + group + ")" : group;
  }
  expr += ')';
  out += negated ? "(?:(?!" + expr + ")(?s:.))" : expr;
  return j < p.size() ? j + 1 : j;
}

}  // namespace

// Inside a character class: escapes and POSIX brackets (Unicode on text, PCRE2's ASCII ones
// on binary subjects, as Onigmo has them on ASCII-8BIT). Returns the index after the class.
std::size_t translate_class(std::string_view p, std::size_t i, std::string& out, bool unicode) {
  if (class_needs_sets(p, i)) return translate_set_class(p, i, out, unicode);
  if (unicode) {
    const auto next = translate_lone_negated_posix(p, i, out);
    if (next != std::string_view::npos) return next;
  }
  out += '[';
  ++i;
  if (i < p.size() && p[i] == '^') out += p[i++];
  if (i < p.size() && p[i] == ']') out += p[i++];  // a leading ']' is literal
  while (i < p.size()) {
    if (p[i] == '\\') {
      i = translate_escape(p, i, out, unicode, true);
    } else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      const auto close = p.find(":]", i + 2);
      const auto items = close == std::string_view::npos || !unicode
                             ? std::string_view{}
                             : onigmo_property_items(p.substr(i + 2, close - i - 2));
      if (items.empty()) {
        out += p[i++];
        continue;
      }
      out += items;
      i = close + 2;
    } else if (p[i] == ']') {
      out += ']';
      return i + 1;
    } else {
      out += p[i++];
    }
  }
  return i;
}

}  // namespace iotprobe::parsers::onigmo
