// Ruby/Onigmo semantics of Recog patterns under PCRE2: line anchors, dot-all flags, the
// (?m) rewrite, \h, \v, \b, POSIX brackets, mid-pattern (?i), named groups, {,n}, Recog flags,
// invalid UTF-8.
#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using iotprobe::parsers::parse_recog_flags;
using iotprobe::parsers::regex_captures;
using iotprobe::parsers::ruby_regex;
using iotprobe::parsers::ruby_regex_options;
using iotprobe::parsers::translate_ruby_pattern;
using kind = ruby_regex::subject_kind;

namespace {

ruby_regex compile(const std::string& pattern, ruby_regex_options options = {}) {
  std::string error;
  auto re = ruby_regex::compile(pattern, options, error);
  INFO(pattern << ": " << error);
  REQUIRE(re.has_value());
  return *re;
}

std::optional<std::string> capture(const ruby_regex& re, const std::string& subject, int k,
                                   kind how = kind::text) {
  const auto m = re.search(subject, how);
  if (!m || static_cast<std::size_t>(k) >= m->size()) return std::nullopt;
  return (*m)[static_cast<std::size_t>(k)];
}

}  // namespace

TEST_CASE("^ and $ are line anchors, as in Ruby", "[fingerprint][regex]") {
  const auto re = compile("^Server: (\\S+)$");
  CHECK(capture(re, "HTTP/1.1 200 OK\nServer: x1\nDate: now", 1) == "x1");
  CHECK(compile("^b$").matches("a\nb\nc"));
  CHECK(compile("a$").matches("a\n"));             // before the final newline
  CHECK_FALSE(compile("a\\z").matches("a\n"));     // \z is the very end
  CHECK(compile("a\\Z").matches("a\n"));           // \Z allows one final newline
  CHECK_FALSE(compile("\\Ab").matches("a\nb"));    // \A is only the start
  CHECK_FALSE(compile("^b").matches("a\rb"));      // only \n ends a line in Ruby
  CHECK_FALSE(compile("\\n^$").matches("a\n"));    // no empty line after a final newline
}

TEST_CASE("dot matches newline only with Recog's MULTILINE flags or (?m)", "[fingerprint][regex]") {
  CHECK_FALSE(compile("a.b").matches("a\nb"));
  std::string error;
  for (const char* flag : {"REG_DOT_NEWLINE", "REG_MULTILINE", "REG_LINE_ANY_CRLF"}) {
    const auto options = parse_recog_flags(flag, error);
    REQUIRE(options);
    CHECK(options->dot_all);
    CHECK(compile("a.b", *options).matches("a\nb"));
  }
  CHECK(compile("(?m)a.b").matches("a\nb"));
  CHECK(compile("(?mi)A.B").matches("a\nb"));
  CHECK(compile("x(?m:a.b)").matches("xa\nb"));
  CHECK_FALSE(compile("(?m)a(?-m:.)b").matches("a\nb"));
}

TEST_CASE("(?m) is rewritten only where it is an option group", "[fingerprint][regex]") {
  CHECK(translate_ruby_pattern("(?m)x").pcre2 == "(?s)x");
  CHECK(translate_ruby_pattern("(?im-x:y)").pcre2 == "(?is-x:y)");
  CHECK(translate_ruby_pattern("[(?m)]").pcre2 == "[(?m)]");     // inside a class: literal
  CHECK(translate_ruby_pattern("\\(?m)").pcre2 == "\\(?m)");     // escaped paren
  CHECK(compile("[(?m)]+").matches("m?"));
  CHECK(compile("\\(?m\\)").matches("(m)"));
}

TEST_CASE("\\h is a hex digit, not horizontal space", "[fingerprint][regex]") {
  const auto re = compile("^id=(\\h+)$");
  CHECK(capture(re, "id=00018eAB", 1) == "00018eAB");
  CHECK_FALSE(re.matches("id= \t"));
  CHECK(compile("^[\\h-]+$").matches("12ab-cd"));
  CHECK(compile("^\\H$").matches("g"));
  CHECK_FALSE(compile("^\\H$").matches("f"));
}

TEST_CASE("mid-pattern (?i) and the IGNORECASE flags", "[fingerprint][regex]") {
  CHECK(compile("^Linux (?i)upnp$").matches("Linux UPnP"));
  CHECK_FALSE(compile("^linux (?i)upnp$").matches("Linux UPnP"));  // only after (?i)
  CHECK(compile("(?i)^AirTunes/([\\d\\.]+)$").matches("airtunes/1.0"));
  std::string error;
  const auto icase = parse_recog_flags("REG_ICASE", error);
  REQUIRE(icase);
  CHECK(compile("^micro_httpd$", *icase).matches("MICRO_HTTPD"));
  CHECK(parse_recog_flags("IGNORECASE,REG_DOT_NEWLINE", error)->ignore_case);
}

TEST_CASE("unknown Recog flags are a load error", "[fingerprint][regex]") {
  std::string error;
  CHECK_FALSE(parse_recog_flags("REG_ICASE,REG_EXTENDED", error));
  CHECK(error.find("REG_EXTENDED") != std::string::npos);
  CHECK(parse_recog_flags("", error));
}

TEST_CASE("Ruby identity escapes and {,n} compile", "[fingerprint][regex]") {
  CHECK(compile("^a\\_b\\'c\\/d$").matches("a_b'c/d"));
  CHECK(compile("^a{,2}$").matches("aa"));
  CHECK_FALSE(compile("^a{,2}$").matches("aaa"));
  CHECK(compile("^\\u00e9\\u{e8}$").matches("\xc3\xa9\xc3\xa8"));
}

TEST_CASE("optional captures that do not participate are absent", "[fingerprint][regex]") {
  const auto re = compile("^Apache(?:/([\\d.]+))?$");
  const auto m = re.search("Apache");
  REQUIRE(m);
  REQUIRE(m->size() == 2);
  CHECK_FALSE((*m)[1].has_value());
  CHECK(capture(re, "Apache/", 1) == std::nullopt);  // no match at all
  CHECK(capture(compile("^x(y*)$"), "x", 1) == "");   // participated, empty
}

TEST_CASE("named groups switch off numbered captures, as in Onigmo", "[fingerprint][regex]") {
  const auto re = compile("^(a)(?<v>\\d+)$");
  CHECK(re.capture_count() == 1);
  CHECK(capture(re, "a42", 1) == "42");
  CHECK(compile("(?<=x)y").capture_count() == 0);  // lookbehind is not a name
}

TEST_CASE("a dot is one UTF-8 character", "[fingerprint][regex]") {
  CHECK(capture(compile("^(.)$"), "\xc3\xa9", 1) == "\xc3\xa9");
  CHECK(compile("^\xc3\xa9+$", {true, false}).matches("\xc3\x89\xc3\xa9"));  // É é
}

TEST_CASE("invalid UTF-8 text drops the invalid bytes and retries", "[fingerprint][regex]") {
  const auto re = compile("^abc$");
  CHECK(re.matches("ab\xff" "c"));
  CHECK(iotprobe::parsers::drop_invalid_utf8("a\xff\xc3\xa9\xe2\x82") == "a\xc3\xa9");
  CHECK_FALSE(iotprobe::parsers::is_valid_utf8("\xc0\xaf"));  // overlong
  CHECK_FALSE(iotprobe::parsers::is_valid_utf8("\xed\xa0\x80"));  // surrogate
  CHECK(iotprobe::parsers::is_valid_utf8("\xf0\x9f\x98\x80"));
}

TEST_CASE("binary subjects follow Ruby's ASCII-8BIT rules", "[fingerprint][regex]") {
  // An ASCII-only pattern matches bytes: '.' is one byte.
  CHECK(capture(compile("^a(.)b$"), std::string("a\xff" "b"), 1, kind::binary) == "\xff");
  // A UTF-8 pattern makes Recog re-encode, which drops every high byte.
  CHECK(compile("^\xc3\xa9?ab$").matches("a\xff" "b", kind::binary));
}

TEST_CASE("catastrophic backtracking is bounded and counts as no match", "[fingerprint][regex]") {
  const auto re = compile("^(a+)+$");
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(re.matches(std::string(40, 'a') + "b"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(re.matches(std::string(40, 'a')));
}

TEST_CASE("a search stopped by PCRE2's match or depth limit says so", "[fingerprint][regex]") {
  const auto re = compile("^(a+)+$");
  const auto stopped = re.search_outcome(std::string(40, 'a') + "b");
  CHECK(stopped.limit_hit);
  CHECK_FALSE(stopped.captures);
  const auto plain = re.search_outcome("b");
  CHECK_FALSE(plain.limit_hit);
  CHECK_FALSE(plain.captures);
  const auto nested = compile("^((((a|aa)+)+)+)+$");
  CHECK(nested.search_outcome(std::string(64, 'a') + "!").limit_hit);
}

TEST_CASE("malformed patterns are compile errors, never crashes", "[fingerprint][regex]") {
  std::string error;
  for (const char* p : {"(", "[", "\\", "a\\", "(?", "(?<", "\\u{", "\\u{zz}", "[[:alpha:", "x{,"}) {
    error.clear();
    const auto re = ruby_regex::compile(p, {}, error);
    INFO(p << " -> " << error);
    CHECK((re.has_value() || !error.empty()));
  }
}

TEST_CASE("Onigmo property names PCRE2 lacks are translated", "[fingerprint][regex]") {
  CHECK(compile("^\\p{Alpha}+$").matches("ab\xc3\xa9"));          // Unicode, as in Onigmo
  CHECK(compile("^\\p{Word}+$").matches("a_1\xc3\xa9"));
  CHECK_FALSE(compile("^\\P{Alpha}$").matches("a"));
  CHECK(compile("^\\p{^Alpha}$").matches("1"));
  CHECK(compile("^[\\p{Digit}x]+$").matches("1x2"));
  CHECK(compile("^\\p{XDigit}+$").matches("aF0"));
  CHECK(compile("^\\p{Greek}$").matches("\xce\xb1"));              // PCRE2's own name kept
  CHECK(compile("^[[:alpha:]]+$").matches("\xc3\xa9t\xc3\xa9"));
}

TEST_CASE("\\v is Onigmo's vertical tab, not PCRE2's vertical-space class", "[fingerprint][regex]") {
  CHECK(compile("^a\\vb$").matches("a\x0b" "b"));
  CHECK_FALSE(compile("^a\\vb$").matches("a\nb"));
  CHECK_FALSE(compile("^a[\\v]b$").matches("a\rb"));
  CHECK(compile("^a\\vb$").matches("a\x0b" "b", kind::binary));
}

TEST_CASE("POSIX brackets are Unicode on text, ASCII on binary, as in Onigmo", "[fingerprint][regex]") {
  CHECK(compile("^[[:print:]]+$").matches("B\xc3\xbcro 1"));           // Büro 1
  CHECK(compile("^[[:graph:]]+$").matches("B\xc3\xbcro"));
  CHECK_FALSE(compile("^[[:graph:]]+$").matches("a b"));
  CHECK(compile("^a[[:blank:]]b$").matches("a\xc2\xa0" "b"));          // no-break space
  CHECK(compile("^[[:punct:]]+$").matches("\xc2\xa1$+<=>^`|~!"));     // ¡ and ASCII symbols
  CHECK_FALSE(compile("^[[:punct:]]$").matches("a"));
  CHECK(compile("^[[:^alpha:]]+$").matches("1 2"));
  CHECK_FALSE(compile("^[[:^alpha:]]$").matches("\xc3\xa9"));         // é is alpha
  CHECK(compile("^\\p{Print}+$").matches("\xc3\xa9 x"));
  CHECK(compile("^[\\p{Graph}]+$").matches("\xc3\xa9x"));
  // ASCII-8BIT subjects: POSIX brackets are ASCII only, so a high byte is not alpha.
  CHECK_FALSE(compile("^a[[:alpha:]]$").matches("a\xe9", kind::binary));
  CHECK(compile("^a[[:alpha:]]$").matches("ab", kind::binary));
}

TEST_CASE("\\b and \\B use Unicode word characters on text, as in Onigmo", "[fingerprint][regex]") {
  CHECK_FALSE(compile("caf\\b").matches("caf\xc3\xa9"));            // café: no boundary in it
  CHECK(compile("\\bcaf\xc3\xa9\\b").matches("un caf\xc3\xa9!"));
  CHECK(compile("caf\\B").matches("caf\xc3\xa9"));
  CHECK(compile("\\bNAS\\b").matches("a NAS box"));
  CHECK_FALSE(compile("\\bNAS\\b").matches("aNAS"));
  CHECK(compile("^a[\\b]c$").matches("a\x08" "c"));                // in a class: backspace
  CHECK(compile("caf\\b").matches("caf\xe9", kind::binary));       // ASCII-8BIT: ASCII words
}

TEST_CASE("nested classes are unions and && intersects, as in Onigmo", "[fingerprint][regex]") {
  CHECK(compile("^[a-z&&[^aeiou]]+$").matches("bcd"));
  CHECK_FALSE(compile("^[a-z&&[^aeiou]]+$").matches("bad"));
  CHECK(compile("^[a[0-9]]+$").matches("a1a"));
  CHECK_FALSE(compile("^[a[0-9]]$").matches("["));
  CHECK(compile("^[^a-z&&[^x]]$").matches("x"));                 // not (a-z and not x)
  CHECK_FALSE(compile("^[^a-z&&[^x]]$").matches("b"));
  CHECK(compile("^[\\w&&[:^digit:]]+$").matches("ab_"));
  CHECK_FALSE(compile("^[\\w&&[:^digit:]]+$").matches("a1"));
  CHECK(compile("^[:\\w]+$").matches("a:b"));                    // a plain class still works
  CHECK(compile("^(?<v>a)|(?<v>b)$").matches("b"));               // Onigmo allows a repeated name
  CHECK(compile("^\\Qa\\E$").matches("QaE"));                      // no \Q…\E quoting in Ruby
}

TEST_CASE("on ASCII-8BIT subjects \\p{Alpha} is ASCII and \\u makes the regex UTF-8",
          "[fingerprint][regex]") {
  CHECK_FALSE(compile("^a\\p{Alpha}$").matches("a\xe9", kind::binary));   // no Latin-1 letters
  CHECK(compile("^a\\p{Alpha}$").matches("ab", kind::binary));
  CHECK(compile("^a[\\P{Digit}]$").matches("ab", kind::binary));
  CHECK(compile("^[\\P{Digit}]+$").matches("a\xc3\xa9"));                    // text: \P{Nd}
  CHECK_FALSE(compile("^[\\P{Digit}]$").matches("1"));
  CHECK(compile("^a\\p{Alpha}$").matches("a\xc3\xa9"));                    // text: Unicode
  // Ruby fixes a regex with \u to UTF-8; a binary subject with high bytes is re-encoded,
  // dropping the invalid 0xE9, so "a\xe9b" is "ab" and \u00e9 cannot match a lone byte.
  CHECK_FALSE(compile("^a\\u00e9b$").matches("a\xe9" "b", kind::binary));
  CHECK(compile("^a\\u00e9?b$").matches("a\xe9" "b", kind::binary));
  CHECK_FALSE(translate_ruby_pattern("a\\u0041").ascii_only);
  CHECK(translate_ruby_pattern("a\\\\u").ascii_only);                        // escaped backslash
}
