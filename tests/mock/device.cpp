// Per-device values (MAC, UDN, model, serial, LAN address) and small value helpers
// (IPv4 text, dates, UDN normalisation) for the fleet. Pure; never opens a socket.
#include "fleet.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace iotprobe::mock {
namespace {

std::string random_mac(const persona& p, random_source& rng) {
  std::uint64_t bits = rng.next();
  std::string oui = p.oui;
  if (oui.empty()) {
    // A globally administered unicast OUI: bits 0 and 1 of the first byte clear.
    unsigned b0 = static_cast<unsigned>(bits >> 40) & 0xfc;
    oui = fmt::format("{:02x}:{:02x}:{:02x}", b0, (bits >> 32) & 0xff, (bits >> 24) & 0xff);
  }
  return fmt::format("{}:{:02x}:{:02x}:{:02x}", oui, (bits >> 16) & 0xff, (bits >> 8) & 0xff,
                     bits & 0xff);
}

std::string random_uuid(random_source& rng) {
  std::uint64_t a = rng.next(), b = rng.next();
  // RFC 4122 version 4 layout, as firmware that generates one at first boot would print.
  return fmt::format("uuid:{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff,
                     a & 0xfff, 0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

}  // namespace

device_values make_device_values(const persona& p, random_source& rng) {
  device_values d;
  d.mac = random_mac(p, rng);
  std::string random = random_uuid(rng);
  switch (p.uuid) {
    case uuid_rule::random: d.uuid = random; break;
    case uuid_rule::wps: {
      std::string mac12;
      for (char c : d.mac)
        if (c != ':') mac12 += c;
      d.uuid = "uuid:63041253-1019-2006-1228-" + mac12;
      break;
    }
    case uuid_rule::fixed: d.uuid = p.fixed_uuid; break;
    case uuid_rule::none: break;
  }
  std::uint64_t pick = rng.next();
  if (!p.models.empty()) d.model = p.models[pick % p.models.size()];
  d.serial = fmt::format("{:012d}", rng.below(1000000000000ULL));
  d.lan_ip = fmt::format("192.0.2.{}", 1 + rng.below(254));
  return d;
}

device_values device_values_for_host(const persona& p, std::string_view ip) {
  random_source rng(stable_hash(ip, stable_hash(p.name)));
  device_values d = make_device_values(p, rng);
  d.ip = std::string(ip);
  return d;
}

std::string normalize_uuid(std::string_view raw) {
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  if (raw.empty()) return {};
  std::string out;
  for (char c : raw) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.rfind("uuid:", 0) != 0) out = "uuid:" + out;
  return out;
}

std::string format_ipv4(std::uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

bool parse_ipv4(std::string_view text, std::uint32_t& addr) {
  std::uint32_t out = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    unsigned part = 0;
    auto [next, ec] = std::from_chars(p, end, part);
    if (ec != std::errc{} || part > 255 || next == p) return false;
    out = (out << 8) | part;
    p = next;
    if (i < 3) {
      if (p == end || *p != '.') return false;
      ++p;
    }
  }
  if (p != end) return false;
  addr = out;
  return true;
}

std::string add_days(const std::string& day, int days) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    throw std::invalid_argument("bad date (want YYYY-MM-DD): " + day);
  year_month_day ymd{year{y}, month{m}, std::chrono::day{d}};
  if (!ymd.ok()) throw std::invalid_argument("bad date: " + day);
  year_month_day out{sys_days{ymd} + std::chrono::days{days}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(out.year()),
                     static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day()));
}

}  // namespace iotprobe::mock
