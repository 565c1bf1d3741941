// The mock fleet's network side: one TCP acceptor on 0.0.0.0 per wire port and one UDP
// socket for unicast SSDP, all on one io_context. The local address of each accepted
// socket (or datagram) picks the virtual host. Anything not addressed to 127.0.0.0/8 is
// closed or dropped at once; the server never dials out.
#pragma once

#include "connection_meter.hpp"
#include "virtual_host.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::mock {

struct port_map_entry {
  int logical = 0;
  std::uint16_t wire = 0;  // 0 = let the kernel choose
};

// Parses "80=18080,81=0,…"; throws std::invalid_argument on malformed input.
std::vector<port_map_entry> parse_port_map(std::string_view text);

struct bound_port {
  std::string proto;  // "tcp" or "udp"
  int logical = 0;
  std::uint16_t wire = 0;
};

// How long every answer to a request is held back, as a far-away device's would be: each
// host gets one fixed value in [min_ms, max_ms] (a hash of its address). 0-0 = at once.
struct reply_delay {
  int min_ms = 0;
  int max_ms = 0;
};

// Parses "MS" or "MIN-MAX" (milliseconds, at most 60000); throws std::invalid_argument.
reply_delay parse_reply_delay(std::string_view text);

// The delay of the host at `addr` (host byte order): deterministic, within the range.
int reply_delay_ms(const reply_delay& delay, std::uint32_t addr);

struct server_limits {
  int request_timeout_s = 10;    // to receive a request head
  int hold_limit_s = 600;        // longest a tarpit or half-closed connection is kept
  std::size_t max_request = 16 * 1024;
  reply_delay delay;             // before each answer to a request (not before an RST)
};

class server {
 public:
  // Binds every port at once (throws boost::system::system_error if one cannot be bound).
  // With a meter, every TCP connection to a known host is counted (it must outlive this).
  server(boost::asio::io_context& io, const host_table& hosts, const std::vector<port_map_entry>& tcp,
         std::optional<port_map_entry> ssdp, server_limits limits = {},
         connection_meter* meter = nullptr);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  const std::vector<bound_port>& bound() const { return bound_; }

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::vector<bound_port> bound_;
};

}  // namespace iotprobe::mock
