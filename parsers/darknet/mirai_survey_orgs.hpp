// The user's list of known survey organisations (`--scanners FILE`): IPv4 CIDRs, each
// with an optional name. Parsing is total: a bad line is reported by number, never
// thrown. IPv6 prefixes are accepted and ignored (the extractor keys IPv4 sources).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::parsers {

class survey_org_list {
 public:
  struct entry {
    std::uint32_t network = 0;  // host order, already masked
    std::uint8_t prefix = 32;
    std::string name;           // may be empty
  };

  // File format: one "CIDR [name...]" per line ("," or whitespace after the CIDR); a bare
  // address means /32; '#' starts a comment; blank lines are skipped.
  struct parse_result;
  static parse_result parse(std::string_view text);

  // The most specific entry containing `ip`, or nullptr.
  const entry* find(std::uint32_t ip) const noexcept;
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<entry> entries_;  // sorted by prefix length (longest first), then network
  std::vector<std::size_t> run_ends_;  // where each prefix length's run of entries_ ends
};

struct survey_org_list::parse_result {
  survey_org_list list;
  std::size_t ignored_ipv6 = 0;
  std::optional<std::string> error;  // "line N: ..."; the list is empty when set
};

// "a.b.c.d" to a host-order address.
std::optional<std::uint32_t> parse_ipv4(std::string_view text) noexcept;

}  // namespace iotprobe::parsers
