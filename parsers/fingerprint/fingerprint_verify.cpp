// The checks of Recog's fingerprint_self_test_spec.rb and bin/recog_verify, run in C++
// (see fingerprint_verify.hpp). One quirk is kept on purpose: the spec only checks earlier
// fingerprints that have examples, so an example-less earlier rule is never tested first.
#include "parsers/fingerprint/fingerprint_verify.hpp"

#include <fmt/format.h>

#include <set>

namespace iotprobe::parsers {
namespace {

using kind = ruby_regex::subject_kind;

kind kind_of(const fingerprint_example& ex) { return ex.binary ? kind::binary : kind::text; }

// Failures about the fingerprint itself rather than one example.
void check_fingerprint(const fingerprint_db& db, const fingerprint& fp, verify_report& report) {
  auto fail = [&](std::string message) {
    report.failures.push_back({db.name(), fp.line, fp.description, "", std::move(message)});
    ++report.failed;
  };
  std::set<int> expected, actual;
  for (const fingerprint_param& p : fp.params) {
    if (p.pos > 0) expected.insert(p.pos);
    if (p.pos > 0 && !p.value.empty())
      fail(fmt::format("{} is a non-zero pos but specifies a value of '{}'", p.name, p.value));
    if (p.pos == 0 && p.value.empty())
      fail(fmt::format("{} is not a capture (pos=0) but doesn't specify a value", p.name));
  }
  for (int k = 1; k <= fp.regex.capture_count(); ++k) actual.insert(k);
  if (actual != expected)
    fail(fmt::format("regex has {} capture groups, but the fingerprint expected {} extractions",
                     actual.size(), expected.size()));
  if (fp.examples.empty()) {
    report.warnings.push_back(fmt::format("{}:{}: '{}' has no test cases", db.name(), fp.line,
                                          fp.description));
    return;
  }
  for (const fingerprint_param& p : fp.params) {  // recog_verify: every capture is asserted
    if (p.pos <= 0 || p.name.rfind("_tmp.", 0) == 0) continue;
    bool asserted = false;
    for (const fingerprint_example& ex : fp.examples)
      for (const auto& [name, value] : ex.attributes) asserted = asserted || name == p.name;
    if (!asserted)
      fail(fmt::format("missing an example that checks for parameter '{}' which is derived "
                       "from a capture group", p.name));
  }
}

// Every problem with one example; empty when it passes.
std::vector<std::string> check_example(const fingerprint_db& db, std::size_t i,
                                       const fingerprint_example& ex) {
  std::vector<std::string> problems;
  std::string error;
  const auto m = db.match_one(i, ex.content, kind_of(ex), error);
  if (!m) {
    if (error.empty()) problems.push_back("does not match the pattern");
    else if (error == regex_limit_note) problems.push_back("does not match: " + error);
    else problems.push_back("matches but Recog would raise: " + error);
    return problems;
  }
  for (const auto& [name, value] : ex.attributes) {
    if (name == "_encoding" || name == "_filename") continue;
    const auto found = m->params.find(name);
    const std::string* got = name == "matched" ? &m->description
                             : found == m->params.end() ? nullptr : &found->second;
    if (!got || *got != value)
      problems.push_back(fmt::format("expected {}='{}', got {}", name, value,
                                     got ? "'" + *got + "'" : std::string("nil")));
  }
  const auto& fps = db.fingerprints();
  for (std::size_t j = 0; j < i; ++j) {
    if (fps[j].examples.empty()) continue;  // the spec loops over prev_fp.tests
    if (fps[j].regex.matches(ex.content, kind_of(ex)))
      problems.push_back(fmt::format("matched first by earlier fingerprint '{}' (line {})",
                                     fps[j].description, fps[j].line));
  }
  return problems;
}

}  // namespace

void verify_report::merge(const verify_report& other) {
  passed += other.passed;
  failed += other.failed;
  failures.insert(failures.end(), other.failures.begin(), other.failures.end());
  warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
}

verify_report verify_database(const fingerprint_db& db) {
  verify_report report;
  for (const fingerprint_load_error& e : db.load_errors()) {  // Recog would refuse these
    report.failures.push_back({db.name(), e.line, e.description, "", e.message});
    ++report.failed;
  }
  const auto& fps = db.fingerprints();
  for (std::size_t i = 0; i < fps.size(); ++i) {
    check_fingerprint(db, fps[i], report);
    for (const fingerprint_example& ex : fps[i].examples) {
      const auto problems = check_example(db, i, ex);
      if (problems.empty()) {
        ++report.passed;
        continue;
      }
      ++report.failed;
      for (const std::string& problem : problems)
        report.failures.push_back(
            {db.name(), fps[i].line, fps[i].description, printable_example(ex.content), problem});
    }
  }
  return report;
}

std::string printable_example(std::string_view content, std::size_t limit) {
  std::string out;
  for (char c : content) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\\' || c == '"') out += std::string("\\") + c;
    else if (b < 0x20 || b == 0x7f) out += fmt::format("\\x{:02X}", b);
    else out += c;  // UTF-8 bytes pass through
  }
  return out;
}

}  // namespace iotprobe::parsers
