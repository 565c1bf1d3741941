// What `follow` reads, turned into sightings for its session: a live pcap stream (the Mirai
// signature and the per-day scanner rule applied packet by packet) or darknet-list rows
// (CSV/TSV with a header, JSON lines or bare addresses, one line at a time). Both consume
// bytes pushed by a feed and never block; malformed input is counted, never fatal, except
// a stream that is not a pcap at all (error()).
#pragma once

#include "parsers/darknet/live_sources.hpp"
#include "parsers/darknet/mirai_country.hpp"
#include "parsers/darknet/pcap_stream.hpp"
#include "parsers/darknet/targets.hpp"
#include "prober/cli/follow_session.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace iotprobe::cli {

class pcap_input {
 public:
  pcap_input(follow_session& session, parsers::live_sources& classifier,
             std::int32_t tz_offset_seconds, const parsers::country_db* countries,
             bool include_scanners);
  void data(std::span<const std::uint8_t> bytes);
  void restart() { stream_.restart(); }
  const std::optional<std::string>& error() const { return stream_.error(); }
  std::uint64_t frames() const { return stream_.frames(); }

 private:
  void frame(const parsers::stream_frame& f);

  follow_session& session_;
  parsers::live_sources& classifier_;
  std::int32_t tz_offset_;
  const parsers::country_db* countries_;
  bool include_scanners_;
  parsers::pcap_stream stream_;
  parsers::pcap_stream::frame_fn on_frame_;
};

class row_input {
 public:
  row_input(follow_session& session, std::string name, std::int32_t tz_offset_seconds,
            bool include_scanners);
  void data(std::span<const std::uint8_t> bytes);
  void restart();  // a rotated file: its first line is a header again
  void end();      // the last line may lack its newline
  std::uint64_t bad_lines() const { return bad_lines_; }

 private:
  void line(const std::string& text);
  void row(parsers::target&& t);

  follow_session& session_;
  std::string name_;
  std::int32_t tz_offset_;
  bool include_scanners_;
  std::string partial_;  // bytes after the last newline
  std::optional<parsers::target_format> format_;  // set by the first data line
  std::string header_;   // CSV/TSV header, prepended to each row
  std::uint64_t line_no_ = 0;
  std::uint64_t bad_lines_ = 0;
};

}  // namespace iotprobe::cli
