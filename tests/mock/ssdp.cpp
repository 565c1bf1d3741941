// recvmsg/sendmsg with IP_PKTINFO on Asio's native handle: Asio has no API for the
// destination address of a datagram. Readiness comes from async_wait, so the loop stays
// single-threaded and never blocks.
#include "ssdp.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace iotprobe::mock {
namespace asio = boost::asio;
using udp = asio::ip::udp;

ssdp_responder::ssdp_responder(asio::io_context& io, const host_table& hosts, std::uint16_t wire)
    : socket_(io), hosts_(hosts) {
  udp::endpoint ep(asio::ip::address_v4::any(), wire);
  socket_.open(ep.protocol());
  socket_.set_option(udp::socket::reuse_address(true));
  socket_.bind(ep);
  int on = 1;
  if (::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
    throw boost::system::system_error(errno, boost::system::system_category(), "IP_PKTINFO");
  socket_.non_blocking(true);
}

void ssdp_responder::wait() {
  socket_.async_wait(udp::socket::wait_read, [this](boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) drain();
    wait();
  });
}

void ssdp_responder::drain() {
  for (;;) {
    ::sockaddr_in from{};
    ::iovec iov{buffer_.data(), buffer_.size()};
    alignas(::cmsghdr) char control[CMSG_SPACE(sizeof(::in_pktinfo))];
    ::msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(socket_.native_handle(), &msg, MSG_DONTWAIT);
    if (n < 0) return;  // EAGAIN: drained; other errors: wait for the next datagram
    std::uint32_t dest = 0;
    for (::cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
        ::in_pktinfo info{};
        std::memcpy(&info, CMSG_DATA(c), sizeof info);
        dest = ntohl(info.ipi_addr.s_addr);
      }
    }
    if ((dest >> 24) == 127 && from.sin_family == AF_INET)
      answer(std::string_view(buffer_.data(), static_cast<std::size_t>(n)), dest, from);
  }
}

void ssdp_responder::answer(std::string_view request, std::uint32_t dest, const ::sockaddr_in& from) {
  const virtual_host* host = hosts_.find(dest);
  if (!host || (ntohl(from.sin_addr.s_addr) >> 24) != 127) return;
  auto reply = plan_ssdp(*host, request);
  if (!reply) return;
  ::iovec iov{reply->data(), reply->size()};
  alignas(::cmsghdr) char control[CMSG_SPACE(sizeof(::in_pktinfo))] = {};
  ::msghdr msg{};
  ::sockaddr_in to = from;
  msg.msg_name = &to;
  msg.msg_namelen = sizeof to;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ::cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof(::in_pktinfo));
  ::in_pktinfo info{};
  info.ipi_spec_dst.s_addr = htonl(dest);  // reply from the address that was asked
  std::memcpy(CMSG_DATA(c), &info, sizeof info);
  ::sendmsg(socket_.native_handle(), &msg, MSG_DONTWAIT);
}

}  // namespace iotprobe::mock
