// e2e (issue 14): an SSDP LOCATION that passes every other follow rule (same IP, configured
// port, allowed path) is still refused by the blocklist when the blocklist says so at the
// moment of the follow. An in-test UDP responder on 127.0.7.1 answers the M-SEARCH and, as
// it answers, excludes the target: so the refusal can only come from decide_follow asking
// the blocklist, never from the "not the target" rule. Loopback only (scripts/netns-run).
#include "config/settings.hpp"
#include "prober/engine.hpp"

#include <catch2/catch.hpp>

#include <boost/asio.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace iotprobe;
using parsers::probe_kind;
using parsers::probe_status;

namespace {

constexpr const char* target_ip = "127.0.7.1";

// Replies once to an M-SEARCH with a LOCATION on the target itself, then calls `after`.
class ssdp_responder {
 public:
  ssdp_responder(asio::io_context& io, std::function<void()> after)
      : socket_(io, {asio::ip::make_address(target_ip), 0}), after_(std::move(after)) {
    socket_.async_receive_from(asio::buffer(buffer_), peer_, [this](boost::system::error_code ec, std::size_t) {
      if (ec) return;
      reply_ = std::string("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nEXT:\r\n") +
               "LOCATION: http://" + target_ip + ":80/unlisted/desc.xml\r\n\r\n";
      socket_.send_to(asio::buffer(reply_), peer_);
      after_();
    });
  }
  int port() const { return socket_.local_endpoint().port(); }

 private:
  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint peer_;
  std::array<char, 2048> buffer_{};
  std::string reply_;
  std::function<void()> after_;
};

// A TCP port on the target that nothing listens on: the HTTP probes end at once (refused).
int closed_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor a(io, {asio::ip::make_address(target_ip), 0});
  return a.local_endpoint().port();
}

}  // namespace

TEST_CASE("a LOCATION on the target itself is refused by the blocklist asked at follow time",
          "[e2e][ssdp][blocklist]") {
  asio::io_context io;
  prober::blocklist blocks;  // empty: the target is admitted and probed
  ssdp_responder responder(io, [&blocks] { blocks.add_exclude(std::string(target_ip) + "/32"); });
  config::settings settings = config::load_settings();
  settings.ports_override = std::vector<int>{80};
  settings.port_map = {{80, closed_port()}, {1900, responder.port()}};
  settings.limits.ssdp_window_ms = 300;
  settings.limits.connect_timeout_ms = 1000;
  settings.limits.transfer_deadline_ms = 2000;

  std::vector<parsers::host_result> results;
  prober::scan_engine engine(io, settings, blocks, [&](parsers::host_result r) { results.push_back(std::move(r)); });
  bool given = false;
  engine.start([&]() -> std::optional<prober::target_spec> {
    if (given) return std::nullopt;
    given = true;
    return prober::target_spec{target_ip, {}, {}, {}};
  });
  asio::steady_timer guard(io, std::chrono::seconds(60));
  guard.async_wait([&io](boost::system::error_code ec) {
    if (!ec) io.stop();
  });
  while (!engine.finished() && !io.stopped()) io.run_one();

  REQUIRE(results.size() == 1);
  const auto& probes = results.front().probes;
  const auto ssdp = std::find_if(probes.begin(), probes.end(), [](const parsers::probe_result& p) {
    return p.probe == probe_kind::ssdp && p.status == probe_status::ok;
  });
  REQUIRE(ssdp != probes.end());  // the reply arrived, so the LOCATION was known
  const auto location = std::find_if(probes.begin(), probes.end(), [](const parsers::probe_result& p) {
    return p.probe == probe_kind::location;
  });
  REQUIRE(location != probes.end());
  INFO(location->detail);
  CHECK(location->status == probe_status::blocked);
  CHECK(location->path == std::string("http://") + target_ip + ":80/unlisted/desc.xml");
  CHECK(location->detail.find("not the target") == std::string::npos);
  CHECK(location->detail.find(std::string(target_ip) + "/32") != std::string::npos);  // the exclude
  CHECK(location->raw.empty());  // nothing was fetched
}
