// UPnP UDN normalisation (see udn.hpp): the identity key of a device across IP churn.
// Total and pure: never throws, never reads past the input. A MAC is reported only for
// the Realtek forms whose last 12 hex digits really are a per-unit hardware address; an
// unset, broadcast or multicast address in such a form is reported, never taken as a MAC.
#include "parsers/upnp/udn.hpp"

#include "parsers/core/text.hpp"

#include <array>

namespace iotprobe::parsers {
namespace {

constexpr std::string_view uuid_prefix = "uuid:";
// Realtek wscd: "63041253101920061228" + the WLAN MAC (docs/devices.md §1c).
constexpr std::string_view realtek_wps_head = "63041253-1019-2006-1228-";
// Realtek miniigd RTL8186_KB builds: "82350000-4000-0000-0000-" + the eth1 MAC (§1b).
constexpr std::string_view realtek_kb_head = "82350000-4000-0000-0000-";
// The RTL8186_KB compiled-in default shared by every unit: not a MAC.
constexpr std::string_view realtek_kb_default_tail = "000000000001";

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// 8-4-4-4-12 hex digits, nothing before or after.
bool is_uuid(std::string_view body) noexcept {
  constexpr std::array<std::size_t, 4> dashes{8, 13, 18, 23};
  if (body.size() != 36) return false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const bool dash_here = i == dashes[0] || i == dashes[1] || i == dashes[2] || i == dashes[3];
    if (dash_here ? body[i] != '-' : !is_hex(body[i])) return false;
  }
  return true;
}

// "aabbccddeeff" (lower-case hex) -> "aa:bb:cc:dd:ee:ff".
std::string format_mac(std::string_view hex12) {
  std::string mac;
  mac.reserve(17);
  for (std::size_t i = 0; i < 12; i += 2) {
    if (i != 0) mac += ':';
    mac.append(hex12.substr(i, 2));
  }
  return mac;
}

// The hardware address of a well-formed, lower-cased UUID body, if it is a MAC-bearing
// form. The KB builds' compiled-in tail is a known default UDN, not an address at all.
udn_mac_kind mac_kind_of(std::string_view body) noexcept {
  const std::string_view head = body.substr(0, 24), tail = body.substr(24);
  const bool bearing = head == realtek_wps_head ||
                       (head == realtek_kb_head && tail != realtek_kb_default_tail);
  if (!bearing) return udn_mac_kind::none;
  if (tail == "000000000000") return udn_mac_kind::unset;
  if (tail == "ffffffffffff") return udn_mac_kind::broadcast;
  const int first_octet_low = tail[1] >= 'a' ? tail[1] - 'a' + 10 : tail[1] - '0';
  if (first_octet_low & 1) return udn_mac_kind::multicast;  // the I/G (group) bit
  return udn_mac_kind::unicast;
}

}  // namespace

// An input that is empty after trimming yields an empty `normalized` (never a bare
// "uuid:"), so an absent identity can never collide with another absent identity.
udn_info normalize_udn(std::string_view raw) {
  udn_info info;
  info.raw = std::string(raw);
  std::string lowered = to_lower(trim(raw));
  std::string_view body = lowered;
  if (body.substr(0, uuid_prefix.size()) == uuid_prefix) body.remove_prefix(uuid_prefix.size());
  body = trim(body);
  if (body.empty()) return info;
  info.normalized = std::string(uuid_prefix) + std::string(body);
  info.well_formed = is_uuid(body);
  if (!info.well_formed) return info;
  info.mac_kind = mac_kind_of(body);
  if (info.mac_kind == udn_mac_kind::unicast) info.mac = format_mac(body.substr(24));
  return info;
}

std::optional<std::string_view> udn_not_per_device(const udn_info& info) noexcept {
  switch (info.mac_kind) {
    case udn_mac_kind::unset: return "mac_unset";
    case udn_mac_kind::broadcast: return "mac_broadcast";
    case udn_mac_kind::multicast: return "mac_multicast";
    case udn_mac_kind::none:
    case udn_mac_kind::unicast: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace iotprobe::parsers
