// UPnP UDN normalisation: the identity key of a device across IP churn.
// Pure and total: any string yields a value; well_formed says whether it is a UUID.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

// What the hardware-address part of a UDN says. Only the Realtek forms whose last 12 hex
// digits are a unit's MAC have one (none for every other UUID, including RFC 4122 v1,
// whose node field may legally be random with the multicast bit set).
enum class udn_mac_kind {
  none,       // not a MAC-bearing form
  unicast,    // a real per-unit hardware address: `mac` holds it
  unset,      // 00:00:00:00:00:00: the firmware never filled it in
  broadcast,  // ff:ff:ff:ff:ff:ff
  multicast,  // group bit set: no unit has it as its own address
};

struct udn_info {
  std::string raw;         // as found in <UDN>
  std::string normalized;  // trimmed, lower-case, with the "uuid:" prefix
  bool well_formed = false;  // 8-4-4-4-12 hex after the prefix
  std::optional<std::string> mac;  // "aa:bb:cc:dd:ee:ff" when mac_kind is unicast
  udn_mac_kind mac_kind = udn_mac_kind::none;
};

udn_info normalize_udn(std::string_view raw);

// The rule that makes a UDN shared by construction ("mac_unset", "mac_broadcast",
// "mac_multicast"): a MAC-bearing form whose MAC no single unit owns. nullopt otherwise.
std::optional<std::string_view> udn_not_per_device(const udn_info& info) noexcept;

}  // namespace iotprobe::parsers
