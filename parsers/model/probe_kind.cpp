// Names of probe_kind values as the database, JSON and text views spell them. The only
// place a probe kind becomes text or text a probe kind.
#include "parsers/model/probe_kind.hpp"

#include <array>
#include <utility>

namespace iotprobe::parsers {
namespace {

constexpr std::array<std::pair<probe_kind, std::string_view>, 7> names{{
    {probe_kind::get_root, "get_root"},
    {probe_kind::redirect, "redirect"},
    {probe_kind::description, "description"},
    {probe_kind::location, "location"},
    {probe_kind::ssdp, "ssdp"},
    {probe_kind::banner, "banner"},
    {probe_kind::https_get_root, "https_get_root"},
}};

}  // namespace

std::string_view to_string(probe_kind kind) noexcept {
  for (const auto& [value, name] : names)
    if (value == kind) return name;
  return "unknown";
}

std::optional<probe_kind> probe_kind_from_string(std::string_view text) noexcept {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace iotprobe::parsers
