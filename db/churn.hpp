// Daily churn statistics from the store: per day, family and country, unique IPs beside
// unique devices (by identity key), IPs per device, devices at more than one IP, new and
// vanished devices, and hosts without a per-device identity. Read-only. Every identified
// device of a host counts in its own family (a router and the camera behind it: one
// address in each family); shared keys are never devices (their hosts are
// "unattributed"); honeypot-like hosts are left out and only counted.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::db {

struct churn_filter {
  std::string from, to;  // inclusive YYYY-MM-DD
  std::optional<std::string> family, country;
  bool by_country = true;  // false: one row per (day, family) over all countries
  // Issue 13: leave out hosts probed more than this many seconds after the darknet first
  // saw them, and hosts whose lag is unknown (an input without times).
  std::optional<double> max_lag_s = std::nullopt;
};

// Only hosts with an open port count. family "" = answered but not identified;
// country "" = the input had no country column.
struct churn_row {
  std::string day, family, country;
  std::int64_t ips = 0;                  // unique addresses
  std::int64_t devices = 0;              // unique per-device UDNs
  double ips_per_device_mean = 0;        // over `devices`
  std::int64_t ips_per_device_max = 0;
  std::int64_t multi_ip_devices = 0;     // devices seen at more than one address that day
  std::int64_t new_devices = 0;          // first ever seen that day
  std::int64_t vanished_devices = 0;     // seen the day before in this group, not seen today
  std::int64_t unattributed_hosts = 0;   // addresses whose only UDN is shared
  std::int64_t hosts_without_udn = 0;    // addresses that served no UDN at all
  std::int64_t weak_identity_devices = 0;  // of `devices`, keyed by a weaker kind (SSDP USN)
  // Devices of this group whose shared status a reclassification changed, where that
  // reclassification touched this day: the day's counts differ from what was first printed.
  std::int64_t reclassified_devices = 0;
  std::int64_t honeypot_hosts = 0;       // total rows only: honeypot-like addresses left out
  // Issue 13: the median sighting-to-probe lag (seconds) of the group's addresses whose
  // lag is known (hosts.lag_s); absent when none is.
  std::optional<double> lag_median_s;
};

// Rows sorted by day, family, country; plus, per day, a total row (family "*", country
// "*") when more than one group exists or honeypot-like hosts were left out. Returns an
// empty vector on bad days.
std::vector<churn_row> churn_table(database& db, const churn_filter& filter);

}  // namespace iotprobe::db
