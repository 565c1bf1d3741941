// Every loaded fingerprint database, indexed by the field it matches ("http_header.server",
// "upnp.modelName", …) and ordered by preference, highest first (Recog's Nizer order).
// Loading throws at the edge; matching is const, thread-safe and never throws.
#pragma once

#include "parsers/fingerprint/fingerprint_db.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <functional>
#include <map>
#include <vector>

namespace iotprobe::parsers {

class fingerprint_engine {
 public:
  // Each path is a database file or a directory whose *.xml files are all loaded (sorted
  // by name). Throws std::runtime_error naming the file on any unreadable/invalid DB.
  static fingerprint_engine load(const std::vector<std::filesystem::path>& paths);

  void add(fingerprint_db db);

  // Recog's Nizer.match: the first match of the highest-preference database that matches.
  std::optional<fingerprint_match> match(std::string_view field, std::string_view value) const;
  // One match (the first in file order) from every database for the field that matches,
  // in preference order: what fusion needs to combine family rules with generic detail.
  std::vector<fingerprint_match> match_all(std::string_view field, std::string_view value) const;

  const std::vector<fingerprint_db>& databases() const noexcept { return databases_; }
  bool has_field(std::string_view field) const;

 private:
  void reindex();

  std::vector<fingerprint_db> databases_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_field_;
};

}  // namespace iotprobe::parsers
