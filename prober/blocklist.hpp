// The address policy checked before EVERY connection (first, redirect, LOCATION, SSDP):
// the built-in IANA special-purpose ranges (config/blocklist.conf), the user's exclude
// files and the allow list. Policy: allow overrides only the built-in list, never a user
// exclude. It never resolves names: anything that is not a literal IP is refused.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::prober {

__extension__ typedef unsigned __int128 address_key_t;  // GCC/Clang 128-bit integer

// A v4 or v6 network; v4 is held as the v4-mapped v6 range (::ffff:a.b.c.d/96+len).
struct cidr {
  address_key_t first = 0;
  address_key_t last = 0;
  std::string text;  // as written, for reasons
};

// Parses "a.b.c.d[/n]" or "v6[/n]"; nullopt when malformed (never throws).
std::optional<cidr> parse_cidr(std::string_view text);
// The 128-bit key of an address (v4 and v4-mapped v6 give the same key).
address_key_t address_key(const boost::asio::ip::address& address);

// Sorted, merged ranges with their source text; lookups are O(log n).
class range_set {
 public:
  void add(const cidr& range);
  // The original text of the range that contains `key`, if any.
  std::optional<std::string> find(address_key_t key) const;
  std::size_t size() const { return ranges_.size(); }
  bool empty() const { return ranges_.empty(); }

 private:
  void sort_if_needed() const;
  mutable std::vector<cidr> ranges_;
  mutable bool sorted_ = true;
};

enum class block_reason { none, reserved, excluded, bad_address };

struct block_check {
  block_reason reason = block_reason::none;
  std::string detail;  // "198.18.0.0/15 (blocklist.conf)" etc.
  bool allowed() const { return reason == block_reason::none; }
};

class blocklist {
 public:
  // Reads a ZMap-style file: one CIDR per line, '#' comments. Throws std::runtime_error
  // with file:line on a malformed line (an edge: loading happens before the loop runs).
  void load_reserved_file(const std::string& path);
  void load_exclude_file(const std::string& path);
  void add_reserved(std::string_view cidr_text);
  void add_exclude(std::string_view cidr_text);
  void add_allow(std::string_view cidr_text);  // throws std::invalid_argument if malformed

  block_check check(const boost::asio::ip::address& address) const;
  block_check check(std::string_view ip_literal) const;  // bad_address when not an IP

  std::size_t reserved_ranges() const { return reserved_.size(); }
  std::size_t exclude_ranges() const { return excluded_.size(); }
  std::size_t allow_ranges() const { return allowed_.size(); }

 private:
  void load_file(const std::string& path, range_set& into);
  range_set reserved_, excluded_, allowed_;
};

std::string_view to_string(block_reason reason) noexcept;

}  // namespace iotprobe::prober
