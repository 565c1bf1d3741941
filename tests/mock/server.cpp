// TCP acceptors (one per wire port, bound to 0.0.0.0) and the UDP SSDP responder. The
// accepted socket's local address picks the virtual host; non-loopback local addresses,
// unknown hosts and closed ports get an immediate RST. Never dials out.
#include "server.hpp"

#include "connection.hpp"
#include "ssdp.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <charconv>
#include <chrono>
#include <stdexcept>

namespace iotprobe::mock {
namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

std::vector<port_map_entry> parse_port_map(std::string_view text) {
  std::vector<port_map_entry> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == text.npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    int logical = 0;
    unsigned wire = 0;
    auto [p1, e1] = std::from_chars(item.data(), item.data() + (eq == item.npos ? item.size() : eq), logical);
    bool ok = e1 == std::errc{} && logical > 0 && logical < 65536;
    if (eq == item.npos) {
      wire = static_cast<unsigned>(logical);
    } else {
      auto [p2, e2] = std::from_chars(item.data() + eq + 1, item.data() + item.size(), wire);
      ok = ok && e2 == std::errc{} && p2 == item.data() + item.size() && wire < 65536;
    }
    if (!ok) throw std::invalid_argument("bad port map entry: " + std::string(item));
    out.push_back({logical, static_cast<std::uint16_t>(wire)});
  }
  return out;
}

reply_delay parse_reply_delay(std::string_view text) {
  auto number = [&](std::string_view s) {
    int v = -1;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v < 0 || v > 60000)
      throw std::invalid_argument("bad reply delay: " + std::string(text));
    return v;
  };
  auto dash = text.find('-');
  reply_delay d;
  d.min_ms = number(text.substr(0, dash));
  d.max_ms = dash == text.npos ? d.min_ms : number(text.substr(dash + 1));
  if (d.max_ms < d.min_ms) throw std::invalid_argument("bad reply delay: " + std::string(text));
  return d;
}

int reply_delay_ms(const reply_delay& delay, std::uint32_t addr) {
  if (delay.max_ms <= delay.min_ms) return delay.min_ms;
  std::uint64_t h = addr * 0x9E3779B97F4A7C15ULL;  // Fibonacci hashing spreads nearby addresses
  h ^= h >> 29;
  auto span = static_cast<std::uint64_t>(delay.max_ms - delay.min_ms + 1);
  return delay.min_ms + static_cast<int>(h % span);
}

namespace {

class acceptor {
 public:
  acceptor(asio::io_context& io, const host_table& hosts, port_map_entry port, const server_limits& limits,
           connection_meter* meter)
      : acceptor_(io), retry_(io), hosts_(hosts), logical_(port.logical), limits_(limits), meter_(meter) {
    tcp::endpoint ep(asio::ip::address_v4::any(), port.wire);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  std::uint16_t wire() const { return acceptor_.local_endpoint().port(); }
  void start() { accept(); }

 private:
  void accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        dispatch(std::move(socket));
        return accept();
      }
      // EMFILE and friends: back off briefly instead of spinning; the backlog waits.
      retry_.expires_after(std::chrono::milliseconds(50));
      retry_.async_wait([this](error_code tec) {
        if (!tec) accept();
      });
    });
  }

  void dispatch(tcp::socket socket) {
    error_code ec;
    auto local = socket.local_endpoint(ec);
    if (ec || !local.address().is_v4()) return reset_socket(socket);
    std::uint32_t addr = local.address().to_v4().to_uint();
    const virtual_host* host = (addr >> 24) == 127 ? hosts_.find(addr) : nullptr;
    const port_spec* spec = host ? host->p->port(logical_) : nullptr;
    if (!spec || spec->kind == behaviour::closed) {
      // A closed port's accept + RST is still a connection on the wire.
      connection_meter::ticket counted;
      if (host && meter_) counted = meter_->enter(addr, socket);
      return reset_socket(socket);
    }
    serve_connection(std::move(socket), *host, logical_, limits_,
                     reply_delay_ms(limits_.delay, addr), meter_, addr);
  }

  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  const host_table& hosts_;
  int logical_;
  const server_limits& limits_;
  connection_meter* meter_;
};

}  // namespace

struct server::impl {
  server_limits limits;
  std::vector<std::unique_ptr<acceptor>> acceptors;
  std::unique_ptr<ssdp_responder> ssdp;
};

server::server(asio::io_context& io, const host_table& hosts, const std::vector<port_map_entry>& tcp_ports,
               std::optional<port_map_entry> ssdp, server_limits limits, connection_meter* meter)
    : impl_(std::make_unique<impl>()) {
  impl_->limits = limits;
  for (const auto& p : tcp_ports) {
    impl_->acceptors.push_back(std::make_unique<acceptor>(io, hosts, p, impl_->limits, meter));
    bound_.push_back({"tcp", p.logical, impl_->acceptors.back()->wire()});
  }
  if (ssdp) {
    impl_->ssdp = std::make_unique<ssdp_responder>(io, hosts, ssdp->wire);
    bound_.push_back({"udp", ssdp->logical, impl_->ssdp->wire()});
    impl_->ssdp->start();
  }
  for (auto& a : impl_->acceptors) a->start();
}

server::~server() = default;

}  // namespace iotprobe::mock
