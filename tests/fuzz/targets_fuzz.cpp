// Fuzz target for parsers::target_reader: the bytes are read as an istream in several modes
// (auto, strict, each forced format with a short line cap). Every target is a canonical,
// unique IP; the counters add up; errors stay within their cap; a failed reader stays done.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/darknet/targets.hpp"

#include <arpa/inet.h>

#include <set>
#include <sstream>
#include <string>

namespace {

using namespace iotprobe::parsers;

// inet_pton then inet_ntop gives the string back: the reader's canonical form.
bool canonical_ip(const std::string& ip) {
  unsigned char raw[16];
  char back[INET6_ADDRSTRLEN];
  const int family = ip.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(family, ip.c_str(), raw) != 1) return false;
  return inet_ntop(family, raw, back, sizeof back) != nullptr && ip == back;
}

void check_reader(std::string_view bytes, const target_options& options) {
  std::istringstream in{std::string(bytes)};
  target_reader reader(in, "fuzz", options);
  std::set<std::string> seen;
  std::uint64_t count = 0, last_line = 0;
  while (const auto t = reader.next()) {
    ++count;
    FUZZ_CHECK(canonical_ip(t->ip));
    FUZZ_CHECK(seen.insert(t->ip).second);
    FUZZ_CHECK(t->line > last_line && t->line <= reader.stats().lines);
    last_line = t->line;
    FUZZ_CHECK(!t->day || !t->day->empty());
    FUZZ_CHECK(!t->country || !t->country->empty());
    FUZZ_CHECK(!t->tag || !t->tag->empty());
  }
  FUZZ_CHECK(!reader.next().has_value());
  const target_stats& s = reader.stats();
  FUZZ_CHECK(s.targets == count);
  FUZZ_CHECK(s.targets + s.duplicates + s.bad_lines + s.comments + s.blank <= s.lines);
  FUZZ_CHECK(reader.errors().size() <= options.max_errors_kept);
  FUZZ_CHECK(reader.errors().size() + reader.errors_dropped() == s.bad_lines);
  if (options.strict && s.bad_lines > 0) FUZZ_CHECK(reader.failed());
  if (options.format != target_format::auto_detect) FUZZ_CHECK(reader.format() == options.format);
  FUZZ_CHECK(target_format_from_string(to_string(reader.format())) == reader.format());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("targets", [&] {
    const std::string_view bytes = iotprobe::testing::as_text(data, size);
    check_reader(bytes, target_options{});
    check_reader(bytes, target_options{.strict = true});
    for (const target_format f : {target_format::text, target_format::csv, target_format::tsv,
                                  target_format::jsonl})
      check_reader(bytes, target_options{.format = f, .max_line_bytes = 64, .max_errors_kept = 2});
  });
}
