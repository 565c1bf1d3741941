// The fingerprint engine (see fingerprint_engine.hpp): loading database files and
// directories, and preference-ordered matching per field. The subject's UTF-8 validity
// is checked once per call, not once per regex.
#include "parsers/fingerprint/fingerprint_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace iotprobe::parsers {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> database_files(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(path, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry);
  if (ec) throw std::runtime_error("cannot list " + path.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

fingerprint_engine fingerprint_engine::load(const std::vector<fs::path>& paths) {
  fingerprint_engine engine;
  for (const fs::path& path : paths)
    for (const fs::path& file : database_files(path))
    {
      fingerprint_db db = fingerprint_db::load(file);
      if (!db.load_errors().empty())  // matching must not silently lose a rule
        throw std::runtime_error(fmt::format("{}:{}: {}", file.string(), db.load_errors()[0].line,
                                             db.load_errors()[0].message));
      if (db.match_key().empty())  // it would never apply to any field
        throw std::runtime_error(fmt::format(
            "{}:1: <fingerprints> has no matches attribute (the field its patterns apply to)",
            file.string()));
      engine.databases_.push_back(std::move(db));
    }
  engine.reindex();
  return engine;
}

void fingerprint_engine::add(fingerprint_db db) {
  databases_.push_back(std::move(db));
  reindex();
}

void fingerprint_engine::reindex() {
  by_field_.clear();
  for (std::size_t i = 0; i < databases_.size(); ++i)
    by_field_[databases_[i].match_key()].push_back(i);
  for (auto& [field, indexes] : by_field_)
    std::stable_sort(indexes.begin(), indexes.end(), [this](std::size_t a, std::size_t b) {
      return databases_[a].preference() > databases_[b].preference();
    });
}

bool fingerprint_engine::has_field(std::string_view field) const {
  return by_field_.find(field) != by_field_.end();
}

std::vector<fingerprint_match> fingerprint_engine::match_all(std::string_view field,
                                                             std::string_view value) const {
  std::vector<fingerprint_match> matches;
  const auto found = by_field_.find(field);
  if (found == by_field_.end()) return matches;
  std::string cleaned;
  value = as_valid_utf8(value, cleaned);
  for (std::size_t i : found->second)
    if (auto m = databases_[i].match(value, ruby_regex::subject_kind::valid_utf8))
      matches.push_back(std::move(*m));
  return matches;
}

std::optional<fingerprint_match> fingerprint_engine::match(std::string_view field,
                                                           std::string_view value) const {
  const auto found = by_field_.find(field);
  if (found == by_field_.end()) return std::nullopt;
  std::string cleaned;
  value = as_valid_utf8(value, cleaned);
  for (std::size_t i : found->second)
    if (auto m = databases_[i].match(value, ruby_regex::subject_kind::valid_utf8)) return m;
  return std::nullopt;
}

}  // namespace iotprobe::parsers
