// Classification and CSV output for the Mirai extractor. The scanner rule is judged per
// (source, day); without --by-day a source that was a scanner on any day stays one.
// Never reads packets and never does I/O except through the caller's stream.
#include "parsers/mirai_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <sstream>

namespace iotprobe::parsers {
namespace {

struct civil_date {
  std::int64_t year;
  unsigned month, day;
};

// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, any day count).
civil_date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool is_scanner_day(const source_day& d, const scanner_thresholds& t) noexcept {
  const std::uint64_t packets = std::uint64_t{d.mirai_syns} + d.other_syns + d.udp;
  return d.ports_count >= t.min_ports && packets >= t.min_packets;
}

source_row row_of(const source_day& d) {
  source_row r;
  r.day = d.day;
  r.ip = d.ip;
  r.mirai_syns = d.mirai_syns;
  r.other_syns = d.other_syns;
  r.udp = d.udp;
  r.dst_ports = d.ports_count;
  r.first_seen = d.first_seen;
  r.last_seen = d.last_seen;
  return r;
}

// Folds the days [first, last) of one source into `into` (which holds *first).
void merge_days(const source_days& all, const source_day* first, const source_day* last,
                std::uint32_t port_cap, source_row& into, std::vector<std::uint16_t>& ports) {
  ports.clear();
  for (const source_day* d = first; d != last; ++d) {
    if (d != first) {
      into.mirai_syns += d->mirai_syns;
      into.other_syns += d->other_syns;
      into.udp += d->udp;
      into.first_seen = std::min<std::int64_t>(into.first_seen, d->first_seen);
      into.last_seen = std::max<std::int64_t>(into.last_seen, d->last_seen);
    }
    const auto p = all.ports.begin() + d->ports_offset;
    ports.insert(ports.end(), p, p + d->ports_count);
  }
  std::sort(ports.begin(), ports.end());
  const auto distinct = std::unique(ports.begin(), ports.end()) - ports.begin();
  into.dst_ports = std::min<std::uint32_t>(static_cast<std::uint32_t>(distinct), port_cap);
}

void route(source_row row, const classify_options& o, classified_sources& out) {
  const bool scanner = row.tag == source_tag::scanner || row.tag == source_tag::survey_org;
  const bool listed = scanner ? (o.all_sources || (o.include_scanners && row.mirai_syns > 0))
                              : (o.all_sources || row.tag == source_tag::mirai);
  if (scanner) out.scanners.push_back(row);
  if (listed) out.rows.push_back(std::move(row));
}

void set_tag(source_row& row, bool scanner, const survey_org_list::entry* org) {
  row.tag = scanner ? source_tag::scanner
            : row.mirai_syns > 0 ? source_tag::mirai
                                 : source_tag::other;
  if (org != nullptr) {
    row.tag = source_tag::survey_org;
    row.org = org->name;
  }
}

bool by_day_then_ip(const source_row& a, const source_row& b) noexcept {
  return a.day != b.day ? a.day < b.day : a.ip < b.ip;
}

}  // namespace

std::string_view to_string(source_tag tag) noexcept {
  switch (tag) {
    case source_tag::mirai: return "mirai";
    case source_tag::other: return "other";
    case source_tag::scanner: return "scanner";
    case source_tag::survey_org: return "survey-org";
  }
  return "other";
}

classified_sources classify_sources(const source_days& days, const classify_options& options) {
  classified_sources out;
  const std::uint32_t port_cap = std::max<std::uint32_t>(options.thresholds.min_ports, 1);
  std::vector<std::uint16_t> ports;
  const source_day* const end = days.rows.data() + days.rows.size();
  for (const source_day* group = days.rows.data(); group != end;) {
    const source_day* group_end = group;
    while (group_end != end && group_end->ip == group->ip) ++group_end;
    const auto* org = options.survey_orgs ? options.survey_orgs->find(group->ip) : nullptr;
    bool scanner_any = false;
    for (const source_day* d = group; d != group_end; ++d) {
      const bool scanner = is_scanner_day(*d, options.thresholds);
      scanner_any = scanner_any || scanner;
      if (!options.by_day) continue;
      source_row row = row_of(*d);
      set_tag(row, scanner, org);
      route(std::move(row), options, out);
    }
    if (!options.by_day) {
      source_row row = row_of(*group);
      merge_days(days, group, group_end, port_cap, row, ports);
      set_tag(row, scanner_any, org);
      route(std::move(row), options, out);
    }
    group = group_end;
  }
  // Rows come out in IP order, so a one-day capture is already sorted.
  for (auto* rows : {&out.rows, &out.scanners}) {
    if (!std::is_sorted(rows->begin(), rows->end(), by_day_then_ip)) {
      std::sort(rows->begin(), rows->end(), by_day_then_ip);
    }
  }
  return out;
}

std::optional<std::int32_t> parse_tz_offset(std::string_view text) noexcept {
  if (text == "UTC" || text == "utc" || text == "Z" || text == "z") return 0;
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const auto two_digits = [](std::string_view s) {
    const bool ok = s.size() == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
    return ok ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
  };
  const std::string_view rest = text.substr(1);
  const int hours = two_digits(rest.substr(0, 2));
  int minutes = 0;
  if (rest.size() == 5 && rest[2] == ':') minutes = two_digits(rest.substr(3));
  else if (rest.size() == 4) minutes = two_digits(rest.substr(2));
  else if (rest.size() != 2) return std::nullopt;
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return std::nullopt;
  const std::int32_t seconds = (hours * 60 + minutes) * 60;
  return text[0] == '-' ? -seconds : seconds;
}

std::string format_day(std::int32_t day) {
  const civil_date c = civil_from_days(day);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string format_time(std::int64_t unix_seconds, std::int32_t tz_offset_seconds) {
  const std::int64_t local = unix_seconds + tz_offset_seconds;
  const std::int64_t day = floor_div(local, 86400);
  const std::int64_t second = local - day * 86400;
  const civil_date c = civil_from_days(day);
  std::string zone = "Z";
  if (tz_offset_seconds != 0) {
    const std::int32_t m = std::abs(tz_offset_seconds) / 60;
    zone = fmt::format("{}{:02}:{:02}", tz_offset_seconds < 0 ? '-' : '+', m / 60, m % 60);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", c.year, c.month, c.day, second / 3600,
                     second / 60 % 60, second % 60, zone);
}

std::string format_ipv4(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

void write_source_csv(std::ostream& out, const std::vector<source_row>& rows,
                      const csv_options& options) {
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf),
                 "day,ip,mirai_syns,other_syns,udp,dst_ports,first_seen,last_seen,tag{}{}\n",
                 options.country_column ? ",country" : "", options.org_column ? ",org" : "");
  for (const source_row& r : rows) {
    fmt::format_to(std::back_inserter(buf), "{},{},{},{},{},{},{},{},{}", format_day(r.day),
                   format_ipv4(r.ip), r.mirai_syns, r.other_syns, r.udp, r.dst_ports,
                   format_time(r.first_seen, options.tz_offset_seconds),
                   format_time(r.last_seen, options.tz_offset_seconds), to_string(r.tag));
    if (options.country_column) fmt::format_to(std::back_inserter(buf), ",{}", r.country);
    if (options.org_column) {
      std::string org = r.org;
      const auto unsafe = [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; };
      std::replace_if(org.begin(), org.end(), unsafe, ' ');
      fmt::format_to(std::back_inserter(buf), ",{}", org);
    }
    buf.push_back('\n');
    if (buf.size() > (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

std::string format_source_csv(const std::vector<source_row>& rows, const csv_options& options) {
  std::ostringstream out;
  write_source_csv(out, rows, options);
  return out.str();
}

}  // namespace iotprobe::parsers
