// Differential fuzz target for fingerprint_db::match: on the shipped databases
// (config/fingerprints), the indexed match (first-byte index + literal prefixes) must give
// the same fingerprint and params as a plain scan of match_one over every fingerprint in
// file order, for text and binary subjects. The databases must load (else: abort).
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/fingerprint/fingerprint_db.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace iotprobe::parsers;

constexpr std::size_t max_subject_bytes = 4096;

std::vector<fingerprint_db> load_shipped() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(IOTPROBE_FUZZ_DB_DIR))
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<fingerprint_db> dbs;
  for (const auto& file : files) dbs.push_back(fingerprint_db::load(file));
  FUZZ_CHECK(!dbs.empty());
  return dbs;
}

const std::vector<fingerprint_db>& shipped() {
  static const std::vector<fingerprint_db> dbs = load_shipped();
  return dbs;
}

std::optional<fingerprint_match> linear_match(const fingerprint_db& db, std::string_view value,
                                              ruby_regex::subject_kind kind) {
  for (std::size_t i = 0; i < db.fingerprints().size(); ++i) {
    std::string error;
    if (auto m = db.match_one(i, value, kind, error)) return m;
  }
  return std::nullopt;
}

void check_db(const fingerprint_db& db, std::string_view value, ruby_regex::subject_kind kind) {
  const auto indexed = db.match(value, kind);
  const auto linear = linear_match(db, value, kind);
  FUZZ_CHECK(indexed.has_value() == linear.has_value());
  if (!indexed) return;
  FUZZ_CHECK(indexed->fingerprint_index == linear->fingerprint_index);
  FUZZ_CHECK(indexed->params == linear->params);
  FUZZ_CHECK(indexed->database == db.name() && indexed->matches == db.match_key());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("fingerprint_match", [&] {
    const std::string_view value = iotprobe::testing::as_text(data, size);
    if (value.size() > max_subject_bytes) return;
    for (const fingerprint_db& db : shipped()) {
      check_db(db, value, ruby_regex::subject_kind::text);
      check_db(db, value, ruby_regex::subject_kind::binary);
    }
  });
}
