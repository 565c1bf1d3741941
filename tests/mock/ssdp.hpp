// Unicast SSDP for the whole fleet: one UDP socket on 0.0.0.0; IP_PKTINFO tells which
// virtual host an M-SEARCH was sent to, and the reply leaves from that same address.
// Datagrams to non-loopback addresses are dropped; it never sends to anyone but the asker.
#pragma once

#include "virtual_host.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>

namespace iotprobe::mock {

class ssdp_responder {
 public:
  ssdp_responder(boost::asio::io_context& io, const host_table& hosts, std::uint16_t wire);
  std::uint16_t wire() const { return socket_.local_endpoint().port(); }
  void start() { wait(); }

 private:
  void wait();
  void drain();  // reads every queued datagram without blocking
  void answer(std::string_view request, std::uint32_t dest, const ::sockaddr_in& from);

  boost::asio::ip::udp::socket socket_;
  const host_table& hosts_;
  std::array<char, 2048> buffer_{};
};

}  // namespace iotprobe::mock
