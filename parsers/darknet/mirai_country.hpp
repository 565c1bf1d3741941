// Optional country lookup for extracted sources from a MaxMind-format database
// (libmaxminddb). Owns the open database; lookups never throw and never touch the network.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace iotprobe::parsers {

class country_db {
 public:
  // Empty `error` on success; otherwise libmaxminddb's reason and the database is unusable.
  country_db(const std::filesystem::path& file, std::string& error);
  ~country_db();
  country_db(const country_db&) = delete;
  country_db& operator=(const country_db&) = delete;

  // The ISO 3166-1 alpha-2 code for `ip` (host order): country, else registered
  // country; empty when unknown.
  std::string lookup(std::uint32_t ip) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace iotprobe::parsers
