// PCRE2 compilation and matching for Recog patterns (see fingerprint_regex.hpp). JIT is
// used when the platform has it and silently skipped when it fails. Never throws on a
// subject; match data is per thread, so one compiled regex may be shared by threads.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <pcre2.h>

#include <algorithm>

namespace iotprobe::parsers {
namespace {

std::string pcre2_error_text(int code) {
  PCRE2_UCHAR buffer[256];
  const int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  return n < 0 ? "unknown PCRE2 error" : std::string(reinterpret_cast<char*>(buffer), n);
}

// One match-data block per thread, grown to the largest capture count seen.
pcre2_match_data* thread_match_data(int captures) {
  struct holder {
    pcre2_match_data* data = nullptr;
    std::uint32_t pairs = 0;
    ~holder() { pcre2_match_data_free(data); }
  };
  thread_local holder h;
  const auto wanted = static_cast<std::uint32_t>(std::max(captures + 1, 16));
  if (h.pairs < wanted) {
    pcre2_match_data_free(h.data);
    h.data = pcre2_match_data_create(wanted, nullptr);
    h.pairs = h.data ? wanted : 0;
  }
  return h.data;
}

// Bounds the work one match may do on hostile input (catastrophic backtracking): hitting
// the limit counts as "no match". Read-only once built, so threads may share it.
pcre2_match_context* bounded_match_context() {
  static pcre2_match_context* const context = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    if (c) {
      pcre2_set_match_limit(c, regex_match_limit);
      pcre2_set_depth_limit(c, regex_depth_limit);
    }
    return c;
  }();
  return context;
}

std::shared_ptr<void> compile_code(const std::string& pattern, std::uint32_t options,
                                   std::string& error) {
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  if (!context) {
    error = "out of memory";
    return nullptr;
  }
  pcre2_set_newline(context, PCRE2_NEWLINE_LF);  // Ruby: only \n ends a line
  pcre2_set_compile_extra_options(context, PCRE2_EXTRA_BAD_ESCAPE_IS_LITERAL);
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 options, &code, &offset, context);
  pcre2_compile_context_free(context);
  if (!re) {
    error = pcre2_error_text(code) + " at offset " + std::to_string(offset);
    return nullptr;
  }
  return std::shared_ptr<void>(re, [](void* p) { pcre2_code_free(static_cast<pcre2_code*>(p)); });
}

}  // namespace

std::optional<ruby_regex> ruby_regex::compile(std::string_view ruby_pattern,
                                              const ruby_regex_options& options,
                                              std::string& error) {
  const translated_pattern translated = translate_ruby_pattern(ruby_pattern);
  std::uint32_t flags = PCRE2_MULTILINE;  // Ruby's ^ and $ are always line anchors
  if (options.ignore_case) flags |= PCRE2_CASELESS;
  if (options.dot_all) flags |= PCRE2_DOTALL;
  if (translated.has_named_groups)  // Onigmo: only named groups capture; names may repeat
    flags |= PCRE2_NO_AUTO_CAPTURE | PCRE2_DUPNAMES;

  ruby_regex regex;
  regex.source_ = std::string(ruby_pattern);
  regex.ascii_only_ = translated.ascii_only;
  regex.prefix_ = find_literal_prefix(ruby_pattern, options.ignore_case);
  regex.utf_code_ = compile_code(translated.pcre2, flags | PCRE2_UTF, error);
  if (!regex.utf_code_) return std::nullopt;
  auto* utf = static_cast<pcre2_code*>(regex.utf_code_.get());
  std::uint32_t count = 0;
  pcre2_pattern_info(utf, PCRE2_INFO_CAPTURECOUNT, &count);
  regex.capture_count_ = static_cast<int>(count);
  regex.jit_ = pcre2_jit_compile(utf, PCRE2_JIT_COMPLETE) == 0;
  if (regex.ascii_only_) {
    std::string ignored;
    regex.byte_code_ =
        compile_code(translate_ruby_pattern(ruby_pattern, false).pcre2, flags, ignored);
    if (regex.byte_code_)
      pcre2_jit_compile(static_cast<pcre2_code*>(regex.byte_code_.get()), PCRE2_JIT_COMPLETE);
  }
  return regex;
}

namespace {
bool is_limit(int rc) {
  return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
         rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}
}  // namespace

regex_outcome ruby_regex::run(const void* code, std::string_view subject) const {
  if (!prefix_.admits(subject)) return {};
  auto* re = static_cast<const pcre2_code*>(code);
  pcre2_match_data* md = thread_match_data(capture_count_);
  if (!md) return {};
  const int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                             0, PCRE2_NO_UTF_CHECK, md,
                             bounded_match_context());
  if (rc < 0) return {std::nullopt, is_limit(rc)};  // a resource limit is a no-match too
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(md);
  regex_captures captures(static_cast<std::size_t>(capture_count_) + 1);
  for (int k = 0; k <= capture_count_ && k < rc; ++k) {
    const PCRE2_SIZE start = ovector[2 * k], end = ovector[2 * k + 1];
    if (start == PCRE2_UNSET || end < start) continue;
    captures[static_cast<std::size_t>(k)] = std::string(subject.substr(start, end - start));
  }
  return {std::move(captures), false};
}

std::optional<regex_captures> ruby_regex::search(std::string_view subject,
                                                 subject_kind kind) const {
  return search_outcome(subject, kind).captures;
}

regex_outcome ruby_regex::search_outcome(std::string_view subject, subject_kind kind) const {
  if (!utf_code_) return {};
  switch (kind) {
    case subject_kind::valid_utf8:
      return run(utf_code_.get(), subject);
    case subject_kind::text: {
      std::string storage;
      return run(utf_code_.get(), as_valid_utf8(subject, storage));
    }
    case subject_kind::binary:
      break;
  }
  // Ruby on an ASCII-8BIT string: an ASCII-only regex matches bytes; a UTF-8 regex
  // raises Encoding::CompatibilityError when the string has high bytes, and Recog then
  // re-encodes it to UTF-8, which drops every byte >= 0x80.
  if (byte_code_) return run(byte_code_.get(), subject);
  const bool high = std::any_of(subject.begin(), subject.end(),
                                [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!high) return run(utf_code_.get(), subject);
  std::string ascii;
  std::copy_if(subject.begin(), subject.end(), std::back_inserter(ascii),
               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return run(utf_code_.get(), ascii);
}

bool ruby_regex::matches(std::string_view subject, subject_kind kind) const {
  return search(subject, kind).has_value();
}

}  // namespace iotprobe::parsers
