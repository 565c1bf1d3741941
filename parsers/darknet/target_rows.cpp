// Field-level helpers of the target-list readers (see target_rows.hpp). Addresses go
// through inet_pton/inet_ntop only; JSON through nlohmann's non-throwing parse. Nothing
// here throws on any input or keeps more than the line it is given.
#include "parsers/darknet/target_rows.hpp"

#include "parsers/core/text.hpp"

#include <arpa/inet.h>
#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cstring>

namespace iotprobe::parsers {
namespace {

constexpr std::size_t max_address_text = 64;

template <std::size_t N>
std::optional<std::size_t> first_column(const std::vector<std::string>& lowered,
                                        const std::array<std::string_view, N>& names) {
  for (const std::string_view name : names) {
    for (std::size_t i = 0; i < lowered.size(); ++i) {
      if (lowered[i] == name) return i;
    }
  }
  return std::nullopt;
}

std::optional<std::string> non_empty(std::string_view text) {
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

// A string, a number (as written) or null; anything else is a bad row.
bool json_text(const nlohmann::json& object, const char* key, std::optional<std::string>& out,
               std::string& error) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (it->is_string()) {
    out = non_empty(it->get_ref<const std::string&>());
  } else if (it->is_number()) {
    out = it->dump();
  } else {
    error = std::string("\"") + key + "\" is not a string";
    return false;
  }
  return true;
}

const char* first_key(const nlohmann::json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (object.contains(key)) return key;
  }
  return nullptr;
}

// A non-negative integer, else absent (a count column is never a reason to drop a row).
std::optional<std::uint64_t> count_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::uint64_t n = 0;
  const auto r = std::from_chars(text->data(), text->data() + text->size(), n);
  if (r.ec != std::errc{} || r.ptr != text->data() + text->size()) return std::nullopt;
  return n;
}

std::optional<std::size_t> column(const std::vector<std::string>& lowered, std::string_view name) {
  return first_column(lowered, std::array<std::string_view, 1>{name});
}

}  // namespace

std::optional<ip_address> parse_ip(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= max_address_text) return std::nullopt;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;  // inet_pton would stop there
  std::array<char, max_address_text> input{};
  std::memcpy(input.data(), text.data(), text.size());
  std::array<char, INET6_ADDRSTRLEN> output{};
  ip_address address;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, input.data(), &v4) == 1) {
    address.bytes[10] = 0xff;
    address.bytes[11] = 0xff;
    std::memcpy(&address.bytes[12], &v4, 4);
    if (inet_ntop(AF_INET, &v4, output.data(), output.size()) == nullptr) return std::nullopt;
  } else if (inet_pton(AF_INET6, input.data(), &v6) == 1) {
    std::memcpy(address.bytes.data(), &v6, 16);
    if (inet_ntop(AF_INET6, &v6, output.data(), output.size()) == nullptr) return std::nullopt;
  } else {
    return std::nullopt;
  }
  address.text = output.data();
  return address;
}

std::optional<std::vector<std::string>> split_fields(std::string_view line, char separator) {
  std::vector<std::string> fields;
  std::size_t at = 0;
  while (true) {
    const std::size_t start = at;
    while (at < line.size() && line[at] == ' ') ++at;
    if (at < line.size() && line[at] == '"') {
      std::string field;
      for (++at;; ++at) {
        if (at >= line.size()) return std::nullopt;  // quote not closed on this line
        if (line[at] != '"') {
          field += line[at];
        } else if (at + 1 < line.size() && line[at + 1] == '"') {
          field += line[++at];
        } else {
          break;
        }
      }
      const std::size_t end = std::min(line.find(separator, at), line.size());
      field.append(trim(line.substr(at + 1, end - at - 1)));  // text after the quote, if any
      fields.push_back(std::move(field));
      at = end;
    } else {
      const std::size_t end = std::min(line.find(separator, start), line.size());
      fields.emplace_back(trim(line.substr(start, end - start)));
      at = end;
    }
    if (at >= line.size()) return fields;
    ++at;  // past the separator; a trailing separator yields a final empty field
  }
}

column_map map_header(const std::vector<std::string>& names) {
  std::vector<std::string> lowered;
  lowered.reserve(names.size());
  for (const std::string& name : names) lowered.push_back(to_lower(trim(name)));
  column_map map;
  map.columns = names.size();
  map.ip = first_column(lowered, std::array<std::string_view, 3>{"ip", "src_ip", "saddr"});
  map.day = first_column(lowered, std::array<std::string_view, 2>{"day", "date"});
  map.country = first_column(lowered, std::array<std::string_view, 1>{"country"});
  map.tag = first_column(lowered, std::array<std::string_view, 1>{"tag"});
  map.first_seen = column(lowered, "first_seen");
  map.last_seen = column(lowered, "last_seen");
  map.mirai_syns = column(lowered, "mirai_syns");
  map.mirai_dsts = column(lowered, "mirai_dsts");
  map.dst_ports = column(lowered, "dst_ports");
  return map;
}

row_fields row_from_fields(const std::vector<std::string>& fields, const column_map& columns) {
  const auto get = [&fields](std::optional<std::size_t> column) -> std::optional<std::string> {
    if (!column || *column >= fields.size()) return std::nullopt;
    return non_empty(fields[*column]);
  };
  row_fields row{get(columns.ip), get(columns.day), get(columns.country), get(columns.tag)};
  row.counters = {get(columns.first_seen), get(columns.last_seen), count_of(get(columns.mirai_syns)),
                  count_of(get(columns.mirai_dsts)), count_of(get(columns.dst_ports))};
  return row;
}

std::variant<row_fields, std::string> row_from_json(std::string_view line) {
  const nlohmann::json object = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (object.is_discarded()) return std::string("not valid JSON");
  if (!object.is_object()) return std::string("not a JSON object");
  row_fields row;
  std::string error;
  if (const char* key = first_key(object, {"ip", "src_ip", "saddr"})) {
    if (!object.at(key).is_string()) return std::string("\"") + key + "\" is not a string";
    row.ip = non_empty(object.at(key).get_ref<const std::string&>());
  }
  const char* day_key = first_key(object, {"day", "date"});
  if (day_key != nullptr && !json_text(object, day_key, row.day, error)) return error;
  if (!json_text(object, "country", row.country, error)) return error;
  if (!json_text(object, "tag", row.tag, error)) return error;
  std::optional<std::string> mirai_syns, mirai_dsts, dst_ports;
  for (auto [key, out] : {std::pair{"first_seen", &row.counters.first_seen},
                          std::pair{"last_seen", &row.counters.last_seen},
                          std::pair{"mirai_syns", &mirai_syns}, std::pair{"mirai_dsts", &mirai_dsts},
                          std::pair{"dst_ports", &dst_ports}}) {
    if (!json_text(object, key, *out, error)) return error;
  }
  row.counters.mirai_syns = count_of(mirai_syns);
  row.counters.mirai_dsts = count_of(mirai_dsts);
  row.counters.dst_ports = count_of(dst_ports);
  return row;
}

std::string quote_for_message(std::string_view text) {
  constexpr std::size_t limit = 64;
  std::string out = "'";
  for (const char c : text.substr(0, limit)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte >= 0x7f) ? '?' : c;
  }
  out += text.size() > limit ? "'..." : "'";
  return out;
}

}  // namespace iotprobe::parsers
