// Address policy: IANA reserved ranges, user excludes and the allow list as sorted 128-bit
// intervals (IPv4 held as v4-mapped IPv6). A check never throws and never resolves a name;
// loading (before the loop runs) throws on a malformed file line.
#include "prober/blocklist.hpp"

#include "parsers/core/text.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>

namespace iotprobe::prober {
namespace {

using u128 = address_key_t;

using parsers::trim;

u128 key_of_bytes(const boost::asio::ip::address_v6::bytes_type& bytes) {
  u128 k = 0;
  for (const auto b : bytes) k = (k << 8) | b;
  return k;
}

}  // namespace

address_key_t address_key(const boost::asio::ip::address& address) {
  if (address.is_v4())
    return key_of_bytes(boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped,
                                                         address.to_v4()).to_bytes());
  return key_of_bytes(address.to_v6().to_bytes());
}

std::optional<cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  const std::string addr_text(text.substr(0, slash));
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(addr_text, ec);
  if (ec || addr_text.empty()) return std::nullopt;
  const bool v4 = addr.is_v4() || (addr.is_v6() && addr.to_v6().is_v4_mapped());
  const int width = addr.is_v4() ? 32 : 128;
  int len = width;
  if (slash != std::string_view::npos) {
    const auto p = text.substr(slash + 1);
    const auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), len);
    if (err != std::errc{} || end != p.data() + p.size() || p.empty() || len < 0 || len > width)
      return std::nullopt;
  }
  const int bits = (addr.is_v4() ? 96 : 0) + len;  // prefix bits within 128
  const u128 key = address_key(v4 && addr.is_v6() ? boost::asio::ip::address(addr.to_v6()) : addr);
  const u128 host_mask = bits >= 128 ? u128{0} : (~u128{0} >> bits);
  return cidr{key & ~host_mask, (key & ~host_mask) | host_mask, std::string(text)};
}

void range_set::add(const cidr& range) {
  ranges_.push_back(range);
  sorted_ = false;
}

void range_set::sort_if_needed() const {
  if (sorted_) return;
  std::sort(ranges_.begin(), ranges_.end(),
            [](const cidr& a, const cidr& b) { return a.first < b.first; });
  // Merge overlaps so a binary search on `first` finds the only candidate.
  std::vector<cidr> merged;
  for (const auto& r : ranges_) {
    if (!merged.empty() && r.first <= merged.back().last) {
      if (r.last > merged.back().last) merged.back().last = r.last;
      continue;
    }
    merged.push_back(r);
  }
  ranges_ = std::move(merged);
  sorted_ = true;
}

std::optional<std::string> range_set::find(address_key_t key) const {
  sort_if_needed();
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), key,
                             [](u128 k, const cidr& r) { return k < r.first; });
  if (it == ranges_.begin()) return std::nullopt;
  --it;
  if (key > it->last) return std::nullopt;
  return it->text;
}

void blocklist::load_file(const std::string& path, range_set& into) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read blocklist file '" + path + "'");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto hash = line.find('#');
    const auto body = trim(std::string_view(line).substr(0, hash));
    if (body.empty()) continue;
    const auto range = parse_cidr(body);
    if (!range)
      throw std::runtime_error(path + ":" + std::to_string(number) + ": not a CIDR: '" +
                               std::string(body) + "'");
    auto named = *range;
    named.text += " (" + path.substr(path.find_last_of('/') + 1) + ")";
    into.add(named);
  }
}

void blocklist::load_reserved_file(const std::string& path) { load_file(path, reserved_); }
void blocklist::load_exclude_file(const std::string& path) { load_file(path, excluded_); }

namespace {
cidr must_parse(std::string_view text) {
  const auto range = parse_cidr(text);
  if (!range) throw std::invalid_argument("not a CIDR: '" + std::string(text) + "'");
  return *range;
}
}  // namespace

void blocklist::add_reserved(std::string_view text) { reserved_.add(must_parse(text)); }
void blocklist::add_exclude(std::string_view text) { excluded_.add(must_parse(text)); }
void blocklist::add_allow(std::string_view text) { allowed_.add(must_parse(text)); }

block_check blocklist::check(const boost::asio::ip::address& address) const {
  const u128 key = address_key(address);
  if (auto hit = excluded_.find(key))
    return {block_reason::excluded, address.to_string() + " is in exclude range " + *hit};
  if (auto hit = reserved_.find(key)) {
    if (!allowed_.find(key))
      return {block_reason::reserved, address.to_string() + " is in reserved range " + *hit};
  }
  return {};
}

block_check blocklist::check(std::string_view ip_literal) const {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(trim(ip_literal)), ec);
  if (ec || trim(ip_literal).empty())
    return {block_reason::bad_address, "not an IP address: '" + std::string(ip_literal) + "'"};
  return check(address);
}

std::string_view to_string(block_reason reason) noexcept {
  switch (reason) {
    case block_reason::none: return "none";
    case block_reason::reserved: return "blocklist";
    case block_reason::excluded: return "exclude";
    case block_reason::bad_address: return "bad_address";
  }
  return "unknown";
}

}  // namespace iotprobe::prober
