// libmaxminddb behind a pimpl so that only this file includes <maxminddb.h>.
// Lookup failures of any kind give an empty code, never an exception.
#include "parsers/darknet/mirai_country.hpp"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>

#include <cstring>

namespace iotprobe::parsers {

struct country_db::impl {
  MMDB_s mmdb{};
  bool open = false;
};

country_db::country_db(const std::filesystem::path& file, std::string& error)
    : impl_(std::make_unique<impl>()) {
  const int rc = MMDB_open(file.c_str(), MMDB_MODE_MMAP, &impl_->mmdb);
  if (rc != MMDB_SUCCESS) {
    error = MMDB_strerror(rc);
    return;
  }
  impl_->open = true;
  error.clear();
}

country_db::~country_db() {
  if (impl_ && impl_->open) MMDB_close(&impl_->mmdb);
}

std::string country_db::lookup(std::uint32_t ip) const {
  if (!impl_->open) return {};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(ip);
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s found = MMDB_lookup_sockaddr(
      &impl_->mmdb, reinterpret_cast<const sockaddr*>(&addr), &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !found.found_entry) return {};
  for (const char* section : {"country", "registered_country"}) {
    MMDB_entry_data_s data{};
    const int rc = MMDB_get_value(&found.entry, &data, section, "iso_code", nullptr);
    if (rc == MMDB_SUCCESS && data.has_data && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
      return std::string(data.utf8_string, data.data_size);
    }
  }
  return {};
}

}  // namespace iotprobe::parsers
