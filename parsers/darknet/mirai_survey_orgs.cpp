// CIDR list parsing and longest-prefix lookup for known survey organisations. Lookups
// binary-search one sorted run per prefix length, so a long list stays cheap.
#include "parsers/darknet/mirai_survey_orgs.hpp"

#include "parsers/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace iotprobe::parsers {
namespace {

std::uint32_t mask_of(std::uint8_t prefix) noexcept {
  return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

std::optional<unsigned> parse_number(std::string_view text, unsigned max) noexcept {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) noexcept {
  std::uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = part < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot > 3) return std::nullopt;
    const auto octet = parse_number(text.substr(0, dot), 255);
    if (!octet) return std::nullopt;
    ip = (ip << 8) | *octet;
    text.remove_prefix(part < 3 ? dot + 1 : dot);
  }
  return ip;
}

survey_org_list::parse_result survey_org_list::parse(std::string_view text) {
  parse_result out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const std::size_t cut = line.find_first_of(" \t,");
    const std::string_view cidr = line.substr(0, cut);
    std::string_view name = cut == std::string_view::npos ? "" : trim(line.substr(cut + 1));
    if (name.starts_with(',')) name = trim(name.substr(1));
    if (cidr.find(':') != std::string_view::npos) {
      ++out.ignored_ipv6;
      continue;
    }
    const std::size_t slash = cidr.find('/');
    const auto ip = parse_ipv4(cidr.substr(0, slash));
    const auto prefix = slash == std::string_view::npos ? std::optional<unsigned>{32}
                                                        : parse_number(cidr.substr(slash + 1), 32);
    if (!ip || !prefix) {
      out.error = fmt::format("line {}: not an IPv4 CIDR: '{}'", line_no, cidr);
      out.list.entries_.clear();
      return out;
    }
    const auto len = static_cast<std::uint8_t>(*prefix);
    out.list.entries_.push_back(entry{*ip & mask_of(len), len, std::string{name}});
  }
  std::sort(out.list.entries_.begin(), out.list.entries_.end(), [](const entry& a, const entry& b) {
    return a.prefix != b.prefix ? a.prefix > b.prefix : a.network < b.network;
  });
  auto& entries = out.list.entries_;
  for (std::size_t i = 1; i <= entries.size(); ++i) {
    if (i == entries.size() || entries[i].prefix != entries[i - 1].prefix) {
      out.list.run_ends_.push_back(i);
    }
  }
  return out;
}

const survey_org_list::entry* survey_org_list::find(std::uint32_t ip) const noexcept {
  auto run = entries_.begin();
  for (const std::size_t end : run_ends_) {
    const auto run_end = entries_.begin() + static_cast<std::ptrdiff_t>(end);
    const std::uint32_t net = ip & mask_of(run->prefix);
    const auto hit = std::lower_bound(run, run_end, net, [](const entry& e, std::uint32_t n) {
      return e.network < n;
    });
    if (hit != run_end && hit->network == net) return &*hit;
    run = run_end;
  }
  return nullptr;
}

}  // namespace iotprobe::parsers
