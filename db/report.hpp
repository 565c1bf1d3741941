// The report's numbers, read from the store with indexed aggregate SQL (never a loop over
// hosts in C++): the daily funnel from the darknet input to unique devices, per-family
// identification and inflation, cumulative unique devices, the focus country's hosts by
// family, top models, firmware strings and countries. Read-only; shared UDNs are never
// devices (their hosts are "unattributed"), as in db/churn.
#pragma once

#include "db/churn.hpp"
#include "db/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::db {

struct report_filter {
  std::string from, to;               // inclusive YYYY-MM-DD
  std::vector<std::string> families;  // empty: every family
  std::optional<std::string> country;
  std::string focus_country = "JP";   // Figure 3: one country…
  std::string focus_family = "logitec-router";  // …and the family whose devices are drawn
  std::size_t top = 10;               // rows per family in the top lists
};

// One day's funnel over every family (the family filter applies from `identified` on).
// Each count is of distinct addresses that day, however many runs the day had.
struct funnel_day {
  std::string day;
  std::int64_t darknet = 0;     // sources in the input, refused and silent ones included
  std::int64_t admitted = 0;    // not refused (blocklist, exclude, bad address)
  std::int64_t probed = 0;      // a host row was stored
  std::int64_t open = 0;        // any port answered
  std::int64_t identified = 0;  // open and given a family
  std::int64_t with_udn = 0;    // identified and carrying a per-device UDN
  std::int64_t devices = 0;     // unique per-device UDNs among them
  std::int64_t unattributed = 0;  // identified, but their only UDN is shared
};

// The same from `identified` on, for one family and day.
struct funnel_family_day {
  std::string day, family;
  std::int64_t identified = 0, with_udn = 0, devices = 0, unattributed = 0;
};

// identified ÷ devices; nullopt when there are no devices (a family without UPnP).
std::optional<double> inflation(std::int64_t identified, std::int64_t devices);

// Devices first seen in the period up to and including `day` (per family; "*" = all).
struct cumulative_day {
  std::string day, family;
  std::int64_t devices = 0;
};

// Figure 3: the focus country's identified addresses per day and family, and the focus
// family's unique devices there per day.
struct focus_day {
  std::string day, family;
  std::int64_t identified = 0, devices = 0;
};

struct top_row {
  std::string family, value;  // value: a model name or a firmware string (device text)
  std::int64_t count = 0;     // models: unique devices; firmware: address-days
};

// Sums over the period's days (an address or device seen on three days counts three times).
struct country_row {
  std::string country;  // "" = the input had no country column
  std::int64_t darknet = 0, identified = 0, devices = 0;
};

struct report_data {
  report_filter filter;
  std::vector<std::string> days;      // every day of the period, in order
  std::vector<std::string> families;  // identified families in the period, by host count
  std::vector<funnel_day> funnel;     // one per day of `days`
  std::vector<funnel_family_day> family_funnel;  // by day, then family
  std::vector<cumulative_day> cumulative;        // by day, then family, then "*"
  std::vector<focus_day> focus;                  // by day, then family
  std::vector<churn_row> churn;                  // db/churn, one row per (day, family)
  std::vector<top_row> models, firmware;         // by family, then count
  std::vector<country_row> countries;            // by darknet sources
};

// Throws db_error on a malformed filter (bad days, from after to): callers are CLI edges.
report_data build_report(database& db, const report_filter& filter);

}  // namespace iotprobe::db
