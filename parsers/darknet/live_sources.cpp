// The live classifier behind `follow` (see live_sources.hpp). The scanner rule is the
// extractor's (source_classification.hpp) evaluated as the counts grow, so a source is a
// scanner from the packet that takes it over both thresholds until the day ends.
#include "parsers/darknet/live_sources.hpp"

#include "parsers/darknet/mirai_aggregator.hpp"

#include <algorithm>

namespace iotprobe::parsers {

live_sources::live_sources(std::int32_t tz_offset_seconds, scanner_thresholds thresholds,
                           const survey_org_list* survey_orgs, std::size_t max_sources)
    : tz_offset_(tz_offset_seconds),
      thresholds_(thresholds),
      survey_orgs_(survey_orgs),
      max_sources_(max_sources) {}

// Adds one TCP SYN or UDP packet; true when it makes the source a scanner.
bool live_sources::count(counter& c, const decoded_packet& packet) {
  ++c.packets;
  const std::size_t port_cap = std::max<std::uint32_t>(thresholds_.min_ports, 1);
  if (c.ports.size() < port_cap &&
      std::find(c.ports.begin(), c.ports.end(), packet.dst_port) == c.ports.end()) {
    c.ports.push_back(packet.dst_port);
  }
  if (c.scanner || c.ports.size() < thresholds_.min_ports || c.packets < thresholds_.min_packets)
    return false;
  c.scanner = true;
  return true;
}

live_event live_sources::observe(const decoded_packet& packet, std::int64_t seconds) {
  const bool syn = is_tcp_syn(packet);
  if (!syn && packet.kind != packet_kind::ipv4_udp) return {};
  const std::int32_t day = day_of(seconds, tz_offset_);
  if (day > day_) {  // a new day: yesterday's counters no longer decide anything
    counters_.clear();
    day_ = day;
  }
  live_event event{live_event::kind::none, packet.src, day, seconds};
  bool scanner = survey_orgs_ && survey_orgs_->find(packet.src) != nullptr;
  if (day == day_) {  // a late packet of an earlier day is classified, not counted
    auto it = counters_.find(packet.src);
    if (it == counters_.end() && counters_.size() < max_sources_) {
      it = counters_.emplace(packet.src, counter{}).first;
    }
    if (it == counters_.end()) {
      ++untracked_;
    } else {
      if (count(it->second, packet)) event.what = live_event::kind::became_scanner;
      scanner = scanner || it->second.scanner;
    }
  }
  if (event.what == live_event::kind::none && is_mirai_syn(packet))
    event.what = scanner ? live_event::kind::scanner_mirai : live_event::kind::mirai;
  return event;
}

bool live_sources::is_scanner(std::uint32_t ip, std::int32_t day) const {
  if (survey_orgs_ && survey_orgs_->find(ip) != nullptr) return true;
  if (day != day_) return false;
  const auto it = counters_.find(ip);
  return it != counters_.end() && it->second.scanner;
}

}  // namespace iotprobe::parsers
