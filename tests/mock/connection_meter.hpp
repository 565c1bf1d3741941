// Counts TCP connections per virtual host as the wire shows them: how many are open at
// once (peak) and in all, so that tests can check the prober's per-host connection limit
// from the device's side. A connection counts from accept until the peer has shut it
// down; a peer's FIN or RST counts as the end even before the server has read it, so a
// client that closes one connection and then opens the next is never seen with two.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <vector>

namespace iotprobe::mock {

class connection_meter {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  struct counts {
    std::size_t peak = 0;   // most connections open at once
    std::size_t total = 0;  // connections accepted
  };

  // Held by a connection for its lifetime: leaving is the destructor.
  class ticket {
   public:
    ticket() = default;
    ticket(connection_meter* meter, std::uint32_t addr, socket_type* socket)
        : meter_(meter), addr_(addr), socket_(socket) {}
    ticket(ticket&& other) noexcept { *this = std::move(other); }
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();

   private:
    connection_meter* meter_ = nullptr;
    std::uint32_t addr_ = 0;
    socket_type* socket_ = nullptr;
  };

  // A connection to `addr` was accepted on `socket`, which must outlive the ticket.
  ticket enter(std::uint32_t addr, socket_type& socket);
  const std::map<std::uint32_t, counts>& hosts() const { return counts_; }
  // One line per host that was connected to: "connections IP peak P total T".
  void report(std::ostream& out) const;

 private:
  void leave(std::uint32_t addr, socket_type* socket);
  std::map<std::uint32_t, counts> counts_;
  std::map<std::uint32_t, std::vector<socket_type*>> open_;  // open per host
};

}  // namespace iotprobe::mock
