// The mock fleet's network side: one TCP acceptor on 0.0.0.0 per wire port and one UDP
// socket for unicast SSDP, all on one io_context. The local address of each accepted
// socket (or datagram) picks the virtual host. Anything not addressed to 127.0.0.0/8 is
// closed or dropped at once; the server never dials out.
#pragma once

#include "virtual_host.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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

struct server_limits {
  int request_timeout_s = 10;    // to receive a request head
  int hold_limit_s = 600;        // longest a tarpit or half-closed connection is kept
  std::size_t max_request = 16 * 1024;
};

class server {
 public:
  // Binds every port at once (throws boost::system::system_error if one cannot be bound).
  server(boost::asio::io_context& io, const host_table& hosts, const std::vector<port_map_entry>& tcp,
         std::optional<port_map_entry> ssdp, server_limits limits = {});
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
