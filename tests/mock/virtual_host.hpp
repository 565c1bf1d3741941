// The virtual hosts one server process answers for (address -> persona + device values),
// and the pure decision of what a host sends for a request on a port. No sockets here, so
// unit tests can check that what `serve` would answer agrees with the manifest.
#pragma once

#include "fleet.hpp"
#include "persona.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace iotprobe::mock {

struct virtual_host {
  const persona* p = nullptr;
  device_values values;
};

class host_table {
 public:
  // False if the address is already taken (the first host keeps it).
  bool add(std::uint32_t addr, const persona& p, device_values values);
  const virtual_host* find(std::uint32_t addr) const;
  std::size_t size() const { return hosts_.size(); }

  // Throws std::runtime_error on an unknown persona or a bad or duplicated address.
  static host_table from_manifest(const std::vector<manifest_row>& rows,
                                  const std::map<std::string, persona>& personas);

 private:
  std::unordered_map<std::uint32_t, virtual_host> hosts_;
};

struct request_line {
  std::string method, path, version;  // path without the query; version "" for HTTP/0.9
};

// Parses the first line of an HTTP request leniently; nullopt if it is not one.
std::optional<request_line> parse_request_line(std::string_view request);

// What a connection does: a behaviour and the bytes it involves.
struct reply_plan {
  behaviour kind = behaviour::normal;
  std::size_t arg = 0;
  std::string bytes;       // the whole response (for endless: the head only)
  std::string endless_unit;  // for endless: the body, repeated for ever
};

// nullopt = the port is closed for this host (reset). For `greet` and `tarpit` the
// request may be empty.
std::optional<reply_plan> plan_reply(const virtual_host& host, int logical_port,
                                     std::string_view request);

// The unicast SSDP answer to an M-SEARCH, or nullopt (not an M-SEARCH, no SSDP in the
// persona, or an ST the persona does not answer).
std::optional<std::string> plan_ssdp(const virtual_host& host, std::string_view request);

}  // namespace iotprobe::mock
