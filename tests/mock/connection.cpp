// Per-connection behaviours: normal, trickle, endless, greet, reset_mid, half_close and
// tarpit (closed ports never get here). One handler per step, each starting with its
// error check; every wait is bounded by the connection's timer, and every ending cancels
// it, so a connection (and a 10 MB reply) is freed when it ends, not at the hold limit.
#include "connection.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

namespace iotprobe::mock {
namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

void reset_socket(tcp::socket& socket) {
  error_code ec;
  socket.set_option(asio::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

namespace {

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(tcp::socket s, const virtual_host& h, int port, const server_limits& l, int delay_ms)
      : socket_(std::move(s)), timer_(socket_.get_executor()), host_(h), port_(port), limits_(l),
        delay_ms_(delay_ms) {}

  void count_in(connection_meter& meter, std::uint32_t addr) { ticket_ = meter.enter(addr, socket_); }

  void start() {
    const port_spec* spec = host_.p->port(port_);
    if (spec && spec->kind == behaviour::greet) {
      plan_ = plan_reply(host_, port_, "");
      if (plan_) return write_all(std::move(plan_->bytes), &connection::read_request);
    }
    if (spec && spec->kind == behaviour::tarpit) return hold(limits_.hold_limit_s);
    if (spec && spec->kind == behaviour::knock) return read_knock();
    read_request();
  }

 private:
  using step = void (connection::*)();

  void arm(int seconds) {
    timer_.expires_after(std::chrono::seconds(seconds));
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) reset_socket(self->socket_);
    });
  }

  void read_request() {
    arm(limits_.request_timeout_s);
    asio::async_read_until(socket_, asio::dynamic_buffer(request_, limits_.max_request), "\r\n\r\n",
                           [self = shared_from_this()](error_code ec, std::size_t) {
                             self->on_request(ec);
                           });
  }

  // A binary knock has no terminator: the first bytes, whatever they are, get the answer.
  void read_knock() {
    arm(limits_.request_timeout_s);
    socket_.async_read_some(asio::buffer(sink_), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->give_up();
      self->plan_ = plan_reply(self->host_, self->port_, "");
      if (!self->plan_) return self->give_up();
      self->write_all(std::move(self->plan_->bytes), &connection::close_gracefully);
    });
  }

  void on_request(error_code ec) {
    if (ec && !(ec == asio::error::eof && !request_.empty())) return give_up();
    if (plan_) return close_gracefully();  // greet: the greeting was the whole answer
    plan_ = plan_reply(host_, port_, request_);
    if (!plan_) return give_up();
    if (delay_ms_ <= 0) return answer();
    timer_.expires_after(std::chrono::milliseconds(delay_ms_));
    timer_.async_wait([self = shared_from_this()](error_code tec) {
      if (!tec) self->answer();
    });
  }

  void answer() {
    arm(limits_.hold_limit_s);  // bounds slow readers, endless bodies and trickles alike
    switch (plan_->kind) {
      case behaviour::trickle: return trickle(0);
      case behaviour::endless: return write_all(std::move(plan_->bytes), &connection::endless);
      case behaviour::reset_mid:
        return write_all(prefix(), &connection::reset_soon);
      case behaviour::half_close: return write_all(prefix(), &connection::half_close);
      default: return write_all(std::move(plan_->bytes), &connection::close_gracefully);
    }
  }

  // No usable request (timeout, oversize, peer gone), or the peer went away mid-answer:
  // drop the connection with RST.
  void give_up() {
    timer_.cancel();
    reset_socket(socket_);
  }

  std::string prefix() const {
    return plan_->arg == 0 ? plan_->bytes : plan_->bytes.substr(0, plan_->arg);
  }

  // Takes the reply by value: callers move the plan's bytes in when nothing reads them again
  // (all but trickle, reset_mid and half_close), so a 10 MB reply is not held twice.
  void write_all(std::string bytes, step next) {
    out_ = std::move(bytes);
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), next](error_code ec, std::size_t) {
      if (ec) return self->give_up();
      ((*self).*next)();
    });
  }

  void close_gracefully() {
    timer_.cancel();
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
  }

  void trickle(std::size_t at) {
    if (at >= plan_->bytes.size()) return close_gracefully();
    asio::async_write(socket_, asio::buffer(plan_->bytes.data() + at, 1),
                      [self = shared_from_this(), at](error_code ec, std::size_t) {
                        if (ec) return self->give_up();
                        self->timer_.expires_after(std::chrono::seconds(1));
                        self->timer_.async_wait([self, at](error_code tec) {
                          if (!tec) self->trickle(at + 1);
                        });
                      });
  }

  void endless() {
    if (plan_->endless_unit.empty()) plan_->endless_unit.assign(4096, 'A');
    while (out_.size() < 64 * 1024) out_ += plan_->endless_unit;
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->give_up();
      self->endless();
    });
  }

  void reset_soon() {
    // A short pause lets loopback deliver the prefix before the RST discards the queue.
    timer_.expires_after(std::chrono::milliseconds(50));
    timer_.async_wait([self = shared_from_this()](error_code) { reset_socket(self->socket_); });
  }

  void half_close() {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    hold(limits_.hold_limit_s);
  }

  // Keeps the connection open, discarding input, until the peer closes or the limit.
  void hold(int seconds) {
    arm(seconds);
    drain();
  }

  void drain() {
    socket_.async_read_some(asio::buffer(sink_), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        self->timer_.cancel();
        error_code ignored;
        self->socket_.close(ignored);
        return;
      }
      self->drain();
    });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  const virtual_host& host_;
  int port_;
  const server_limits& limits_;
  int delay_ms_;
  std::string request_, out_;
  std::optional<reply_plan> plan_;
  std::array<char, 256> sink_{};
  connection_meter::ticket ticket_;  // after socket_: leaves the meter before it closes
};

}  // namespace

void serve_connection(tcp::socket socket, const virtual_host& host, int logical_port,
                      const server_limits& limits, int delay_ms, connection_meter* meter,
                      std::uint32_t addr) {
  auto c = std::make_shared<connection>(std::move(socket), host, logical_port, limits, delay_ms);
  if (meter != nullptr) c->count_in(*meter, addr);
  c->start();
}

}  // namespace iotprobe::mock
