// The speed-ups may never change a result: the literal-prefix pre-check is conservative,
// and the first-byte index returns exactly what a plain file-order scan returns. The
// [recog] case runs as its own ctest, reported skipped without Recog's http_servers.xml.
#include "parsers/fingerprint/fingerprint_db.hpp"
#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using iotprobe::parsers::find_literal_prefix;
using iotprobe::parsers::fingerprint_db;
using iotprobe::parsers::ruby_regex;

TEST_CASE("literal prefixes are taken only where they are certain", "[fingerprint][prefix]") {
  CHECK(find_literal_prefix("^Apache(?:/([\\d.]+))?", false).text == "Apache");
  CHECK(find_literal_prefix("^GoAhead-(?:Webs|http)$", false).text == "GoAhead-");
  CHECK(find_literal_prefix("^uc-httpd[ /]([\\d.]+)$", false).text == "uc-httpd");
  CHECK(find_literal_prefix("^a\\/b\\.c", false).text == "a/b.c");
  CHECK(find_literal_prefix("^Apachee?", false).text == "Apache");   // quantified char dropped
  CHECK(find_literal_prefix("^ab+c", false).text == "ab");
  CHECK(find_literal_prefix("^ab{2}", false).text == "a");
  CHECK(find_literal_prefix("(?i)^AirTunes", false).caseless);
  CHECK(find_literal_prefix("(?i)^AirTunes", false).text == "AirTune");  // stops before s
  CHECK(find_literal_prefix("^Ok", true).text == "O");                  // caseless k: Kelvin sign
  CHECK(find_literal_prefix("\\Ax", false).line_anchor == false);
  CHECK(find_literal_prefix("Apache", false).text.empty());          // unanchored
  CHECK(find_literal_prefix("^a|^b", false).text.empty());           // top-level alternation
  CHECK(find_literal_prefix("^(?x) a", false).text.empty());         // x-mode
  CHECK(find_literal_prefix("^a b(?x)", false).text.empty());
  CHECK(find_literal_prefix("^\\d", false).text.empty());
  // A quantifier after a comment or an option group applies to the char before it.
  CHECK(find_literal_prefix("^ab(?#x)?c", false).text == "a");
  CHECK(find_literal_prefix("^abc(?a)*", false).text == "ab");
  CHECK(find_literal_prefix("^ab(?i-m)+", false).text == "a");
}

TEST_CASE("the prefix pre-check admits every line start", "[fingerprint][prefix]") {
  const auto p = find_literal_prefix("^Server: x", false);
  CHECK(p.admits("Server: x1"));
  CHECK(p.admits("Date: y\nServer: x1"));
  CHECK_FALSE(p.admits("Date: y Server: x1"));
  const auto a = find_literal_prefix("\\AServer", false);
  CHECK_FALSE(a.admits("x\nServer"));
  const auto c = find_literal_prefix("^abc", true);
  CHECK(c.admits("ABCdef"));
  std::string error;
  const auto kelvin = ruby_regex::compile("^ok$", {true, false}, error);
  REQUIRE(kelvin);
  CHECK(kelvin->matches("o\xe2\x84\xaa"));  // 'o' + KELVIN SIGN folds to "ok"
}

namespace {

// Matches every example of `file` (as written, with a suffix, with a prefix) through the
// index and through a plain file-order scan, checks both agree, and returns how many.
std::size_t compare_indexed_with_linear(const std::filesystem::path& file) {
  std::size_t compared = 0;
  const auto db = fingerprint_db::load(file);
  for (const auto& fp : db.fingerprints()) {
    for (const auto& ex : fp.examples) {
      for (const std::string& subject : {ex.content, ex.content + "x", "x" + ex.content}) {
        int linear = -1;
        std::string error;
        for (std::size_t i = 0; i < db.fingerprints().size() && linear < 0; ++i)
          if (db.match_one(i, subject, ruby_regex::subject_kind::text, error))
            linear = static_cast<int>(i);
        const auto indexed = db.match(subject);
        INFO(file.filename() << ": " << subject);
        CHECK((indexed ? indexed->fingerprint_index : -1) == linear);
        ++compared;
      }
    }
  }
  return compared;
}

}  // namespace

TEST_CASE("indexed matching equals a plain file-order scan on every example",
          "[fingerprint][prefix]") {
  std::size_t compared = 0;
  for (const auto& e : std::filesystem::directory_iterator(IOTPROBE_SOURCE_DIR "/config/fingerprints"))
    if (e.path().extension() == ".xml") compared += compare_indexed_with_linear(e.path());
  CHECK(compared >= 3 * 140);
}

TEST_CASE("indexed matching equals a plain file-order scan on Recog's http_servers.xml",
          "[fingerprint][prefix][recog]") {
  const std::filesystem::path recog = IOTPROBE_RECOG_HTTP_SERVERS;
  REQUIRE(std::filesystem::exists(recog));  // ctest skips (77) before we get here without it
  CHECK(compare_indexed_with_linear(recog) == 3 * 744);
}
