// Recog's own example tests, run on a loaded database: every example matches, yields its
// attributes, is not matched first by an earlier fingerprint; capture groups and pos>0
// params agree; pos>0 params carry no value. Reports, never throws.
#pragma once

#include "parsers/fingerprint/fingerprint_db.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace iotprobe::parsers {

struct verify_failure {
  std::string file;
  int line = 0;             // the <fingerprint> element's line
  std::string fingerprint;  // description
  std::string example;      // printable form of the example ("" for fingerprint-level checks)
  std::string message;
};

struct verify_report {
  std::size_t passed = 0;  // examples that passed every example check
  std::size_t failed = 0;  // failed examples + failed fingerprint-level checks
  std::vector<verify_failure> failures;
  std::vector<std::string> warnings;  // e.g. a fingerprint without examples (Recog warns)

  void merge(const verify_report& other);
};

verify_report verify_database(const fingerprint_db& db);

// Ruby-inspect-like rendering of example bytes: printable ASCII kept, the rest escaped,
// cut after `limit` characters.
std::string printable_example(std::string_view content, std::size_t limit = 120);

}  // namespace iotprobe::parsers
