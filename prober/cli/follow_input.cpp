// follow's two input kinds (see follow_input.hpp). Rows are read one line at a time with
// the batch's target_reader (the header, if any, is kept and put before each line), so the
// reader's own duplicate set never grows: follow counts re-sightings itself.
#include "prober/cli/follow_input.hpp"

#include "parsers/darknet/iso_time.hpp"
#include "parsers/darknet/mirai_aggregator.hpp"
#include "parsers/darknet/mirai_csv.hpp"
#include "parsers/darknet/packet_decode.hpp"
#include "parsers/darknet/source_classification.hpp"

#include <fmt/format.h>

#include <chrono>
#include <sstream>

namespace iotprobe::cli {
namespace {

std::string dotted(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

pcap_input::pcap_input(follow_session& session, parsers::live_sources& classifier,
                       std::int32_t tz_offset_seconds, const parsers::country_db* countries,
                       bool include_scanners)
    : session_(session),
      classifier_(classifier),
      tz_offset_(tz_offset_seconds),
      countries_(countries),
      include_scanners_(include_scanners),
      on_frame_([this](const parsers::stream_frame& f) { frame(f); }) {}

void pcap_input::data(std::span<const std::uint8_t> bytes) { stream_.push(bytes, on_frame_); }

void pcap_input::frame(const parsers::stream_frame& f) {
  const auto packet = parsers::decode_packet(f.link_type, f.bytes);
  const auto event = classifier_.observe(packet, f.seconds);
  using kind = parsers::live_event::kind;
  if (event.what == kind::none) return;
  const std::string ip = dotted(event.ip), day = parsers::format_day(event.day);
  if (event.what == kind::became_scanner && !include_scanners_) session_.mark_scanner(ip, day);
  if (!parsers::is_mirai_syn(packet)) return;
  sighting s{ip, day, event.seconds, std::nullopt, event.what != kind::mirai && !include_scanners_};
  if (countries_) {
    if (auto code = countries_->lookup(event.ip); !code.empty()) s.country = std::move(code);
  }
  session_.add_sighting(s);
}

row_input::row_input(follow_session& session, std::string name, std::int32_t tz_offset_seconds,
                     bool include_scanners)
    : session_(session), name_(std::move(name)), tz_offset_(tz_offset_seconds),
      include_scanners_(include_scanners) {}

void row_input::data(std::span<const std::uint8_t> bytes) {
  partial_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::size_t from = 0;
  for (std::size_t nl; (nl = partial_.find('\n', from)) != std::string::npos; from = nl + 1) {
    line(partial_.substr(from, nl - from));
  }
  partial_.erase(0, from);
  if (partial_.size() > 64 * 1024) {  // a line this long is a bad line, as in the reader
    ++bad_lines_;
    partial_.clear();
  }
}

void row_input::restart() {
  partial_.clear();
  format_.reset();
  header_.clear();
  line_no_ = 0;
}

void row_input::end() {
  if (!partial_.empty()) line(partial_);
  partial_.clear();
}

// The first data line decides the format (as the reader's detection does); a CSV/TSV
// header is kept for the lines after it.
void row_input::line(const std::string& text) {
  ++line_no_;
  if (!text.empty() && text.back() == '\r') return line(text.substr(0, text.size() - 1));
  if (text.empty() || text[0] == '#') return;
  const bool first = !format_;
  std::istringstream in(first || header_.empty() ? text : header_ + "\n" + text);
  parsers::target_options options;
  if (format_) options.format = *format_;
  parsers::target_reader reader(in, fmt::format("{}:{}", name_, line_no_), options);
  auto t = reader.next();
  if (first) {
    format_ = reader.format();
    const bool tabular = *format_ == parsers::target_format::csv || *format_ == parsers::target_format::tsv;
    if (tabular && !t) {
      header_ = text;
      return;
    }
  }
  if (!t) {
    ++bad_lines_;
    return;
  }
  row(std::move(*t));
}

void row_input::row(parsers::target&& t) {
  std::optional<std::int64_t> seen;
  if (t.counters.first_seen) seen = parsers::parse_iso_seconds(*t.counters.first_seen);
  if (!seen && t.counters.last_seen) seen = parsers::parse_iso_seconds(*t.counters.last_seen);
  const std::int64_t at = seen.value_or(now_seconds());  // no time: when follow read it
  const bool scanner = !include_scanners_ && t.tag && parsers::is_scanner_tag(*t.tag);
  std::string day = t.day.value_or(parsers::format_day(parsers::day_of(at, tz_offset_)));
  session_.add_sighting({std::move(t.ip), std::move(day), at, std::move(t.country), scanner});
}

}  // namespace iotprobe::cli
