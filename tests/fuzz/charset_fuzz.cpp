// Fuzz target for charset detection and conversion (parsers/core/charset*): the input is
// `FIRST LINE \n BODY`; the first line is read as a Content-Type value and as a charset
// label, the body is decoded with that label and with two of a fixed list of tricky ones
// (stateful, multi-byte, combining, unknown), picked by the body's bytes. Every output is valid UTF-8 of bounded size,
// detection yields normalised labels, and utf8_prefix never splits a character.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/core/charset.hpp"
#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <array>

namespace {

using namespace iotprobe::parsers;

constexpr std::size_t max_body_bytes = 4096;

// glibc converters with state (ISO-2022, UTF-7, IBM930), several code points per byte
// (TSCII, BIG5-HKSCS), byte order marks (UTF-16/32), and labels iotprobe maps itself.
constexpr std::array<std::string_view, 22> labels{
    "", "utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "iso-2022-jp-3", "iso-2022-kr",
    "iso-2022-cn-ext", "utf-7", "utf-16", "ucs-2", "utf-32", "gbk", "gb18030", "big5",
    "big5-hkscs", "tscii", "ibm930", "koi8-r", "windows-1252", "iso-8859-1", "no-such-charset"};

// An independent reading of UTF-8 validity, to hold both implementations to each other.
bool walk_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool is_label(std::string_view label) {
  return label.size() <= 64 && normalize_charset_label(label) == label;
}

void check_prefixes(std::string_view text) {
  for (const std::size_t cap : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{5},
                                text.size() / 2, text.size() - std::min<std::size_t>(text.size(), 1)}) {
    const std::string_view p = utf8_prefix(text, cap);
    FUZZ_CHECK(p.size() <= cap || p.size() == text.size());
    FUZZ_CHECK(text.substr(0, p.size()) == p);
    FUZZ_CHECK(is_valid_utf8(p));
    // Maximal: the next character would not have fitted.
    if (p.size() < text.size()) FUZZ_CHECK(p.size() + utf8_sequence_length(text, p.size()) > cap);
  }
}

void check_decode(std::string_view body, std::string_view label) {
  const utf8_text out = to_utf8(body, label);
  FUZZ_CHECK(is_valid_utf8(out.text));
  FUZZ_CHECK(walk_utf8(out.text));
  FUZZ_CHECK(out.replaced <= body.size());
  FUZZ_CHECK(out.text.size() <= 16 * body.size() + 16);
  FUZZ_CHECK(valid_in_charset(body, label) == (out.known_charset && out.replaced == 0));
  const std::string name = normalize_charset_label(label);
  if (name.empty() || name == "utf-8" || name == "utf8") {
    FUZZ_CHECK(out.known_charset);
    FUZZ_CHECK((out.replaced == 0) == is_valid_utf8(body));
    if (out.replaced == 0) FUZZ_CHECK(out.text == body);
  }
  const utf8_text again = to_utf8(body, label);
  FUZZ_CHECK(again.text == out.text && again.replaced == out.replaced);
  check_prefixes(out.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("charset", [&] {
    const std::string_view input = iotprobe::testing::as_text(data, size);
    const std::size_t newline = input.find('\n');
    const std::string_view first = input.substr(0, newline);
    const std::string_view body =
        newline == std::string_view::npos ? input : input.substr(newline + 1, max_body_bytes);
    FUZZ_CHECK(walk_utf8(input) == is_valid_utf8(input));

    const std::string label = normalize_charset_label(first);
    FUZZ_CHECK(is_label(label));
    const std::string header = charset_from_content_type(first);
    const std::string meta = charset_from_meta(body);
    FUZZ_CHECK(is_label(header) && is_label(meta));
    const std::string chosen = choose_charset(header, meta, body);
    FUZZ_CHECK(chosen == header || chosen == meta);

    check_decode(body, first.substr(0, 80));
    // Two labels per input, not all: each decode opens iconv, which is costly.
    std::size_t pick = body.size();
    for (const char c : body.substr(0, 16)) pick = pick * 31 + static_cast<unsigned char>(c);
    check_decode(body, labels[pick % labels.size()]);
    check_decode(body, labels[(pick / labels.size()) % labels.size()]);
  });
}
