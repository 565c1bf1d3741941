// `lookup model`: devices whose model name or number matches a PCRE2 pattern (see
// lookup.hpp). The pattern runs once per distinct model value, never once per device.
#include "db/lookup.hpp"

#include <fmt/format.h>

#include <set>

namespace iotprobe::db {
namespace {

// The distinct values of `column` that match the pattern. A top-level SELECT DISTINCT on an
// indexed column skips through the index (with ANALYZE statistics), so the pattern runs
// once per distinct model, never once per device: a store has few models, many devices.
// On failure `error` holds SQLite's (or PCRE2's) message.
lookup_status matching_values(database& db, const std::string& column, const std::string& regex,
                              std::vector<std::string>& out, std::string& error) {
  statement distinct{db, fmt::format("SELECT DISTINCT {0} FROM devices WHERE {0} IS NOT NULL", column)};
  statement test{db, "SELECT ?2 REGEXP ?1"};
  cursor c = distinct.open();
  while (c.next()) {
    const std::string value = c.text(0);
    cursor t = test.open();
    t.bind(1, regex).bind(2, value);
    if (!t.next()) {
      error = t.result().message;
      return lookup_status::bad_pattern;
    }
    if (t.int64(0)) out.push_back(value);
  }
  if (c.result().ok()) return lookup_status::ok;
  error = c.result().message;
  return lookup_status::query_failed;
}

model_match match_of(const cursor& c) {
  return {c.text(0),      c.int64(1) != 0, c.opt_text(2), c.opt_text(3), c.opt_text(4),
          c.opt_text(5),  c.opt_text(6),   c.text(7),     c.text(8),     c.int64(9),
          c.int64(10)};
}

// Appends devices whose `column` equals one of `values` (up to `limit` in all). Devices
// already listed (matched by model name) are skipped when listing by model number.
bool add_devices(database& db, const std::string& column, const std::vector<std::string>& values,
                 int limit, std::vector<model_match>& devices) {
  statement stmt{db, fmt::format(
      "SELECT d.udn, d.shared, d.family, d.manufacturer, d.model_name, d.model_number, d.mac, "
      "d.first_day, d.last_day, "
      "(SELECT count(DISTINCT ip) FROM sightings s WHERE s.device_id = d.id), "
      "(SELECT count(DISTINCT day) FROM sightings s WHERE s.device_id = d.id) "
      "FROM devices d WHERE d.{} = ?1 ORDER BY d.id LIMIT ?2", column)};
  std::set<std::string> listed;
  for (const auto& d : devices) listed.insert(d.udn);
  for (const auto& value : values) {
    cursor c = stmt.open();
    c.bind(1, value).bind(2, limit + static_cast<int>(listed.size()));
    while (c.next() && static_cast<int>(devices.size()) < limit) {
      if (listed.count(c.text(0))) continue;
      devices.push_back(match_of(c));
    }
    if (!c.result().ok()) return false;
    if (static_cast<int>(devices.size()) >= limit) break;
  }
  return true;
}

}  // namespace

model_lookup lookup_model(database& db, const std::string& regex, int limit) {
  model_lookup out;
  out.pattern = regex;
  out.limit = limit;
  std::vector<std::string> names, numbers;
  out.status = matching_values(db, "model_name", regex, names, out.detail);
  if (out.status == lookup_status::ok)
    out.status = matching_values(db, "model_number", regex, numbers, out.detail);
  if (out.status != lookup_status::ok) return out;
  if (!add_devices(db, "model_name", names, limit, out.devices) ||
      !add_devices(db, "model_number", numbers, limit, out.devices)) {
    out.status = lookup_status::query_failed;
    out.detail = "query failed";
    out.devices.clear();
    return out;
  }
  out.truncated = static_cast<int>(out.devices.size()) >= limit;
  return out;
}

}  // namespace iotprobe::db
