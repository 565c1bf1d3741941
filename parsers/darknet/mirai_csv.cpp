// CSV and text formatting for extracted sources. A million rows must not cost more
// than the read that found them, so each line is built with std::to_chars into a
// fixed char array: no allocation and no format-string parsing per row.
#include "parsers/darknet/mirai_csv.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstdlib>
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

// Every put_* writes at `p` and returns the end; callers size the buffer (see line_max).
char* put_text(char* p, std::string_view text) noexcept {
  return std::copy(text.begin(), text.end(), p);
}
char* put_uint(char* p, std::uint64_t v) noexcept { return std::to_chars(p, p + 20, v).ptr; }
char* put_2(char* p, unsigned v) noexcept {
  *p++ = static_cast<char>('0' + v / 10 % 10);
  *p++ = static_cast<char>('0' + v % 10);
  return p;
}
char* put_date(char* p, std::int64_t day) noexcept {
  const civil_date c = civil_from_days(day);
  if (c.year >= 0 && c.year <= 9999) {
    p = put_2(p, static_cast<unsigned>(c.year / 100));
    p = put_2(p, static_cast<unsigned>(c.year % 100));
  } else {
    p = std::to_chars(p, p + 21, c.year).ptr;
  }
  *p++ = '-';
  p = put_2(p, c.month);
  *p++ = '-';
  return put_2(p, c.day);
}
char* put_ipv4(char* p, std::uint32_t ip) noexcept {
  for (int shift = 24; shift >= 0; shift -= 8) {
    p = put_uint(p, (ip >> shift) & 0xff);
    if (shift != 0) *p++ = '.';
  }
  return p;
}

// Rows of one capture share a handful of days: remember the last one rendered.
struct date_cache {
  std::int64_t day = INT64_MIN;
  std::array<char, 24> text{};
  std::size_t size = 0;
  char* put(char* p, std::int64_t d) noexcept {
    if (d != day) {
      day = d;
      size = static_cast<std::size_t>(put_date(text.data(), d) - text.data());
    }
    return std::copy_n(text.data(), size, p);
  }
};

// put_time with the date part from `dates`.
char* put_time_cached(char* p, std::int64_t unix_seconds, std::int32_t tz, std::string_view zone,
                      date_cache& dates) noexcept {
  const std::int64_t local = unix_seconds + tz;
  const std::int64_t day = floor_div(local, 86400);
  const auto second = static_cast<unsigned>(local - day * 86400);
  p = dates.put(p, day);
  *p++ = 'T';
  p = put_2(p, second / 3600);
  *p++ = ':';
  p = put_2(p, second / 60 % 60);
  *p++ = ':';
  p = put_2(p, second % 60);
  return put_text(p, zone);
}

std::string zone_of(std::int32_t tz) {
  if (tz == 0) return "Z";
  const std::int32_t minutes = std::abs(tz) / 60;
  std::string out(1, tz < 0 ? '-' : '+');
  std::array<char, 8> buf{};
  char* p = put_2(buf.data(), static_cast<unsigned>(minutes / 60));
  *p++ = ':';
  p = put_2(p, static_cast<unsigned>(minutes % 60));
  return out.append(buf.data(), p);
}

// The longest fixed part of a line: 3 dates/times, an address, 5 counters and a tag.
constexpr std::size_t line_max = 256;

void append_row(std::string& out, const source_row& r, const csv_options& o, std::string_view zone,
                date_cache& dates) {
  std::array<char, line_max> line;
  char* p = line.data();
  p = dates.put(p, r.day);
  *p++ = ',';
  p = put_ipv4(p, r.ip);
  for (const std::uint64_t v : {r.mirai_syns, std::uint64_t{r.mirai_dsts}, r.other_syns, r.udp,
                                std::uint64_t{r.dst_ports}}) {
    *p++ = ',';
    p = put_uint(p, v);
  }
  *p++ = ',';
  p = put_time_cached(p, r.first_seen, o.tz_offset_seconds, zone, dates);
  *p++ = ',';
  p = put_time_cached(p, r.last_seen, o.tz_offset_seconds, zone, dates);
  *p++ = ',';
  p = put_text(p, to_string(r.tag));
  out.append(line.data(), p);
  if (o.country_column) out.append(",").append(r.country);
  if (o.org_column) {
    const std::size_t at = out.size();
    out.append(",").append(r.org);
    const auto unsafe = [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; };
    std::replace_if(out.begin() + static_cast<std::ptrdiff_t>(at) + 1, out.end(), unsafe, ' ');
  }
  out.push_back('\n');
}

}  // namespace

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
  std::array<char, 32> buf{};
  return std::string(buf.data(), put_date(buf.data(), day));
}

std::string format_time(std::int64_t unix_seconds, std::int32_t tz_offset_seconds) {
  std::array<char, 48> buf{};
  const std::string zone = zone_of(tz_offset_seconds);
  date_cache dates;
  return std::string(buf.data(),
                     put_time_cached(buf.data(), unix_seconds, tz_offset_seconds, zone, dates));
}

std::string format_ipv4(std::uint32_t ip) {
  std::array<char, 16> buf{};
  return std::string(buf.data(), put_ipv4(buf.data(), ip));
}

void write_source_csv(std::ostream& out, const std::vector<source_row>& rows,
                      const csv_options& options) {
  std::string buf = "day,ip,mirai_syns,mirai_dsts,other_syns,udp,dst_ports,first_seen,last_seen,tag";
  if (options.country_column) buf += ",country";
  if (options.org_column) buf += ",org";
  buf += '\n';
  const std::string zone = zone_of(options.tz_offset_seconds);
  date_cache dates;
  for (const source_row& r : rows) {
    append_row(buf, r, options, zone, dates);
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
