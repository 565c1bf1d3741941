// Tests for the target readers' limits and helpers: long lines, NUL bytes, error caps,
// read errors, streaming a generated million-line input without holding it, the
// compact IP set, address canonicalisation, and CSV field splitting.
#include "parsers/darknet/ip_set.hpp"
#include "parsers/darknet/target_rows.hpp"
#include "parsers/darknet/targets.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace iotprobe::parsers;

namespace {

// Generates "2001:db8::<i % unique>,<padding>\n" lines on demand: the input never exists whole.
class generated_lines : public std::streambuf {
 public:
  generated_lines(std::uint64_t lines, std::uint64_t unique) : lines_(lines), unique_(unique) {}

 protected:
  // Formats into one fixed buffer: the generator itself allocates nothing per line, so
  // the resident-size check below sees only the reader.
  int_type underflow() override {
    if (next_ > lines_) return traits_type::eof();
    const auto end = next_ == 0 ? fmt::format_to_n(current_.data(), current_.size(), "ip,tag\n")
                                : fmt::format_to_n(current_.data(), current_.size(), "2001:db8::{:x},{:p>100}\n",
                                                   (next_ - 1) % unique_, "");
    ++next_;
    setg(current_.data(), current_.data(), end.out);
    return traits_type::to_int_type(current_[0]);
  }

 private:
  std::uint64_t lines_, unique_, next_ = 0;
  std::array<char, 160> current_{};
};

// Yields one good line, then fails the way a broken pipe or disk would.
class failing_buffer : public std::streambuf {
 protected:
  int_type underflow() override {
    if (served_) throw std::runtime_error("disk on fire");
    served_ = true;
    setg(line_, line_, line_ + 13);
    return traits_type::to_int_type(line_[0]);
  }

 private:
  char line_[14] = "198.51.100.1\n";
  bool served_ = false;
};

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") return (status >> value) ? value : 0;
  }
  return 0;
}

}  // namespace

TEST_CASE("Overlong lines are bad lines; the next line still reads", "[targets]") {
  std::istringstream in("198.51.100.1\n" + std::string(100000, 'a') + "\n198.51.100.2");
  target_reader reader(in, "long.txt");
  CHECK(reader.next()->ip == "198.51.100.1");
  const auto second = reader.next();
  REQUIRE(second);
  CHECK(second->ip == "198.51.100.2");
  CHECK(second->line == 3);
  CHECK_FALSE(reader.next());
  CHECK(reader.errors() == std::vector<std::string>{"long.txt:2: line longer than 65536 bytes"});

  target_options tight;
  tight.max_line_bytes = 12;
  std::istringstream exact("198.51.100.1\n198.51.100.12\n");
  target_reader limited(exact, "x", tight);
  CHECK(limited.next()->ip == "198.51.100.1");  // exactly 12 bytes fits
  CHECK_FALSE(limited.next());
  CHECK(limited.stats().bad_lines == 1);
}

TEST_CASE("NUL and control bytes are reported safely", "[targets]") {
  std::istringstream in(std::string("198.51.100.1\0junk\x1b[31m\n", 22));
  target_reader reader(in, "nul.txt");
  CHECK_FALSE(reader.next());
  REQUIRE(reader.errors().size() == 1);
  CHECK(reader.errors()[0] == "nul.txt:1: not an IP address: '198.51.100.1?junk?[31m'");
}

TEST_CASE("Only max_errors_kept messages are kept; all are counted", "[targets]") {
  target_options options;
  options.max_errors_kept = 3;
  std::istringstream in("a\nb\nc\nd\ne\n198.51.100.1\n");
  target_reader reader(in, "e.txt", options);
  CHECK(reader.next()->ip == "198.51.100.1");
  CHECK(reader.stats().bad_lines == 5);
  CHECK(reader.errors().size() == 3);
  CHECK(reader.errors_dropped() == 2);
}

TEST_CASE("A read error fails the reader without throwing", "[targets]") {
  failing_buffer buffer;
  std::istream in(&buffer);
  target_reader reader(in, "pipe");
  CHECK(reader.next()->ip == "198.51.100.1");
  CHECK_FALSE(reader.next());
  CHECK(reader.failed());
  CHECK(reader.errors() == std::vector<std::string>{"pipe: read error after line 1"});
}

TEST_CASE("Deeply nested JSON on one line is a bad line, not a crash", "[targets]") {
  const std::string deep = std::string(30000, '[') + std::string(30000, ']');
  std::istringstream in(deep + "\n{\"ip\": \"198.51.100.9\"}\n");
  target_options jsonl;
  jsonl.format = target_format::jsonl;
  target_reader reader(in, "deep.jsonl", jsonl);
  CHECK(reader.next()->ip == "198.51.100.9");
  CHECK(reader.errors() == std::vector<std::string>{"deep.jsonl:1: not a JSON object"});
}

TEST_CASE("A million generated lines stream in bounded memory", "[targets][stream]") {
  generated_lines source(1'000'000, 5000);
  std::istream in(&source);
  target_reader reader(in, "generated");
  const long before = resident_kib();
  std::uint64_t count = 0;
  while (reader.next()) ++count;
  const long growth = resident_kib() - before;
  CHECK(count == 5000);
  CHECK(reader.stats().lines == 1'000'001);
  CHECK(reader.stats().duplicates == 995'000);
  CHECK(reader.errors().empty());
#if defined(__SANITIZE_ADDRESS__)
  (void)growth;  // AddressSanitizer quarantines every freed block, so RSS says nothing here
#else
  CHECK(growth < 16 * 1024);  // the input is ~120 MB; only the 5,000-entry set may grow
#endif
}

TEST_CASE("ip_set keeps IPv4, IPv6 and the all-zero keys apart", "[targets]") {
  ip_set set;
  ip_bytes v4_zero{};
  v4_zero[10] = v4_zero[11] = 0xff;
  const ip_bytes v6_zero{};
  CHECK(set.insert(v4_zero));
  CHECK_FALSE(set.insert(v4_zero));
  CHECK(set.insert(v6_zero));
  CHECK_FALSE(set.insert(v6_zero));
  for (std::uint32_t i = 1; i <= 100'000; ++i) {
    ip_bytes v6{0x20, 0x01, 0x0d, 0xb8};
    v6[12] = static_cast<std::uint8_t>(i >> 24);
    v6[13] = static_cast<std::uint8_t>(i >> 16);
    v6[14] = static_cast<std::uint8_t>(i >> 8);
    v6[15] = static_cast<std::uint8_t>(i);
    REQUIRE(set.insert(v6));
    ip_bytes v4 = v4_zero;
    std::copy(v6.begin() + 12, v6.end(), v4.begin() + 12);
    REQUIRE(set.insert(v4));
    REQUIRE_FALSE(set.insert(v6));
  }
  CHECK(set.size() == 200'002);
  // 2^18 slots each: 4 bytes per IPv4 slot, 16 per IPv6 slot.
  CHECK(set.memory_bytes() == (1u << 18) * 4 + (1u << 18) * 16);
}

TEST_CASE("Addresses are canonicalised with inet_ntop", "[targets]") {
  CHECK(parse_ip(" 198.51.100.1 ")->text == "198.51.100.1");
  CHECK(parse_ip("2001:DB8:0:0:0:0:0:1")->text == "2001:db8::1");
  CHECK(parse_ip("[2001:db8::1]")->text == "2001:db8::1");
  CHECK(parse_ip("::ffff:192.0.2.1")->bytes == parse_ip("192.0.2.1")->bytes);
  CHECK(parse_ip("::ffff:192.0.2.1")->text == "::ffff:192.0.2.1");
  for (const char* bad : {"", "198.51.100", "198.51.100.1.2", "198.51.100.256", "198.051.100.1",
                          "2001:db8::1%eth0", "2001:db8:::1", "198.51.100.1/24", "198.51.100.1:80",
                          "[198.51.100.1", "x"}) {
    INFO(bad);
    CHECK_FALSE(parse_ip(bad));
  }
  CHECK_FALSE(parse_ip(std::string(200, '1')));
}

TEST_CASE("CSV field splitting and header mapping", "[targets]") {
  CHECK(split_fields("a, b ,c", ',') == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_fields("a,,", ',') == std::vector<std::string>{"a", "", ""});
  CHECK(split_fields("\"x,y\",\"q\"\"q\"", ',') == std::vector<std::string>{"x,y", "q\"q"});
  CHECK(split_fields("a\t b\t", '\t') == std::vector<std::string>{"a", "b", ""});
  CHECK_FALSE(split_fields("\"open,", ','));
  const column_map map = map_header({"Date", " SADDR ", "src_ip", "tag", "Country"});
  CHECK(map.ip == 2u);  // ip > src_ip > saddr
  CHECK(map.day == 0u);
  CHECK(map.country == 4u);
  CHECK(map.tag == 3u);
  CHECK(map.columns == 5);
  CHECK(quote_for_message(std::string(70, 'z')) == "'" + std::string(64, 'z') + "'...");
}

TEST_CASE("Random bytes: every line is accounted for, nothing throws", "[targets]") {
  const std::string alphabet = "0123456789abcdef.:,\t\"{}[]# \n\r\0\xff";
  std::mt19937 random(7547);
  for (int round = 0; round < 300; ++round) {
    std::string input;
    for (int i = 0; i < 400; ++i) input += alphabet[random() % alphabet.size()];
    for (const auto format : {target_format::auto_detect, target_format::text, target_format::jsonl,
                              target_format::csv}) {
      std::istringstream in(input);
      target_options options;
      options.format = format;
      target_reader reader(in, "random", options);
      std::uint64_t returned = 0;
      while (reader.next()) ++returned;
      const target_stats& s = reader.stats();
      const bool header_read = (reader.format() == target_format::csv ||
                                reader.format() == target_format::tsv) && !reader.failed();
      INFO(round);
      CHECK(returned == s.targets);
      CHECK(s.lines == s.targets + s.duplicates + s.bad_lines + s.comments + s.blank +
                           (header_read ? 1 : 0));
      CHECK(reader.errors().size() == s.bad_lines);
    }
  }
}
