// Fuzz target for the Recog XML loader (fingerprint_db::parse): any bytes either load or
// are refused with std::runtime_error naming the database and line (the loader is an edge);
// nothing else may escape. A loaded database verifies without crashing, its load errors
// carry lines inside the text, and on each example the indexed match agrees with a plain
// scan in file order (as fingerprint_match checks on the shipped databases). `_filename`
// examples point into a folder that does not exist, so nothing is read from disk.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/fingerprint/fingerprint_db.hpp"
#include "parsers/fingerprint/fingerprint_verify.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace {

using namespace iotprobe::parsers;

constexpr std::size_t max_xml_bytes = 65536;
constexpr std::size_t max_examples = 64;

int lines_in(std::string_view text) {
  return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::optional<fingerprint_db> load(std::string_view xml) {
  try {
    return fingerprint_db::parse(xml, "fuzz.xml", "/nonexistent/iotprobe-fuzz/examples");
  } catch (const std::runtime_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).rfind("fuzz.xml:", 0) == 0);
    return std::nullopt;
  }
}

std::optional<int> linear_match(const fingerprint_db& db, std::string_view value,
                                ruby_regex::subject_kind kind) {
  for (std::size_t i = 0; i < db.fingerprints().size(); ++i) {
    std::string error;
    if (db.match_one(i, value, kind, error)) return static_cast<int>(i);
  }
  return std::nullopt;
}

void check_examples(const fingerprint_db& db) {
  std::size_t checked = 0;
  for (const fingerprint& fp : db.fingerprints()) {
    for (const fingerprint_example& ex : fp.examples) {
      if (++checked > max_examples) return;
      const auto kind = ex.binary ? ruby_regex::subject_kind::binary : ruby_regex::subject_kind::text;
      const auto indexed = db.match(ex.content, kind);
      const auto linear = linear_match(db, ex.content, kind);
      FUZZ_CHECK(indexed.has_value() == linear.has_value());
      if (indexed) FUZZ_CHECK(indexed->fingerprint_index == *linear);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("fingerprint_db", [&] {
    const std::string_view xml = iotprobe::testing::as_text(data, size);
    if (xml.size() > max_xml_bytes) return;
    const auto db = load(xml);
    if (!db) return;
    const int lines = lines_in(xml);
    for (const fingerprint& fp : db->fingerprints()) FUZZ_CHECK(fp.line >= 1 && fp.line <= lines);
    for (const fingerprint_load_error& e : db->load_errors()) {
      FUZZ_CHECK(e.line >= 1 && e.line <= lines);
      FUZZ_CHECK(!e.message.empty());
    }
    const verify_report report = verify_database(*db);
    // An example with several problems is one failure with several messages.
    FUZZ_CHECK(report.failures.size() >= report.failed);
    FUZZ_CHECK(report.failures.empty() == (report.failed == 0));
    std::size_t examples = 0;
    for (const fingerprint& fp : db->fingerprints()) examples += fp.examples.size();
    FUZZ_CHECK(report.passed <= examples);
    check_examples(*db);
  });
}
