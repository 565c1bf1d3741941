// Field-level helpers of the target-list readers: address canonicalisation, CSV/TSV field
// splitting with quotes, header mapping and JSON-line rows. Pure and total: bad input is
// an error string, never an exception. Internal to parsers/ (targets.cpp and its tests).
#pragma once

#include "parsers/darknet/ip_set.hpp"
#include "parsers/darknet/targets.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace iotprobe::parsers {

struct ip_address {
  ip_bytes bytes{};  // IPv4 as IPv4-mapped IPv6, for de-duplication
  std::string text;  // canonical inet_ntop form
};

// IPv4 dotted quad or IPv6 (optionally in [brackets]); surrounding whitespace allowed.
std::optional<ip_address> parse_ip(std::string_view text);

// The raw columns of one row, before the address is checked.
struct row_fields {
  std::optional<std::string> ip, day, country, tag;
  source_counters counters = {};
};

// Splits one CSV/TSV line. Fields may be double-quoted ("" is a quote inside); unquoted
// fields are trimmed. nullopt when a quoted field is not closed on this line.
std::optional<std::vector<std::string>> split_fields(std::string_view line, char separator);

// Column positions from a header row (names trimmed, case-insensitive).
struct column_map {
  std::optional<std::size_t> ip, day, country, tag;
  std::size_t columns = 0;
  std::optional<std::size_t> first_seen = {}, last_seen = {}, mirai_syns = {}, mirai_dsts = {},
                             dst_ports = {};
};
column_map map_header(const std::vector<std::string>& names);

// A data row through the header's map; empty fields are absent.
row_fields row_from_fields(const std::vector<std::string>& fields, const column_map& columns);

// One JSON-lines object: the row, or the reason it is bad.
std::variant<row_fields, std::string> row_from_json(std::string_view line);

// `text` made safe for a one-line message: at most 64 bytes, control bytes as '?'.
std::string quote_for_message(std::string_view text);

}  // namespace iotprobe::parsers
