// Internal to the fingerprint engine: the pieces of the Onigmo → PCRE2 translation shared by
// fingerprint_ruby_syntax.cpp (escapes, groups) and fingerprint_ruby_classes.cpp (character
// classes). Pure string functions; they never throw and never validate what PCRE2 will check.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iotprobe::parsers::onigmo {

// PCRE2 class items for an Onigmo property / POSIX bracket name (Unicode, as Onigmo has them
// on UTF-8 text); empty when PCRE2 knows the name itself.
std::string_view onigmo_property_items(std::string_view name) noexcept;

// Translates the escape at p[i] == '\\' into `out`; returns the index after it. `unicode`: the
// pattern is for UTF-8 text (false: for ASCII-8BIT binary subjects).
std::size_t translate_escape(std::string_view p, std::size_t i, std::string& out, bool unicode,
                             bool in_class);

// Translates the character class at p[i] == '[' into `out` (a class, or for Onigmo's nested
// and intersected classes an expression matching one character); returns the index after it.
std::size_t translate_class(std::string_view p, std::size_t i, std::string& out, bool unicode);

}  // namespace iotprobe::parsers::onigmo
