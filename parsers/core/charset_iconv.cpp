// Conversion of device bytes to UTF-8 (see charset.hpp): glibc iconv for legacy
// charsets, an own validator for UTF-8. No error escapes: bad bytes become U+FFFD.
// The iconv descriptor is owned by an RAII handle so that no path leaks it.
#include "parsers/core/charset.hpp"

#include "parsers/core/text.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <utility>

#include <iconv.h>

namespace iotprobe::parsers {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

class iconv_handle {
 public:
  explicit iconv_handle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~iconv_handle() {
    if (ok()) iconv_close(cd_);
  }
  iconv_handle(const iconv_handle&) = delete;
  iconv_handle& operator=(const iconv_handle&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// The iconv name for a WHATWG-style label. Supersets stand in for the labels devices
// use loosely: CP932 for Shift_JIS (NEC/IBM extensions), GBK for GB2312, Big5-HKSCS for
// Big5. "" means UTF-8. Labels not listed go to iconv as they are (it knows hundreds).
std::string iconv_name(std::string_view label) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 28> names = {{
      {"utf-8", ""}, {"utf8", ""}, {"unicode-1-1-utf-8", ""},
      {"utf-16", ""}, {"utf-16le", ""}, {"utf-16be", ""},  // a meta cannot be in UTF-16
      {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"},
      {"x-sjis", "CP932"}, {"ms_kanji", "CP932"}, {"windows-31j", "CP932"},
      {"csshiftjis", "CP932"}, {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"},
      {"gb2312", "GBK"}, {"gbk", "GBK"}, {"x-gbk", "GBK"}, {"cp936", "GBK"},
      {"gb18030", "GB18030"}, {"big5", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"},
      {"iso-8859-1", "ISO-8859-1"}, {"latin1", "ISO-8859-1"}, {"iso8859-1", "ISO-8859-1"},
      {"windows-1252", "WINDOWS-1252"}, {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
  }};
  for (const auto& [known, name] : names) {
    if (label == known) return std::string(name);
  }
  return std::string(label);
}

utf8_text sanitize_utf8(std::string_view bytes) {
  utf8_text out;
  out.text.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) {
      out.text += replacement;
      ++out.replaced;
      ++i;
    } else {
      out.text.append(bytes.substr(i, length));
      i += length;
    }
  }
  return out;
}

// Runs iconv over the whole input; an invalid or truncated sequence costs one input
// byte and one U+FFFD, then conversion resumes from a reset shift state.
void convert_all(const iconv_handle& cd, std::string_view bytes, utf8_text& out) {
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it never writes here
  std::size_t in_left = bytes.size();
  std::array<char, 4096> buffer{};
  while (true) {
    char* o = buffer.data();
    std::size_t o_left = buffer.size();
    const std::size_t rc = iconv(cd.get(), in_left ? &in : nullptr, &in_left, &o, &o_left);
    const int error = errno;
    out.text.append(buffer.data(), static_cast<std::size_t>(o - buffer.data()));
    if (rc != static_cast<std::size_t>(-1)) {
      if (in_left == 0) return;
      continue;
    }
    if (error == E2BIG) continue;
    if ((error != EILSEQ && error != EINVAL) || in_left == 0) return;
    out.text += replacement;
    ++out.replaced;
    ++in;
    --in_left;
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);
  }
}

// glibc's UCS-4 and UTF-32 decoders pass a unit above U+10FFFF through as the obsolete 5-
// or 6-byte form, which is not UTF-8 (found by fuzz_charset: the 7 bytes "ucs-4" read as
// UCS-4). Each such sequence, a lead byte and its continuation bytes, becomes one U+FFFD,
// so a decoded character never costs more than one replacement.
void replace_invalid_output(utf8_text& out) {
  std::size_t i = 0;
  while (i < out.text.size() && utf8_sequence_length(out.text, i) != 0) i += utf8_sequence_length(out.text, i);
  if (i == out.text.size()) return;
  std::string clean(out.text, 0, i);
  while (i < out.text.size()) {
    const std::size_t length = utf8_sequence_length(out.text, i);
    if (length != 0) {
      clean.append(out.text, i, length);
      i += length;
      continue;
    }
    clean += replacement;
    ++out.replaced;
    ++i;
    while (i < out.text.size() && (static_cast<unsigned char>(out.text[i]) & 0xC0) == 0x80) ++i;
  }
  out.text = std::move(clean);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
  else if (b0 == 0xE0) len = 3, lo = 0xA0;
  else if (b0 >= 0xE1 && b0 <= 0xEC) len = 3;
  else if (b0 == 0xED) len = 3, hi = 0x9F;
  else if (b0 >= 0xEE && b0 <= 0xEF) len = 3;
  else if (b0 == 0xF0) len = 4, lo = 0x90;
  else if (b0 >= 0xF1 && b0 <= 0xF3) len = 4;
  else if (b0 == 0xF4) len = 4, hi = 0x8F;
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
  }
  return len;
}

utf8_text to_utf8(std::string_view bytes, std::string_view label) {
  const std::string name = iconv_name(normalize_charset_label(label));
  if (name.empty()) return sanitize_utf8(bytes);
  const iconv_handle cd(name);
  if (!cd.ok()) {
    utf8_text fallback = sanitize_utf8(bytes);
    fallback.known_charset = false;
    return fallback;
  }
  utf8_text out;
  out.text.reserve(bytes.size() + bytes.size() / 2);
  convert_all(cd, bytes, out);
  replace_invalid_output(out);
  return out;
}

bool valid_in_charset(std::string_view bytes, std::string_view label) {
  const utf8_text decoded = to_utf8(bytes, label);
  return decoded.known_charset && decoded.replaced == 0;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace iotprobe::parsers
