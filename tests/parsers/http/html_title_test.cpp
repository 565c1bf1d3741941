// The first <title>: tag matching (case, attributes, look-alike tags), spans across
// lines, entity decoding after charset conversion, whitespace collapsing and the cap.
#include "parsers/http/html_title.hpp"

#include <catch2/catch.hpp>

#include <string>

using iotprobe::parsers::extract_title;
using iotprobe::parsers::find_title;

TEST_CASE("the first title tag, any case, attributes allowed", "[title]") {
  CHECK(find_title("<html><TITLE>Upper</TITLE></html>") == "Upper");
  CHECK(find_title("<title id=\"a\" class='b'>Attrs</title>") == "Attrs");
  CHECK(find_title("<titlebar>no</titlebar><title>yes</title>") == "yes");
  CHECK(find_title("<title>first</title><title>second</title>") == "first");
  CHECK(find_title("<Title\n>split\ntag</tItLe >") == "split\ntag");
  CHECK(find_title("<title></title>") == "");
}

TEST_CASE("a title without a closing tag stops at the next tag or the end", "[title]") {
  CHECK(find_title("<title>Router<br></body>") == "Router");
  CHECK(find_title("<title>to the end") == "to the end");
  CHECK_FALSE(find_title("<html><body>no title</body></html>"));
  CHECK_FALSE(find_title("<title"));
  CHECK_FALSE(find_title(""));
}

TEST_CASE("entities decoded, whitespace collapsed, raw bytes kept", "[title]") {
  const auto t = extract_title("<title>\r\n  A &amp; B\n\t C &#x263A; &lt;x&gt;  </title>", "", 512);
  REQUIRE(t);
  CHECK(t->utf8 == "A & B C \xe2\x98\xba <x>");
  CHECK(t->raw == "\r\n  A &amp; B\n\t C &#x263A; &lt;x&gt;  ");
  CHECK(t->charset == "utf-8");
}

TEST_CASE("charset conversion happens before entity decoding", "[title]") {
  // ログイン in Shift_JIS, then an entity: decoding the entity first would feed UTF-8
  // bytes to the Shift_JIS decoder.
  const auto t = extract_title("<title>\x83\x8d\x83\x4f\x83\x43\x83\x93 &copy;</title>", "Shift_JIS", 512);
  REQUIRE(t);
  CHECK(t->utf8 == "ログイン ©");  // &copy; is one of HTML's Latin-1 names, decoded after conversion
  const auto amp = extract_title("<title>\x83\x8d&amp;\x83\x4f</title>", "shift_jis", 512);
  REQUIRE(amp);
  CHECK(amp->utf8 == "ロ&グ");
  CHECK(amp->charset == "shift_jis");
}

TEST_CASE("invalid bytes in a title are replaced, an unknown charset falls back", "[title]") {
  const auto bad = extract_title("<title>ok\xff</title>", "utf-8", 512);
  REQUIRE(bad);
  CHECK(bad->utf8 == "ok\xef\xbf\xbd");
  CHECK(bad->raw == "ok\xff");
  const auto unknown = extract_title("<title>plain</title>", "x-klingon", 512);
  REQUIRE(unknown);
  CHECK(unknown->utf8 == "plain");
  CHECK(unknown->charset == "utf-8");
}

TEST_CASE("the title cap applies to raw and to UTF-8 on a character boundary", "[title]") {
  std::string long_title;
  for (int i = 0; i < 200; ++i) long_title += "\xe3\x83\xad";  // 600 bytes
  const auto t = extract_title("<title>" + long_title + "</title>", "utf-8", 512);
  REQUIRE(t);
  CHECK(t->utf8.size() == 510);  // 170 whole characters
  CHECK(t->raw.size() == 512);
  const auto spaced = extract_title("<title>" + std::string(5000, ' ') + "x</title>", "", 512);
  REQUIRE(spaced);
  CHECK(spaced->utf8 == "x");
}

TEST_CASE("HTML Latin-1 entity names in a title are decoded (European router pages)", "[title]") {
  using iotprobe::parsers::extract_title;
  const auto t = extract_title("<title>Anmeldung f&uuml;r FRITZ!Box &ndash; Caf&eacute; &copy;</title>", "", 512);
  REQUIRE(t);
  // &ndash; is not a Latin-1 name: kept as written, like any unknown entity.
  CHECK(t->utf8 == "Anmeldung f\xC3\xBCr FRITZ!Box &ndash; Caf\xC3\xA9 \xC2\xA9");
  CHECK(t->raw == "Anmeldung f&uuml;r FRITZ!Box &ndash; Caf&eacute; &copy;");
  const auto escaped = extract_title("<title>&amp;eacute; &Auml;&yuml;&nbsp;x</title>", "", 512);
  REQUIRE(escaped);
  CHECK(escaped->utf8 == "&eacute; \xC3\x84\xC3\xBF\xC2\xA0x");  // no double decoding
}
