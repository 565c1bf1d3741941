// Classification and CSV output for the Mirai extractor. The scanner rule is judged per
// (source, day); without --by-day a source that was a scanner on any day stays one.
// Never reads packets and never does I/O except through the caller's stream.
#include "parsers/darknet/source_classification.hpp"

#include "parsers/core/text.hpp"

#include <algorithm>
#include <array>

namespace iotprobe::parsers {
namespace {

bool is_scanner_day(const source_day& d, const scanner_thresholds& t) noexcept {
  const std::uint64_t packets = std::uint64_t{d.mirai_syns} + d.other_syns + d.udp;
  return d.ports_count >= t.min_ports && packets >= t.min_packets;
}

source_row row_of(const source_day& d) {
  source_row r;
  r.day = d.day;
  r.ip = d.ip;
  r.mirai_syns = d.mirai_syns;
  r.mirai_dsts = d.mirai_dsts_count;
  r.other_syns = d.other_syns;
  r.udp = d.udp;
  r.dst_ports = d.ports_count;
  r.first_seen = d.first_seen;
  r.last_seen = d.last_seen;
  return r;
}

// The distinct Mirai SYN destinations over days [first, last), saturating at the cap.
std::uint32_t merged_destinations(const source_day* first, const source_day* last) {
  std::array<std::uint32_t, mirai_destination_cap> seen{};
  std::uint32_t count = 0;
  for (const source_day* d = first; d != last && count < mirai_destination_cap; ++d)
    for (std::uint32_t i = 0; i < d->mirai_dsts_count && count < mirai_destination_cap; ++i)
      if (std::find(seen.begin(), seen.begin() + count, d->mirai_dsts[i]) == seen.begin() + count)
        seen[count++] = d->mirai_dsts[i];
  return count;
}

// Folds the days [first, last) of one source into `into` (which holds *first).
void merge_days(const source_days& all, const source_day* first, const source_day* last,
                std::uint32_t port_cap, source_row& into, std::vector<std::uint16_t>& ports) {
  ports.clear();
  into.mirai_dsts = merged_destinations(first, last);
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
  if (row.tag == source_tag::sparse) ++out.sparse;
  if (listed) out.rows.push_back(std::move(row));
}

void set_tag(source_row& row, bool scanner, const survey_org_list::entry* org,
             const classify_options& o) {
  const bool enough = row.mirai_syns >= std::max<std::uint64_t>(o.min_mirai_syns, 1) &&
                      row.mirai_dsts >= std::min(o.min_destinations, mirai_destination_cap);
  row.tag = scanner ? source_tag::scanner
            : row.mirai_syns == 0 ? source_tag::other
            : enough ? source_tag::mirai
                     : source_tag::sparse;
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
    case source_tag::sparse: return "sparse";
  }
  return "other";
}

bool is_scanner_tag(std::string_view tag) noexcept {
  const std::string_view t = trim(tag);
  return iequals(t, "scanner") || iequals(t, "survey-org") || iequals(t, "survey_org");
}

classified_sources classify_sources(const source_days& days, const classify_options& options) {
  classified_sources out;
  out.rows.reserve(days.rows.size());
  advise_huge_pages(out.rows.data(), days.rows.size() * sizeof(source_row));
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
      set_tag(row, scanner, org, options);
      route(std::move(row), options, out);
    }
    if (!options.by_day) {
      source_row row = row_of(*group);
      merge_days(days, group, group_end, port_cap, row, ports);
      set_tag(row, scanner_any, org, options);
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

}  // namespace iotprobe::parsers
