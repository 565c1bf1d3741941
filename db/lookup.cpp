// The researcher queries (see lookup.hpp). Each statement is indexed: hosts(ip),
// devices(udn), sightings(device_id, day, ip) via its UNIQUE key.
#include "db/lookup.hpp"

#include "db/schema.hpp"
#include "parsers/upnp/udn.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>
#include <vector>

namespace iotprobe::db {
namespace {

nlohmann::json opt(const cursor& c, int column) {
  if (c.is_null(column)) return nullptr;
  return c.text(column);
}

constexpr const char* probes_sql =
    "SELECT port, probe, path, status, http_status, server, title "
    "FROM responses WHERE host_id = ?1 ORDER BY seq";

nlohmann::json probes_of(statement& stmt, std::int64_t host_id) {
  cursor c = stmt.open();
  c.bind(1, host_id);
  nlohmann::json out = nlohmann::json::array();
  while (c.next()) {
    out.push_back({{"port", c.int64(0)}, {"probe", c.text(1)}, {"path", c.text(2)},
                   {"status", c.text(3)},
                   {"http_status", c.is_null(4) ? nlohmann::json(nullptr) : nlohmann::json(c.int64(4))},
                   {"server", opt(c, 5)}, {"title", opt(c, 6)}});
  }
  return out;
}

constexpr const char* udns_sql =
    "SELECT DISTINCT udn FROM descriptions WHERE host_id = ?1 AND udn IS NOT NULL ORDER BY udn";

nlohmann::json udns_of(statement& stmt, std::int64_t host_id) {
  cursor c = stmt.open();
  c.bind(1, host_id);
  nlohmann::json out = nlohmann::json::array();
  while (c.next()) out.push_back(c.text(0));
  return out;
}

}  // namespace

database open_reader(const std::string& path) {
  if (path != ":memory:" && !std::filesystem::exists(path)) {
    throw db_error(fmt::format("no database at {} (run `iotprobe batch` first, or pass --db)", path), 0);
  }
  database db{path};
  migrate(db);
  register_regexp(db);
  return db;
}

nlohmann::json lookup_ip(database& db, const std::string& ip) {
  statement stmt{db,
                 "SELECT h.id, h.run_id, r.input, h.day, h.country, v.family, v.vendor, v.product, "
                 "v.version, v.certainty, h.started_at, h.finished_at, h.open, d.udn, d.shared, "
                 "d.shared_reason FROM hosts h JOIN runs r ON r.id = h.run_id "
                 "LEFT JOIN verdicts v ON v.host_id = h.id "
                 "LEFT JOIN devices d ON d.id = h.device_id WHERE h.ip = ?1 "
                 "ORDER BY h.day, h.run_id"};
  statement udns{db, udns_sql};
  statement probes{db, probes_sql};
  cursor c = stmt.open();
  c.bind(1, ip);
  nlohmann::json hosts = nlohmann::json::array();
  while (c.next()) {
    nlohmann::json h{{"run", c.int64(1)}, {"input", c.text(2)}, {"day", c.text(3)},
                     {"country", opt(c, 4)}, {"family", opt(c, 5)}, {"vendor", opt(c, 6)},
                     {"product", opt(c, 7)}, {"version", opt(c, 8)}, {"certainty", c.real(9)},
                     {"started_at", opt(c, 10)}, {"finished_at", opt(c, 11)},
                     {"open", c.int64(12) != 0}};
    h["device"] = c.is_null(13) ? nlohmann::json(nullptr)
                                : nlohmann::json{{"udn", c.text(13)}, {"shared", c.int64(14) != 0},
                                                 {"shared_reason", opt(c, 15)}};
    h["udns"] = udns_of(udns, c.int64(0));
    h["probes"] = probes_of(probes, c.int64(0));
    hosts.push_back(std::move(h));
  }
  return {{"ip", ip}, {"hosts", std::move(hosts)}};
}

nlohmann::json lookup_uuid(database& db, const std::string& udn) {
  const std::string key = parsers::normalize_udn(udn).normalized;
  statement dev{db, "SELECT id, udn, udn_raw, shared, shared_reason, family, vendor, manufacturer, "
                    "model_name, model_number, serial_number, mac, first_day, last_day "
                    "FROM devices WHERE udn = ?1"};
  cursor d = dev.open();
  d.bind(1, key);
  if (!d.next()) return {{"udn", key}, {"found", false}};
  nlohmann::json out{{"udn", d.text(1)}, {"found", true}, {"udn_raw", opt(d, 2)},
                     {"shared", d.int64(3) != 0}, {"shared_reason", opt(d, 4)},
                     {"family", opt(d, 5)}, {"vendor", opt(d, 6)}, {"manufacturer", opt(d, 7)},
                     {"model_name", opt(d, 8)}, {"model_number", opt(d, 9)},
                     {"serial_number", opt(d, 10)}, {"mac", opt(d, 11)},
                     {"first_day", d.text(12)}, {"last_day", d.text(13)}};
  statement sight{db, "SELECT day, ip, first_seen, last_seen, run_id FROM sightings "
                      "WHERE device_id = ?1 ORDER BY day, first_seen, ip"};
  cursor s = sight.open();
  s.bind(1, d.int64(0));
  nlohmann::json timeline = nlohmann::json::array();
  std::map<std::string, nlohmann::json> days;
  while (s.next()) {
    timeline.push_back({{"day", s.text(0)}, {"ip", s.text(1)}, {"first_seen", s.text(2)},
                        {"last_seen", s.text(3)}, {"run", s.int64(4)}});
    auto& day = days[s.text(0)];
    if (day.is_null()) day = {{"day", s.text(0)}, {"ips", nlohmann::json::array()},
                              {"first_seen", s.text(2)}, {"last_seen", s.text(3)}};
    day["ips"].push_back(s.text(1));
    day["first_seen"] = std::min(day["first_seen"].get<std::string>(), s.text(2));
    day["last_seen"] = std::max(day["last_seen"].get<std::string>(), s.text(3));
  }
  out["timeline"] = std::move(timeline);
  out["days"] = nlohmann::json::array();
  for (auto& [name, day] : days) out["days"].push_back(std::move(day));
  return out;
}

namespace {

// The distinct values of `column` that match the pattern. A top-level SELECT DISTINCT on an
// indexed column skips through the index (with ANALYZE statistics), so the pattern runs
// once per distinct model, never once per device: a store has few models, many devices.
bool matching_values(database& db, const std::string& column, const std::string& regex,
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
      return false;
    }
    if (t.int64(0)) out.push_back(value);
  }
  if (!c.result().ok()) error = c.result().message;
  return c.result().ok();
}

// Appends devices whose `column` equals one of `values` (up to `limit` in all). Devices
// already listed (matched by model name) are skipped when listing by model number.
bool add_devices(database& db, const std::string& column, const std::vector<std::string>& values,
                 int limit, nlohmann::json& devices) {
  statement stmt{db, fmt::format(
      "SELECT d.udn, d.shared, d.family, d.manufacturer, d.model_name, d.model_number, d.mac, "
      "d.first_day, d.last_day, "
      "(SELECT count(DISTINCT ip) FROM sightings s WHERE s.device_id = d.id), "
      "(SELECT count(DISTINCT day) FROM sightings s WHERE s.device_id = d.id) "
      "FROM devices d WHERE d.{} = ?1 ORDER BY d.id LIMIT ?2", column)};
  std::set<std::string> listed;
  for (const auto& d : devices) listed.insert(d["udn"].get<std::string>());
  for (const auto& value : values) {
    cursor c = stmt.open();
    c.bind(1, value).bind(2, limit + static_cast<int>(listed.size()));
    while (c.next() && static_cast<int>(devices.size()) < limit) {
      if (listed.count(c.text(0))) continue;
      devices.push_back({{"udn", c.text(0)}, {"shared", c.int64(1) != 0}, {"family", opt(c, 2)},
                         {"manufacturer", opt(c, 3)}, {"model_name", opt(c, 4)},
                         {"model_number", opt(c, 5)}, {"mac", opt(c, 6)}, {"first_day", c.text(7)},
                         {"last_day", c.text(8)}, {"ips", c.int64(9)}, {"days", c.int64(10)}});
    }
    if (!c.result().ok()) return false;
    if (static_cast<int>(devices.size()) >= limit) break;
  }
  return true;
}

}  // namespace

nlohmann::json lookup_model(database& db, const std::string& regex, int limit) {
  nlohmann::json devices = nlohmann::json::array();
  std::string error;
  std::vector<std::string> names, numbers;
  if (!matching_values(db, "model_name", regex, names, error) ||
      !matching_values(db, "model_number", regex, numbers, error)) {
    return {{"pattern", regex}, {"error", error}};
  }
  if (!add_devices(db, "model_name", names, limit, devices) ||
      !add_devices(db, "model_number", numbers, limit, devices)) {
    return {{"pattern", regex}, {"error", "query failed"}};
  }
  const bool truncated = static_cast<int>(devices.size()) >= limit;
  return {{"pattern", regex}, {"devices", std::move(devices)}, {"limit", limit},
          {"truncated", truncated}};
}

bool export_hosts(database& db, const std::optional<std::string>& day,
                  const std::function<void(const nlohmann::json&)>& row, std::string& error) {
  statement stmt{db,
                 "SELECT h.day, h.ip, h.country, h.run_id, v.family, v.vendor, v.product, "
                 "v.version, v.certainty, d.udn, d.shared, d.mac, h.open, h.finished_at "
                 "FROM hosts h LEFT JOIN verdicts v ON v.host_id = h.id "
                 "LEFT JOIN devices d ON d.id = h.device_id "
                 "WHERE (?1 IS NULL OR h.day = ?1) ORDER BY h.day, h.ip, h.run_id"};
  cursor c = stmt.open();
  c.bind(1, day);
  while (c.next()) {
    row({{"day", c.text(0)}, {"ip", c.text(1)}, {"country", opt(c, 2)}, {"run", c.int64(3)},
         {"family", opt(c, 4)}, {"vendor", opt(c, 5)}, {"product", opt(c, 6)},
         {"version", opt(c, 7)}, {"certainty", c.is_null(8) ? 0.0 : c.real(8)},
         {"udn", opt(c, 9)}, {"shared", !c.is_null(10) && c.int64(10) != 0},
         {"mac", opt(c, 11)}, {"open", c.int64(12) != 0}, {"seen_at", opt(c, 13)}});
  }
  if (!c.result().ok()) {
    error = c.result().message;
    return false;
  }
  return true;
}

}  // namespace iotprobe::db
