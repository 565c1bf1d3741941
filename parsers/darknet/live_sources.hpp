// Classifies darknet packets as they arrive, for `follow`: the Mirai signature per packet,
// and the per-day survey-scanner rule (distinct ports and TCP-SYN+UDP packets per source
// and day) on counters that are dropped when the day ends and capped in number, so memory
// stays flat over weeks. Pure: no I/O, no clocks (times are the packets'), never throws.
#pragma once

#include "parsers/darknet/packet_decode.hpp"
#include "parsers/darknet/source_classification.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace iotprobe::parsers {

struct live_event {
  enum class kind : std::uint8_t {
    none,            // nothing to act on
    mirai,           // a Mirai SYN from a source that is not (yet) a scanner today
    scanner_mirai,   // a Mirai SYN from a source already over the scanner rule or a survey org
    became_scanner,  // this packet took the source over the scanner rule today
  };
  kind what = kind::none;
  std::uint32_t ip = 0;
  std::int32_t day = 0;       // days since 1970-01-01 in the configured time zone
  std::int64_t seconds = 0;   // the packet's time (Unix seconds)
};

class live_sources {
 public:
  // `max_sources`: the day's counters keep at most this many sources; later new sources
  // are not counted (they can still be Mirai, never become scanners) until the next day.
  live_sources(std::int32_t tz_offset_seconds, scanner_thresholds thresholds,
               const survey_org_list* survey_orgs, std::size_t max_sources);

  live_event observe(const decoded_packet& packet, std::int64_t seconds);
  // True when `ip` is over the scanner rule on `day` (only the current day is known).
  bool is_scanner(std::uint32_t ip, std::int32_t day) const;
  std::size_t tracked() const noexcept { return counters_.size(); }
  std::uint64_t untracked() const noexcept { return untracked_; }

 private:
  struct counter {
    std::uint64_t packets = 0;
    std::vector<std::uint16_t> ports;  // distinct, at most thresholds.min_ports
    bool scanner = false;
  };
  bool count(counter& c, const decoded_packet& packet);

  std::int32_t tz_offset_;
  scanner_thresholds thresholds_;
  const survey_org_list* survey_orgs_;
  std::size_t max_sources_;
  std::int32_t day_ = 0;
  std::unordered_map<std::uint32_t, counter> counters_;
  std::uint64_t untracked_ = 0;
};

}  // namespace iotprobe::parsers
