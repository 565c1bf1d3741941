// Fuzz target for the Recog regex layer (parsers/fingerprint/fingerprint_regex.hpp). Input format:
// "FLAGS<TAB>PATTERN<LF>SUBJECT" (no tab: no flags). Translation and compilation never
// throw; a match has capture_count()+1 slots and its whole match lies inside the subject;
// matches() agrees with search(); drop_invalid_utf8 yields valid UTF-8 and is idempotent;
// the literal-prefix pre-check never rejects a subject that the same pattern wrapped in
// "(?:…)" (which has no prefix) matches.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <string>

namespace {

using namespace iotprobe::parsers;

// Recog patterns are one line; long ones only make PCRE2 compile slowly, not deeper.
constexpr std::size_t max_pattern_bytes = 512;
constexpr std::size_t max_subject_bytes = 4096;

bool is_ascii(std::string_view text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// A \u escape (not an escaped backslash before a 'u'): in Ruby it makes the regex UTF-8.
bool has_u_escape(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '\\') {
      if (text[i + 1] == 'u') return true;
      ++i;
    }
  return false;
}

void check_utf8_helpers(std::string_view text) {
  const std::string clean = drop_invalid_utf8(text);
  FUZZ_CHECK(is_valid_utf8(clean));
  FUZZ_CHECK(drop_invalid_utf8(clean) == clean);
  if (is_valid_utf8(text)) FUZZ_CHECK(clean == text);
  FUZZ_CHECK(clean.size() <= text.size());
}

void check_search(const ruby_regex& regex, std::string_view subject) {
  const auto captures = regex.search(subject);
  FUZZ_CHECK(regex.matches(subject) == captures.has_value());
  if (captures) {
    FUZZ_CHECK(captures->size() == static_cast<std::size_t>(regex.capture_count()) + 1);
    FUZZ_CHECK(captures->front().has_value());
    FUZZ_CHECK(drop_invalid_utf8(subject).find(*captures->front()) != std::string::npos);
  }
  // Binary subjects: a non-ASCII regex sees the subject without its high bytes (Recog's
  // re-encoding after Ruby's CompatibilityError), so the match lies in that string.
  const auto binary = regex.search(subject, ruby_regex::subject_kind::binary);
  if (binary) {
    FUZZ_CHECK(binary->size() == static_cast<std::size_t>(regex.capture_count()) + 1);
    FUZZ_CHECK(binary->front().has_value());
    std::string ascii;
    for (const char c : subject)
      if (static_cast<unsigned char>(c) < 0x80) ascii += c;
    FUZZ_CHECK(subject.find(*binary->front()) != std::string_view::npos ||
               ascii.find(*binary->front()) != std::string::npos);
  }
}

// The pre-check may only skip PCRE2 for subjects the regex cannot match: "(?:P)" means P
// but defeats prefix extraction, so both must agree whenever both compile.
void check_prefix(std::string_view pattern, const ruby_regex& regex,
                  const ruby_regex_options& options, std::string_view subject) {
  if (regex.prefix().text.empty()) return;
  std::string error;
  const std::string wrapped_pattern = "(?:" + std::string(pattern) + ")";
  const auto wrapped = ruby_regex::compile(wrapped_pattern, options, error);
  if (!wrapped || !wrapped->prefix().text.empty()) return;
  FUZZ_CHECK(regex.matches(subject) == wrapped->matches(subject));
  FUZZ_CHECK(regex.matches(subject, ruby_regex::subject_kind::binary) ==
             wrapped->matches(subject, ruby_regex::subject_kind::binary));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("fingerprint_regex", [&] {
    std::string_view input = iotprobe::testing::as_text(data, size);
    const std::size_t newline = input.find('\n');
    std::string_view head = input.substr(0, newline);
    const std::string_view subject =
        newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    std::string_view flags;
    if (const std::size_t tab = head.find('\t'); tab != std::string_view::npos) {
      flags = head.substr(0, tab);
      head.remove_prefix(tab + 1);
    }
    if (head.size() > max_pattern_bytes || subject.size() > max_subject_bytes) return;
    check_utf8_helpers(input);

    std::string error;
    const auto options = parse_recog_flags(flags, error);
    if (!options) FUZZ_CHECK(!error.empty());
    const translated_pattern translated = translate_ruby_pattern(head);
    FUZZ_CHECK(translated.ascii_only == (is_ascii(head) && !has_u_escape(head)));
    error.clear();
    const ruby_regex_options chosen = options.value_or(ruby_regex_options{});
    const auto regex = ruby_regex::compile(head, chosen, error);
    if (!regex) {
      FUZZ_CHECK(!error.empty());
      return;
    }
    FUZZ_CHECK(regex->capture_count() >= 0 && regex->source() == head);
    check_search(*regex, subject);
    check_prefix(head, *regex, chosen, subject);
  });
}
