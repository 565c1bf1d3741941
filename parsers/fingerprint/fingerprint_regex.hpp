// A Recog pattern (a Ruby/Onigmo regex) compiled with PCRE2 so that it means what Ruby
// means: ^/$ are line anchors, Recog's MULTILINE flags and inline (?m) are dot-all, \h is a
// hex digit, named groups switch off numbered captures. Matching never throws.
#pragma once

#include "parsers/core/regex_limits.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

// Ruby's option bits as Recog's RegexpFactory sets them.
struct ruby_regex_options {
  bool ignore_case = false;  // REG_ICASE, IGNORECASE
  bool dot_all = false;      // REG_DOT_NEWLINE, REG_MULTILINE, REG_LINE_ANY_CRLF
};

// Parses Recog's comma-separated `flags` attribute. nullopt (with `error` set) for any
// flag Recog's RegexpFactory would reject.
std::optional<ruby_regex_options> parse_recog_flags(std::string_view flags, std::string& error);

// Rewrites Onigmo syntax into PCRE2 syntax with the same meaning (see the .cpp for the list).
struct translated_pattern {
  std::string pcre2;
  bool has_named_groups = false;  // Ruby: then plain (...) groups do not capture
  bool ascii_only = true;         // the pattern has no byte >= 0x80
};
// `unicode`: for UTF-8 text (Onigmo's Unicode POSIX brackets and \b); false for ASCII-8BIT
// binary subjects, where Onigmo's POSIX brackets and \b are ASCII.
translated_pattern translate_ruby_pattern(std::string_view ruby, bool unicode = true);

// A literal every match must start with, at the start of the subject or of a line: a cheap
// pre-check that skips PCRE2 for most of Recog's "^Literal…" patterns. Conservative: empty
// when the pattern is not of that shape (alternation, x-mode, no anchor, …).
struct literal_prefix {
  std::string text;
  bool caseless = false;     // compare ASCII letters without case
  bool line_anchor = true;   // '^' (any line) rather than '\A' (subject start)
  bool admits(std::string_view subject) const noexcept;
};
literal_prefix find_literal_prefix(std::string_view ruby, bool ignore_case);

// Capture k (1-based) is nullopt when the group did not participate.
using regex_captures = std::vector<std::optional<std::string>>;

// What one search found. limit_hit: PCRE2's match or depth limit (or JIT stack) stopped it,
// i.e. catastrophic backtracking on a hostile subject; it counts as no match, and callers
// that can report a note (fingerprints verify) say so.
struct regex_outcome {
  std::optional<regex_captures> captures;
  bool limit_hit = false;
};
// The note a limit-stopped search leaves (fingerprint_db::match_one's `error`).
constexpr std::string_view regex_limit_note =
    "the pattern hit PCRE2's match/depth limit on this value (treated as no match)";

class ruby_regex {
 public:
  // How the subject is to be read, mirroring Ruby's string encodings.
  enum class subject_kind {
    text,        // UTF-8 text of unknown validity: invalid bytes are dropped, then matched
    valid_utf8,  // the caller has checked is_valid_utf8 (skips the check)
    binary,      // an ASCII-8BIT string (Recog's base64 and file examples)
  };

  static std::optional<ruby_regex> compile(std::string_view ruby_pattern,
                                           const ruby_regex_options& options, std::string& error);

  // Unanchored search. Returns captures 0..capture_count() when it matches.
  std::optional<regex_captures> search(std::string_view subject,
                                       subject_kind kind = subject_kind::text) const;
  // The same, telling a resource-limit stop apart from a plain no-match.
  regex_outcome search_outcome(std::string_view subject,
                               subject_kind kind = subject_kind::text) const;
  bool matches(std::string_view subject, subject_kind kind = subject_kind::text) const;

  int capture_count() const noexcept { return capture_count_; }
  bool jit() const noexcept { return jit_; }
  const std::string& source() const noexcept { return source_; }
  const literal_prefix& prefix() const noexcept { return prefix_; }

 private:
  using code_ptr = std::shared_ptr<void>;

  regex_outcome run(const void* code, std::string_view subject) const;

  code_ptr utf_code_;   // UTF mode: what Ruby does with UTF-8 strings
  code_ptr byte_code_;  // byte mode, only for ASCII-only patterns (Ruby on binary strings)
  bool ascii_only_ = true;
  int capture_count_ = 0;
  bool jit_ = false;
  std::string source_;
  literal_prefix prefix_;
};

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;
// Ruby's encode('UTF-8', invalid: :replace, replace: ''): drops every invalid byte.
std::string drop_invalid_utf8(std::string_view text);
// `text` itself when it is valid UTF-8, else drop_invalid_utf8(text) kept in `storage`.
std::string_view as_valid_utf8(std::string_view text, std::string& storage);

}  // namespace iotprobe::parsers
