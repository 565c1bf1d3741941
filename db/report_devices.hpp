// Internal to db/report*.cpp: the devices seen in a report's period, read per device with
// one index seek each (sightings' (device_id, day, ip) key), never by scanning hosts:
// each device's first day in the period, and the model names of those devices.
#pragma once

#include "db/report.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace iotprobe::db {

struct devices_seen {
  std::map<std::pair<std::string, std::string>, std::int64_t> first_days;  // (day, family) → new
  std::map<std::pair<std::string, std::string>, std::int64_t> models;      // (family, model) → devices
};

// The statement: ?1 from, ?2 to, ?3 country (NULL: all), ?4 families as a JSON array (NULL:
// all), ?5 1 when honeypot-like hosts answered in the period. Exposed for query-plan tests.
const char* devices_seen_sql();

// Per-device (not shared) identities of the chosen families seen in [from, to] at a host
// that is not honeypot-like (and in the filter's country, when one is given). `family` is
// the device's family.
devices_seen devices_seen_in(database& db, const report_filter& filter);

}  // namespace iotprobe::db
