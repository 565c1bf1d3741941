// One accepted TCP connection to a virtual host: reads the request head (bounded in size
// and time), then acts out the port's behaviour. Each connection owns one timer; a tarpit
// or trickle costs a socket and that timer, nothing more. Never throws out of a handler.
#pragma once

#include "connection_meter.hpp"
#include "server.hpp"
#include "virtual_host.hpp"

#include <boost/asio/ip/tcp.hpp>

namespace iotprobe::mock {

// Closes with RST (SO_LINGER 0), as a closed port or a reset in mid-response does.
void reset_socket(boost::asio::ip::tcp::socket& socket);

// Serves the socket for `host` on `logical_port`; the connection keeps itself alive. An
// answer to a request is sent `delay_ms` after the request head arrived. With a meter, the
// connection is counted for `addr` until it ends.
void serve_connection(boost::asio::ip::tcp::socket socket, const virtual_host& host,
                      int logical_port, const server_limits& limits, int delay_ms = 0,
                      connection_meter* meter = nullptr, std::uint32_t addr = 0);

}  // namespace iotprobe::mock
