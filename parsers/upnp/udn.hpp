// UPnP UDN normalisation: the identity key of a device across IP churn.
// Pure and total: any string yields a value; well_formed says whether it is a UUID.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

struct udn_info {
  std::string raw;         // as found in <UDN>
  std::string normalized;  // trimmed, lower-case, with the "uuid:" prefix
  bool well_formed = false;  // 8-4-4-4-12 hex after the prefix
  std::optional<std::string> mac;  // "aa:bb:cc:dd:ee:ff" when the UDN embeds one (Realtek WPS)
};

udn_info normalize_udn(std::string_view raw);

}  // namespace iotprobe::parsers
