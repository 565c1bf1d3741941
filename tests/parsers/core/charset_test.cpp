// Charset labels, detection (header, meta), the header-versus-meta decision, and iconv
// conversion to UTF-8 with replacement of invalid bytes (never a failure).
#include "parsers/core/charset.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace iotprobe::parsers;

TEST_CASE("charset labels are normalised", "[charset]") {
  CHECK(normalize_charset_label("\"Shift_JIS\"") == "shift_jis");
  CHECK(normalize_charset_label("  UTF-8 ;") == "utf-8");
  CHECK(normalize_charset_label("'gb2312'>") == "gb2312");
  CHECK(normalize_charset_label("") == "");
  CHECK(normalize_charset_label("\xff\xfe") == "");
}

TEST_CASE("charset from the Content-Type header", "[charset]") {
  CHECK(charset_from_content_type("text/html; charset=GB2312") == "gb2312");
  CHECK(charset_from_content_type("text/xml; charset=\"utf-8\"") == "utf-8");
  CHECK(charset_from_content_type("text/html;Charset = EUC-JP") == "euc-jp");
  CHECK(charset_from_content_type("text/html") == "");
  CHECK(charset_from_content_type("text/html; charset=") == "");
}

TEST_CASE("charset from <meta> in the body", "[charset]") {
  CHECK(charset_from_meta("<head><meta charset=\"EUC-JP\"><title>") == "euc-jp");
  CHECK(charset_from_meta("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html;charset=x-sjis\">") ==
        "x-sjis");
  CHECK(charset_from_meta("<meta http-equiv='Content-Type' content='text/html; charset=big5' />") ==
        "big5");
  CHECK(charset_from_meta("<meta name=\"charset\"><meta charset=gbk>") == "gbk");
  CHECK(charset_from_meta("<p>charset=utf-8</p>") == "");
  CHECK(charset_from_meta("<meta name=\"x\">") == "");
  CHECK(charset_from_meta(std::string(100000, '<') + "<meta") == "");
}

TEST_CASE("which declaration wins", "[charset]") {
  const std::string sjis = "<title>\x83\x8d\x83\x4f\x83\x43\x83\x93</title>";  // not valid UTF-8
  const std::string ascii = "<title>Login</title>";
  CHECK(choose_charset("", "shift_jis", sjis) == "shift_jis");  // meta when the header is absent
  CHECK(choose_charset("euc-jp", "", sjis) == "euc-jp");
  CHECK(choose_charset("", "", sjis) == "");
  CHECK(choose_charset("gbk", "gbk", ascii) == "gbk");
  // Both differ: the header while the bytes are valid in it, else the meta.
  CHECK(choose_charset("utf-8", "shift_jis", ascii) == "utf-8");
  CHECK(choose_charset("utf-8", "shift_jis", sjis) == "shift_jis");
  // A header charset that accepts every byte cannot be confirmed: the meta wins over it.
  CHECK(choose_charset("iso-8859-1", "shift_jis", sjis) == "shift_jis");
  CHECK(choose_charset("iso-8859-1", "shift_jis", std::string("\x83")) == "iso-8859-1");
}

TEST_CASE("legacy charsets convert to UTF-8", "[charset]") {
  CHECK(to_utf8("\x83\x8d\x83\x4f\x83\x43\x83\x93", "Shift_JIS").text == "ログイン");
  CHECK(to_utf8("\x83\x8d\x83\x4f\x83\x43\x83\x93", "sjis").text == "ログイン");
  CHECK(to_utf8("\xa5\xeb\xa1\xbc\xa5\xbf\xa1\xbc\xc0\xdf\xc4\xea", "euc-jp").text == "ルーター設定");
  CHECK(to_utf8("\xc2\xb7\xd3\xc9\xc6\xf7\xb5\xc7\xc2\xbc", "gb2312").text == "路由器登录");
  CHECK(to_utf8("\xc2\xb7\xd3\xc9\xc6\xf7\xb5\xc7\xc2\xbc", "GBK").text == "路由器登录");
  CHECK(to_utf8("\xb5\x4c\xbd\x75\xb8\xf4\xa5\xd1\xbe\xb9", "big5").text == "無線路由器");
  CHECK(to_utf8("Configura\xe7\xe3o", "iso-8859-1").text == "Configuração");
  CHECK(to_utf8("\x80 5", "windows-1252").text == "€ 5");
  CHECK(to_utf8("plain", "").text == "plain");
  const auto clean = to_utf8("ok \xe2\x9c\x93", "utf-8");
  CHECK(clean.text == "ok ✓");
  CHECK(clean.replaced == 0);
  CHECK(clean.known_charset);
}

TEST_CASE("invalid sequences become U+FFFD, never a failure", "[charset]") {
  const auto cut = to_utf8("\x83\x8d\x83", "shift_jis");  // the last lead byte has no trail
  CHECK(cut.text == "ロ\xef\xbf\xbd");
  CHECK(cut.replaced == 1);

  const auto bad_trail = to_utf8("a\x81 b", "shift_jis");  // a trail byte must be >= 0x40
  CHECK(bad_trail.text == "a\xef\xbf\xbd b");
  CHECK(bad_trail.replaced == 1);

  const auto utf8 = to_utf8("a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe3\x83", "utf-8");
  CHECK(utf8.text == "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                     "d\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(utf8.replaced == 8);

  const auto unknown = to_utf8("x\xff", "x-no-such-charset-42");
  CHECK_FALSE(unknown.known_charset);
  CHECK(unknown.text == "x\xef\xbf\xbd");
}

TEST_CASE("validity in a charset", "[charset]") {
  CHECK(valid_in_charset("\x83\x8d", "shift_jis"));
  CHECK_FALSE(valid_in_charset("\x83\x8d", "utf-8"));
  CHECK(valid_in_charset("\xe3\x83\xad", "utf-8"));
  CHECK(valid_in_charset("\xff\xfe", "iso-8859-1"));
  CHECK_FALSE(valid_in_charset("abc", "x-no-such-charset-42"));
}

TEST_CASE("UTF-8 prefixes never split a character", "[charset]") {
  CHECK(utf8_prefix("abc", 10) == "abc");
  CHECK(utf8_prefix("ab\xc3\xa9", 3) == "ab");
  CHECK(utf8_prefix("ab\xc3\xa9", 4) == "ab\xc3\xa9");
  CHECK(utf8_prefix("\xe3\x83\xad\xe3\x82\xb0", 5) == "\xe3\x83\xad");
  CHECK(utf8_prefix("\xe3\x83\xad", 0) == "");
}

// Found by fuzz_charset: glibc passes a UCS-4 unit above U+10FFFF through as an obsolete
// 6-byte form; the output must still be UTF-8, with one U+FFFD per such unit.
TEST_CASE("UCS-4 units beyond Unicode become one U+FFFD each", "[charset]") {
  const auto out = to_utf8(std::string("\x22\x75\x63\x73\x00\x00\x00\x41", 8), "ucs-4");
  CHECK(out.text == "\xef\xbf\xbd" "A");
  CHECK(out.replaced == 1);
  const auto label_as_body = to_utf8("\"ucs-4\"", "\"ucs-4\"");
  CHECK(label_as_body.replaced <= 7);
  CHECK(label_as_body.text.find('\xfc') == std::string::npos);
  CHECK_FALSE(valid_in_charset(std::string("\x22\x75\x63\x73", 4), "ucs-4"));
}
