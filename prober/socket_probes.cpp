// Raw TCP banner grab and unicast SSDP on Asio. Each probe owns its socket and one
// steady_timer (probe_core); handlers hold shared_ptrs to the probe, and a `finished_` flag
// makes the done_fn run exactly once. Nothing here resolves names or sends more than its payload.
#include "prober/socket_probes.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

namespace iotprobe::prober {
namespace {

using parsers::probe_status;
using steady = std::chrono::steady_clock;

double ms_since(steady::time_point t) {
  return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

probe_status status_for_error(const boost::system::error_code& ec) {
  namespace e = boost::asio::error;
  if (ec == e::connection_refused) return probe_status::refused;
  if (ec == e::connection_reset || ec == e::broken_pipe) return probe_status::reset;
  if (ec == e::host_unreachable || ec == e::network_unreachable) return probe_status::unreachable;
  if (ec == e::timed_out) return probe_status::timeout;
  return probe_status::error;
}

// What both probes share: one socket, one timer, the outcome, and a done_fn that runs
// exactly once. Every handler holds a shared_ptr to the probe (Derived) and returns at once
// when `finished_` is set, so a late completion after cancel() or finish() does nothing.
template <class Derived, class Socket>
class probe_core : public socket_probe, public std::enable_shared_from_this<Derived> {
 public:
  probe_core(boost::asio::io_context& io, socket_done_fn done)
      : socket_(io), timer_(io), done_(std::move(done)) {}

  // Stops at once; the done_fn is never called.
  void cancel() override {
    finished_ = true;
    close();
  }

 protected:
  // start() never reports inline: callers may still be setting up when it fails.
  void fail_later(probe_status status, std::string detail) {
    boost::asio::post(timer_.get_executor(),
                      [self = this->shared_from_this(), this, status, detail] {
                        if (!finished_) finish(status, detail);
                      });
  }
  // Reports once. A timeout after bytes arrived is ok: the deadline only ended the read.
  void finish(probe_status status, std::string detail) {
    if (status == probe_status::timeout && !outcome_.messages.empty() &&
        !outcome_.messages.front().empty())
      status = probe_status::ok;
    finished_ = true;
    close();
    outcome_.status = status;
    outcome_.detail = std::move(detail);
    outcome_.elapsed_ms = ms_since(started_);
    if (done_) std::exchange(done_, nullptr)(std::move(outcome_));
  }
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  Socket socket_;
  boost::asio::steady_timer timer_;
  socket_done_fn done_;
  socket_outcome outcome_;
  std::string buffer_;
  bool finished_ = false;
  steady::time_point started_ = steady::now();
};

class banner_probe : public probe_core<banner_probe, boost::asio::ip::tcp::socket> {
 public:
  banner_probe(boost::asio::io_context& io, banner_request r, socket_done_fn done)
      : probe_core(io, std::move(done)), request_(std::move(r)) {}

  void start() {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(request_.ip, ec);
    if (ec) return fail_later(probe_status::error, "not an IP address");
    outcome_.messages.emplace_back();
    arm_timer(request_.connect_timeout_ms, "connect timeout");
    socket_.async_connect({address, static_cast<unsigned short>(request_.wire_port)},
                          [self = shared_from_this()](const boost::system::error_code& e) {
                            self->on_connect(e);
                          });
  }

 private:
  void arm_timer(int ms, const char* why) {
    timer_.expires_after(std::chrono::milliseconds(ms));
    timer_.async_wait([self = shared_from_this(), why](const boost::system::error_code& e) {
      if (e || self->finished_) return;
      self->finish(probe_status::timeout, why);
    });
  }
  void on_connect(const boost::system::error_code& ec) {
    if (finished_) return;
    if (ec) return finish(status_for_error(ec), ec.message());
    outcome_.connected = true;
    arm_timer(request_.deadline_ms, "deadline");
    if (request_.payload.empty()) return read_more();
    boost::asio::async_write(socket_, boost::asio::buffer(request_.payload),
                             [self = shared_from_this()](const boost::system::error_code& e,
                                                         std::size_t) {
                               if (self->finished_) return;
                               if (e) return self->finish(status_for_error(e), e.message());
                               self->read_more();
                             });
  }
  void read_more() {
    auto& text = outcome_.messages.front();
    if (text.size() >= request_.max_bytes) return finish(probe_status::too_large, "byte cap reached");
    buffer_.resize(std::min<std::size_t>(4096, request_.max_bytes - text.size()));
    socket_.async_read_some(boost::asio::buffer(buffer_),
                            [self = shared_from_this()](const boost::system::error_code& e,
                                                        std::size_t n) { self->on_read(e, n); });
  }
  void on_read(const boost::system::error_code& ec, std::size_t n) {
    if (finished_) return;
    outcome_.messages.front().append(buffer_.data(), n);
    if (ec == boost::asio::error::eof) return finish(probe_status::ok, "closed by peer");
    if (ec) return finish(status_for_error(ec), ec.message());
    read_more();
  }

  banner_request request_;
};

class ssdp_probe : public probe_core<ssdp_probe, boost::asio::ip::udp::socket> {
 public:
  ssdp_probe(boost::asio::io_context& io, ssdp_request r, socket_done_fn done)
      : probe_core(io, std::move(done)), request_(std::move(r)) {}

  void start() {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(request_.ip, ec);
    if (ec) return fail_later(probe_status::error, "not an IP address");
    const boost::asio::ip::udp::endpoint to{address, static_cast<unsigned short>(request_.wire_port)};
    socket_.open(to.protocol(), ec);
    if (!ec) socket_.connect(to, ec);  // connected: ICMP unreachable comes back as refused
    if (ec) return fail_later(status_for_error(ec), ec.message());
    message_ = m_search_text(request_.search_target);
    timer_.expires_after(std::chrono::milliseconds(request_.window_ms));
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& e) {
      if (e || self->finished_) return;
      const bool none = self->outcome_.messages.empty();
      self->finish(none ? probe_status::timeout : probe_status::ok, none ? "no reply" : "");
    });
    socket_.async_send(boost::asio::buffer(message_),
                       [self = shared_from_this()](const boost::system::error_code& e, std::size_t) {
                         if (self->finished_) return;
                         if (e) return self->finish(status_for_error(e), e.message());
                         self->receive();
                       });
  }

 private:
  void receive() {
    buffer_.resize(request_.max_datagram_bytes);
    socket_.async_receive(boost::asio::buffer(buffer_),
                          [self = shared_from_this()](const boost::system::error_code& e,
                                                      std::size_t n) { self->on_receive(e, n); });
  }
  void on_receive(const boost::system::error_code& ec, std::size_t n) {
    if (finished_) return;
    if (ec) {
      if (!outcome_.messages.empty()) return finish(probe_status::ok, "");
      return finish(status_for_error(ec), ec.message());
    }
    outcome_.messages.emplace_back(buffer_.data(), n);
    if (outcome_.messages.size() >= request_.max_replies) return finish(probe_status::ok, "");
    receive();
  }

  ssdp_request request_;
  std::string message_;
};

}  // namespace

std::string m_search_text(const std::string& search_target) {
  return "M-SEARCH * HTTP/1.1\r\nHost:239.255.255.250:1900\r\nST:" + search_target +
         "\r\nMan:\"ssdp:discover\"\r\nMX:3\r\n\r\n";
}

std::shared_ptr<socket_probe> grab_banner(boost::asio::io_context& io, const banner_request& r,
                                          socket_done_fn done) {
  auto probe = std::make_shared<banner_probe>(io, r, std::move(done));
  probe->start();
  return probe;
}

std::shared_ptr<socket_probe> ssdp_search(boost::asio::io_context& io, const ssdp_request& r,
                                          socket_done_fn done) {
  auto probe = std::make_shared<ssdp_probe>(io, r, std::move(done));
  probe->start();
  return probe;
}

}  // namespace iotprobe::prober
