// Names of probe_status values as they appear in JSON, the database and reports.
// The spelling is part of iotprobe's stable output schema: never rename a value.
#include "parsers/core/probe_status.hpp"

#include <array>
#include <utility>

namespace iotprobe::parsers {
namespace {

constexpr std::array<std::pair<probe_status, std::string_view>, 12> names{{
    {probe_status::ok, "ok"},
    {probe_status::refused, "refused"},
    {probe_status::timeout, "timeout"},
    {probe_status::reset, "reset"},
    {probe_status::not_http, "not_http"},
    {probe_status::too_large, "too_large"},
    {probe_status::blocked, "blocked"},
    {probe_status::parse_error, "parse_error"},
    {probe_status::http_error, "http_error"},
    {probe_status::unreachable, "unreachable"},
    {probe_status::skipped, "skipped"},
    {probe_status::error, "error"},
}};

}  // namespace

std::string_view to_string(probe_status status) noexcept {
  for (const auto& [value, name] : names)
    if (value == status) return name;
  return "error";
}

std::optional<probe_status> probe_status_from_string(std::string_view text) noexcept {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace iotprobe::parsers
