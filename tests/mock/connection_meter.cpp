// The per-host connection meter (connection_meter.hpp). A socket that is closed, or whose
// peer has shut down (poll: POLLRDHUP, POLLHUP or POLLERR), no longer counts, whether or
// not the server has read the FIN yet: on loopback it arrives before the client's next SYN.
#include "connection_meter.hpp"

#include <poll.h>

#include <algorithm>
#include <string>

namespace iotprobe::mock {
namespace {

bool peer_gone(connection_meter::socket_type* socket) {
  if (!socket->is_open()) return true;
  ::pollfd p{socket->native_handle(), POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

std::string dotted(std::uint32_t addr) {
  return std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 0xff) + "." +
         std::to_string((addr >> 8) & 0xff) + "." + std::to_string(addr & 0xff);
}

}  // namespace

connection_meter::ticket& connection_meter::ticket::operator=(ticket&& other) noexcept {
  std::swap(meter_, other.meter_);
  std::swap(addr_, other.addr_);
  std::swap(socket_, other.socket_);
  return *this;
}

connection_meter::ticket::~ticket() {
  if (meter_ != nullptr) meter_->leave(addr_, socket_);
}

connection_meter::ticket connection_meter::enter(std::uint32_t addr, socket_type& socket) {
  auto& open = open_[addr];
  const auto alive = static_cast<std::size_t>(std::count_if(
      open.begin(), open.end(), [](socket_type* other) { return !peer_gone(other); }));
  open.push_back(&socket);
  counts& c = counts_[addr];
  ++c.total;
  c.peak = std::max(c.peak, alive + 1);
  return ticket(this, addr, &socket);
}

void connection_meter::leave(std::uint32_t addr, socket_type* socket) {
  const auto it = open_.find(addr);
  if (it == open_.end()) return;
  std::erase(it->second, socket);
  if (it->second.empty()) open_.erase(it);
}

void connection_meter::report(std::ostream& out) const {
  for (const auto& [addr, c] : counts_)
    out << "connections " << dotted(addr) << " peak " << c.peak << " total " << c.total << "\n";
}

}  // namespace iotprobe::mock
