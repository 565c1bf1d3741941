// e2e tests of the curl ⇄ Asio bridge (prober/http_client) against a tiny in-test Asio
// server on 127.0.0.1: raw bytes kept exactly (chunked framing included), byte caps,
// deadlines, refused ports, HTTP/0.9, cancel, and hundreds of concurrent transfers.
#include "prober/http_client.hpp"
#include "prober/socket_probes.hpp"

#include <catch2/catch.hpp>

#include <boost/asio.hpp>

#include <map>
#include <memory>

namespace asio = boost::asio;
using iotprobe::parsers::probe_status;
using namespace iotprobe::prober;

namespace {

// Answers by request path; `/silent` never answers (a tarpit).
class tiny_server {
 public:
  explicit tiny_server(asio::io_context& io)
      : io_(io), acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
  }
  int port() const { return acceptor_.local_endpoint().port(); }

 private:
  struct session {
    explicit session(asio::io_context& io) : socket(io) {}
    asio::ip::tcp::socket socket;
    std::string request, reply;
  };
  void accept() {
    auto s = std::make_shared<session>(io_);
    acceptor_.async_accept(s->socket, [this, s](boost::system::error_code ec) {
      if (ec) return;
      read(s);
      accept();
    });
  }
  void read(const std::shared_ptr<session>& s) {
    asio::async_read_until(s->socket, asio::dynamic_buffer(s->request), "\r\n\r\n",
                           [this, s](boost::system::error_code ec, std::size_t) {
                             if (!ec) answer(s);
                           });
  }
  void answer(const std::shared_ptr<session>& s) {
    const auto path = s->request.substr(4, s->request.find(' ', 4) - 4);
    if (path == "/silent") {
      held_.push_back(s);
      return;
    }
    if (path == "/chunked")
      s->reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    else if (path == "/big")
      s->reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + std::string(1 << 20, 'x');
    else if (path == "/http09")
      s->reply = "just bytes";
    else if (path == "/agent")
      s->reply = "HTTP/1.0 200 OK\r\n\r\n" + s->request;
    else
      s->reply = "HTTP/1.0 404 Not Found\r\n\r\n";
    asio::async_write(s->socket, asio::buffer(s->reply), [s](boost::system::error_code, std::size_t) {
      boost::system::error_code ignored;
      s->socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    });
  }
  asio::io_context& io_;
  asio::ip::tcp::acceptor acceptor_;
  std::vector<std::shared_ptr<session>> held_;
};

http_request request(int port, std::string path) {
  http_request r;
  r.ip = "127.0.0.1";
  r.wire_port = port;
  r.path = std::move(path);
  r.connect_timeout_ms = 1000;
  r.deadline_ms = 1500;
  r.max_header_bytes = 4096;
  r.max_body_bytes = 64 * 1024;
  r.user_agent = "iotprobe-test (https://example.org/contact)";
  return r;
}

// Runs one GET to completion on its own loop (the server shares the loop).
std::map<std::string, http_outcome> fetch_all(const std::vector<std::string>& paths) {
  asio::io_context io;
  tiny_server server(io);
  std::map<std::string, http_outcome> out;
  {
    http_client client(io);
    for (const auto& p : paths)
      client.get(request(server.port(), p), [&out, p](http_outcome o) { out[p] = std::move(o); });
    asio::steady_timer stop(io, std::chrono::seconds(10));  // a guard: every path ends sooner
    stop.async_wait([&io](boost::system::error_code) { io.stop(); });
    while (out.size() < paths.size() && !io.stopped()) io.run_one();
  }
  return out;
}

}  // namespace

TEST_CASE("raw bytes are kept exactly, chunk framing included", "[e2e][http_client]") {
  auto out = fetch_all({"/chunked", "/http09", "/agent", "/missing"});
  CHECK(out["/chunked"].status == probe_status::ok);
  CHECK(out["/chunked"].raw ==
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  CHECK(out["/chunked"].connected);
  CHECK(out["/http09"].status == probe_status::ok);
  CHECK(out["/http09"].raw == "just bytes");
  CHECK(out["/agent"].raw.find("User-Agent: iotprobe-test (https://example.org/contact)") !=
        std::string::npos);
  CHECK(out["/agent"].raw.find("Connection: close") != std::string::npos);
  CHECK(out["/missing"].status == probe_status::ok);  // transport ok; plan.cpp makes it http_error
  CHECK(out["/missing"].raw == "HTTP/1.0 404 Not Found\r\n\r\n");
}

TEST_CASE("a body past its cap is too_large and keeps exactly the cap", "[e2e][http_client]") {
  auto out = fetch_all({"/big"});
  const auto& big = out["/big"];
  CHECK(big.status == probe_status::too_large);
  CHECK(big.capped);
  const std::string head = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n";
  CHECK(big.raw.size() == head.size() + 64 * 1024);
  CHECK(big.raw.compare(0, head.size(), head) == 0);
}

TEST_CASE("a silent server ends in timeout at the transfer deadline", "[e2e][http_client]") {
  const auto t0 = std::chrono::steady_clock::now();
  auto out = fetch_all({"/silent"});
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(out["/silent"].status == probe_status::timeout);
  CHECK(out["/silent"].raw.empty());
  CHECK(took >= std::chrono::milliseconds(1400));  // not before the 1.5 s deadline
  // Ended by the deadline, not by fetch_all's 10 s guard (which leaves no outcome at all).
  CHECK(took < std::chrono::milliseconds(9500));
}

TEST_CASE("a closed port is refused", "[e2e][http_client]") {
  asio::io_context io;
  int port = 0;
  {
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  std::optional<http_outcome> result;
  {
    http_client client(io);
    client.get(request(port, "/"), [&](http_outcome o) { result = std::move(o); });
    io.run();
  }
  REQUIRE(result);
  CHECK(result->status == probe_status::refused);
  CHECK_FALSE(result->connected);
}

TEST_CASE("cancel drops a transfer silently and leaves no work behind", "[e2e][http_client]") {
  asio::io_context io;
  tiny_server server(io);
  http_client client(io);
  int called = 0;
  const auto id = client.get(request(server.port(), "/silent"), [&](http_outcome) { ++called; });
  std::optional<http_outcome> other;
  client.get(request(server.port(), "/chunked"), [&](http_outcome o) { other = std::move(o); });
  asio::steady_timer t(io, std::chrono::milliseconds(200));
  t.async_wait([&](boost::system::error_code) { client.cancel(id); });
  asio::steady_timer stop(io, std::chrono::seconds(30));  // a guard only: never reached when it works
  stop.async_wait([&](boost::system::error_code) { io.stop(); });
  while (!io.stopped() && (client.active() > 0 || !other || t.expiry() > std::chrono::steady_clock::now()))
    io.run_one();
  CHECK(called == 0);
  CHECK(client.active() == 0);
  REQUIRE(other);
  CHECK(other->status == probe_status::ok);
}

TEST_CASE("hundreds of concurrent transfers all complete on one thread", "[e2e][http_client]") {
  asio::io_context io;
  tiny_server server(io);
  int ok = 0, done = 0;
  {
    http_client client(io);
    for (int i = 0; i < 400; ++i)
      client.get(request(server.port(), "/chunked"), [&](http_outcome o) {
        ++done;
        if (o.status == probe_status::ok && o.raw.size() == 62) ++ok;
      });
    asio::steady_timer stop(io, std::chrono::seconds(120));  // a guard only
    stop.async_wait([&](boost::system::error_code) { io.stop(); });
    while (done < 400 && !io.stopped()) io.run_one();
    CHECK(client.active() == 0);
  }
  CHECK(done == 400);
  CHECK(ok == 400);
}

TEST_CASE("SSDP: the documented M-SEARCH, a reply collected, and refused without a listener", "[e2e][ssdp]") {
  CHECK(m_search_text("upnp:rootdevice") ==
        "M-SEARCH * HTTP/1.1\r\nHost:239.255.255.250:1900\r\nST:upnp:rootdevice\r\n"
        "Man:\"ssdp:discover\"\r\nMX:3\r\n\r\n");
  asio::io_context io;
  asio::ip::udp::socket listener(io, {asio::ip::make_address("127.0.0.1"), 0});
  const int port = listener.local_endpoint().port();
  std::string got;
  std::vector<char> buf(2048);
  asio::ip::udp::endpoint from;
  listener.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code ec, std::size_t n) {
    if (ec) return;
    got.assign(buf.data(), n);
    const std::string reply = "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: http://127.0.0.1:52869/x.xml\r\n\r\n";
    listener.send_to(asio::buffer(reply), from);
  });
  std::optional<socket_outcome> result;
  auto probe = ssdp_search(io, ssdp_request{"127.0.0.1", port, "upnp:rootdevice", 300, 8192, 8},
                           [&](socket_outcome o) { result = std::move(o); });
  io.run();
  REQUIRE(result);
  CHECK(result->status == probe_status::ok);
  REQUIRE(result->messages.size() == 1);
  CHECK(result->messages[0].find("LOCATION: http://127.0.0.1:52869/x.xml") != std::string::npos);
  CHECK(got.rfind("M-SEARCH * HTTP/1.1\r\n", 0) == 0);

  // Nothing listening: the ICMP port-unreachable comes back on the connected socket.
  const int closed_port = port;
  listener.close();
  result.reset();
  io.restart();
  probe = ssdp_search(io, ssdp_request{"127.0.0.1", closed_port, "upnp:rootdevice", 1000, 8192, 8},
                      [&](socket_outcome o) { result = std::move(o); });
  io.run();
  REQUIRE(result);
  CHECK(result->status == probe_status::refused);
  CHECK(result->messages.empty());
}
