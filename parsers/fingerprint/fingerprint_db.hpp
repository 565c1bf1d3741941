// One Recog-format fingerprint database (<fingerprints matches=… protocol=… preference=…>),
// loaded unchanged, and Recog's match semantics over it: first fingerprint in file order
// wins. Loading is an edge (throws std::runtime_error on an unreadable or invalid file);
// matching never throws.
#pragma once

#include "parsers/fingerprint/fingerprint_regex.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iotprobe::parsers {

struct fingerprint_param {
  int pos = 0;        // 0: fixed (interpolated) value; k > 0: capture group k
  std::string name;   // "service.version", "hw.vendor", "iot.family", …
  std::string value;  // only meaningful for pos 0
};

struct fingerprint_example {
  std::string content;  // decoded text (base64 decoded, or the _filename file's bytes)
  bool binary = false;  // from _encoding="base64" or _filename: Ruby ASCII-8BIT semantics
  // Every attribute in document order, including "_encoding"/"_filename".
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct fingerprint {
  std::string description;  // whitespace collapsed, as Recog reads it
  std::string pattern;      // the Ruby source
  std::string flags;
  std::optional<double> certainty;  // the optional `certainty` attribute
  int line = 0;                     // line of <fingerprint> in the file, for messages
  ruby_regex regex;
  std::vector<fingerprint_param> params;  // document order; a repeated name keeps its first slot
  std::vector<fingerprint_example> examples;
};

// What one fingerprint extracted. `params` holds only values that are set: Ruby's nil
// (an optional capture that did not participate) is an absent key.
struct fingerprint_match {
  std::string database;     // the database's file name (e.g. "http_servers.xml")
  std::string matches;      // its match key (e.g. "http_header.server")
  std::string description;  // the fingerprint's description ("matched" in Recog)
  std::optional<double> certainty;
  int fingerprint_index = -1;  // position in the database
  std::map<std::string, std::string> params;
};

// Recog::Fingerprint#match's result from a successful regex match. Returns false (with
// `error`) when a nil value is interpolated outside the `*.cpe23`/`{*.version}` rule,
// where Recog raises.
bool build_match_params(const fingerprint& fp, const regex_captures& captures,
                        std::string_view protocol, std::string_view match_key,
                        std::map<std::string, std::string>& out, std::string& error);

// Ruby String#unpack1('m'): lenient base64 that skips non-alphabet bytes.
std::string ruby_base64_decode(std::string_view text);

// A fingerprint Recog would refuse at load time (bad pattern or flags, illegal _filename).
struct fingerprint_load_error {
  int line = 0;
  std::string description;
  std::string message;
};

class fingerprint_db {
 public:
  // Reads the file; `_filename` examples come from <dir>/<file stem>/.
  static fingerprint_db load(const std::filesystem::path& path);
  // Parses XML held in memory. `name` is used in messages and results.
  static fingerprint_db parse(std::string_view xml, std::string name,
                              const std::filesystem::path& example_dir);

  // First fingerprint in file order whose regex matches, with its params. A fingerprint
  // whose interpolation fails (Recog raises) is skipped.
  std::optional<fingerprint_match> match(
      std::string_view value,
      ruby_regex::subject_kind kind = ruby_regex::subject_kind::text) const;
  // Runs fingerprint i alone (what Recog's example tests do).
  std::optional<fingerprint_match> match_one(std::size_t i, std::string_view value,
                                             ruby_regex::subject_kind kind,
                                             std::string& error) const;

  const std::string& name() const noexcept { return name_; }
  const std::string& match_key() const noexcept { return matches_; }
  const std::string& protocol() const noexcept { return protocol_; }
  const std::string& database_type() const noexcept { return database_type_; }
  double preference() const noexcept { return preference_; }
  const std::vector<fingerprint>& fingerprints() const noexcept { return fingerprints_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  // Fingerprints left out because they could not be loaded; the rest of the file still loads
  // so that verify can report each one. fingerprint_engine refuses a database with any.
  const std::vector<fingerprint_load_error>& load_errors() const noexcept { return load_errors_; }

 private:
  std::string name_, matches_, protocol_, database_type_;
  double preference_ = 0.10;  // Recog's default
  std::filesystem::path path_;
  std::vector<fingerprint> fingerprints_;
  std::vector<fingerprint_load_error> load_errors_;
  // For a one-line subject: the fingerprints (in file order) that can match a subject
  // starting with byte b. Derived from the literal prefixes; an optimisation only.
  std::array<std::vector<std::uint32_t>, 256> by_first_byte_;
  void build_index();
};

}  // namespace iotprobe::parsers
