// Conversion of device bytes to UTF-8 (see charset.hpp): glibc iconv for legacy
// charsets, an own validator for UTF-8. No error escapes: bad bytes become U+FFFD.
// The iconv descriptor is owned by an RAII handle so that no path leaks it.
#include "parsers/charset.hpp"

#include "parsers/text.hpp"

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
  return label.empty() ? std::string() : std::string(label);
}

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid (overlong,
// surrogate, beyond U+10FFFF, or cut off by the end of the text).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
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

}  // namespace

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
