// Socket tests of `iotprobe-mock serve` (label e2e, inside scripts/netns-run): every
// persona answers byte for byte as its files say, and every hostile persona behaves as
// named. One server serves the whole catalogue, one persona per 127.20.0.x address.
#include "e2e_client.hpp"
#include "virtual_host.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

using namespace iotprobe::mock;
using namespace iotprobe::testing;

namespace {

struct catalogue {
  std::map<std::string, persona> personas = load_personas(default_personas_dir());
  std::map<std::string, std::string> ip_of;
  std::unique_ptr<mock_process> server;

  catalogue() {
    std::vector<std::string> args{"--ports", "80=0,81=0,52869=0,52881=0,37215=0,8080=0,9530=0",
                                  "--ssdp-port", "0"};
    int n = 1;
    for (const auto& [name, p] : personas) {
      ip_of[name] = fmt::format("127.20.0.{}", n++);
      args.push_back("--host");
      args.push_back(name + "@" + ip_of[name]);
    }
    server = std::make_unique<mock_process>(args);
  }

  virtual_host host(const std::string& name) const {
    const persona& p = personas.at(name);
    return {&p, device_values_for_host(p, ip_of.at(name))};
  }
  std::string expected(const std::string& name, int port, const std::string& request) const {
    auto plan = plan_reply(host(name), port, request);
    return plan ? plan->bytes : std::string();
  }
  fetch_result fetch(const std::string& name, int port, const std::string& request, double timeout = 5) const {
    return iotprobe::testing::fetch(ip_of.at(name), server->tcp(port), request, timeout);
  }
};

catalogue& cat() {
  static catalogue c;
  return c;
}

const char* ending_name(ending e) {
  switch (e) {
    case ending::eof: return "eof";
    case ending::reset: return "reset";
    case ending::timeout: return "timeout";
    case ending::refused: return "refused";
    case ending::limit: return "limit";
  }
  return "?";
}

}  // namespace

TEST_CASE("the server gets ready and reports every port", "[mock][e2e]") {
  auto& c = cat();
  CHECK(c.server->hosts() == c.personas.size());
  for (int port : {80, 81, 52869, 52881, 37215, 8080, 9530}) CHECK(c.server->tcp(port) > 0);
  CHECK(c.server->udp() > 0);
}

TEST_CASE("every normal route of every persona answers byte for byte", "[mock][e2e]") {
  auto& c = cat();
  std::size_t checked = 0;
  for (const auto& [name, p] : c.personas) {
    for (const auto& spec : p.ports) {
      if (spec.kind != behaviour::normal) continue;
      for (const auto& r : spec.routes) {
        std::string req = get(r.path == "*" ? "/no-such-page.cgi" : r.path);
        INFO(name << " port " << spec.port << " " << r.file);
        auto got = c.fetch(name, spec.port, req);
        std::string want = c.expected(name, spec.port, req);
        CHECK(ending_name(got.end) == std::string("eof"));
        CHECK(got.bytes.size() == want.size());
        bool same = got.bytes == want;
        CHECK(same);
        ++checked;
      }
    }
  }
  CHECK(checked > 45);
}

TEST_CASE("wire quirks: echoed version, Server-less 404, empty reason", "[mock][e2e]") {
  auto& c = cat();
  CHECK(c.fetch("realtek_generic", 52869, get("/picsdesc.xml", "HTTP/1.0")).bytes.rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
  auto nf = c.fetch("realtek_generic", 52869, get("/")).bytes;
  CHECK(nf.rfind("HTTP/1.1 404 Not found\r\nConnection: close\r\nContent-type: text/html\r\n\r\n", 0) == 0);
  CHECK(nf.find("Server:") == std::string::npos);
  CHECK(c.fetch("huawei_hg532", 37215, get("/", "HTTP/1.0")).bytes.rfind("HTTP/1.1 404 \r\n", 0) == 0);
  CHECK(c.fetch("micro_httpd", 80, get("/")).bytes.rfind("HTTP/1.1 200 Ok\r\nServer: micro_httpd\r\n", 0) == 0);
  CHECK(c.fetch("wificam", 81, get("/")).bytes.find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"") != std::string::npos);
}

TEST_CASE("closed ports, unopened ports and unknown hosts are reset at once", "[mock][e2e]") {
  auto& c = cat();
  for (int port : {80, 81, 52869, 52881, 37215}) {
    auto r = c.fetch("closed_ports", port, get("/"), 2);
    INFO(port << " " << ending_name(r.end));
    CHECK(closed_at_once(r));  // a reset or refusal: the 2 s read timeout never fired
  }
  auto cam80 = c.fetch("wificam", 80, get("/"), 2);  // WIFICAM does not open 80
  CHECK(closed_at_once(cam80));
  auto nobody = iotprobe::testing::fetch("127.30.0.1", c.server->tcp(80), get("/"), 2);
  CHECK(closed_at_once(nobody));
}

TEST_CASE("tarpit sends nothing and keeps the connection open", "[mock][e2e]") {
  auto& c = cat();
  for (int port : {80, 52869}) {
    auto r = c.fetch("tarpit", port, get("/"), 2.0);
    CHECK(r.end == ending::timeout);
    CHECK(r.bytes.empty());
    CHECK(r.elapsed_s >= 1.9);
  }
}

TEST_CASE("trickle sends about one byte per second", "[mock][e2e]") {
  auto& c = cat();
  std::string req = get("/");
  auto r = c.fetch("trickle", 80, req, 3.5);
  CHECK(r.end == ending::timeout);
  // One byte a second: at most five in 3.5 s; at least two even when a loaded machine
  // fires the server's timers late.
  CHECK(r.bytes.size() >= 2);
  CHECK(r.bytes.size() <= 5);
  CHECK(c.expected("trickle", 80, req).rfind(r.bytes, 0) == 0);
}

TEST_CASE("endless body never ends; 10 MB body and 1 MB header arrive whole", "[mock][e2e]") {
  auto& c = cat();
  auto endless = iotprobe::testing::fetch(c.ip_of.at("endless_body"), c.server->tcp(80), get("/"), 5, 4 * 1024 * 1024);
  CHECK(endless.end == ending::limit);
  CHECK(endless.bytes.rfind("HTTP/1.1 200 OK\r\nServer: hostile\r\n", 0) == 0);
  CHECK(endless.bytes.find("Content-Length") == std::string::npos);
  auto big = c.fetch("huge_body", 80, get("/"), 10);
  CHECK(big.end == ending::eof);
  CHECK(big.bytes.size() - (big.bytes.find("\r\n\r\n") + 4) == 10u * 1024 * 1024);
  auto header = c.fetch("huge_header", 80, get("/"), 10);
  CHECK(header.end == ending::eof);
  CHECK(header.bytes.find("\r\n\r\n") > 1024u * 1024);
}

TEST_CASE("binary greeting comes before any request", "[mock][e2e]") {
  auto& c = cat();
  int fd = connect_to(c.ip_of.at("binary_greeting"), c.server->tcp(80));
  REQUIRE(fd >= 0);
  auto first = read_all(fd, 1.0);
  CHECK(first.end == ending::timeout);  // the server now waits for a request
  CHECK(first.bytes == c.expected("binary_greeting", 80, ""));
  CHECK(first.bytes.substr(0, 4) == std::string("\x00\x01\x02\xff", 4));
  std::string req = get("/");
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  CHECK(read_all(fd, 2.0).end == ending::eof);
  ::close(fd);
}

TEST_CASE("Xiongmai 9530 answers a binary knock with randNum:", "[mock][e2e]") {
  auto& c = cat();
  auto r = c.fetch("xiongmai", 9530, std::string("\x15OpenTelnet:OpenOnce\x00", 21), 3);
  CHECK(r.end == ending::eof);
  CHECK(r.bytes == "randNum:Kx8Yq2Wd");
  auto silent = c.fetch("xiongmai", 9530, "", 0.5);  // no knock, no answer
  CHECK(silent.end == ending::timeout);
  CHECK(silent.bytes.empty());
}

TEST_CASE("reset in mid-response and half-close", "[mock][e2e]") {
  auto& c = cat();
  std::string req = get("/");
  auto mid = c.fetch("reset_mid", 80, req, 3);
  CHECK(mid.end == ending::reset);
  CHECK(mid.bytes == c.expected("reset_mid", 80, req).substr(0, 60));

  int fd = connect_to(c.ip_of.at("half_close"), c.server->tcp(80));
  REQUIRE(fd >= 0);
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  auto half = read_all(fd, 3.0);
  CHECK(half.end == ending::eof);
  CHECK(half.bytes == c.expected("half_close", 80, req).substr(0, 130));
  CHECK(half.bytes.find("Content-Length: ") != std::string::npos);  // promised more than sent
  // The server only shut down its sending side: our writes still succeed, no RST comes.
  CHECK(::send(fd, "more", 4, MSG_NOSIGNAL) == 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(read_all(fd, 0.5).end == ending::eof);
  ::close(fd);
}

TEST_CASE("redirects and broken framing are served as written", "[mock][e2e]") {
  auto& c = cat();
  CHECK(c.fetch("redirect_loop", 80, get("/")).bytes.find("\r\nLocation: /a\r\n") != std::string::npos);
  CHECK(c.fetch("redirect_loop", 80, get("/a")).bytes.find("\r\nLocation: /\r\n") != std::string::npos);
  CHECK(c.fetch("http09", 80, "GET /\r\n\r\n").bytes.rfind("<html>", 0) == 0);
  CHECK(c.fetch("bad_chunked", 80, get("/")).bytes.find("\r\nzz9\r\n") != std::string::npos);
}

TEST_CASE("unicast SSDP answers per virtual host, from that host's address", "[mock][e2e]") {
  auto& c = cat();
  std::string search = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n";
  for (const char* name : {"logitec_router", "realtek_igd_only", "huawei_hg532", "media_renderer",
                           "ssdp_location_blocked", "ssdp_location_other_host"}) {
    INFO(name);
    auto reply = udp_ask(c.ip_of.at(name), c.server->udp(), search, 2.0);
    REQUIRE(reply);
    CHECK(reply->from == c.ip_of.at(name));
    CHECK(reply->bytes == *plan_ssdp(c.host(name), search));
  }
  auto blocked = udp_ask(c.ip_of.at("ssdp_location_blocked"), c.server->udp(), search, 2.0);
  REQUIRE(blocked);
  CHECK(blocked->bytes.find("\r\nLocation: http://192.0.2.1:52869/picsdesc.xml\r\n") != std::string::npos);
  std::string all = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n";
  CHECK_FALSE(udp_ask(c.ip_of.at("realtek_generic"), c.server->udp(), all, 0.5));  // miniigd ignores it
  CHECK_FALSE(udp_ask(c.ip_of.at("wificam"), c.server->udp(), search, 0.5));  // no SSDP at all
}

TEST_CASE("thousands of tarpit connections cost the server nothing visible", "[mock][e2e]") {
  auto& c = cat();
  ::rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &lim);
  const std::size_t tarpits = small_scale() ? 500 : 2000;
  std::size_t want = std::min<std::size_t>(tarpits, lim.rlim_cur > 200 ? lim.rlim_cur - 200 : 0);
  std::vector<int> held;
  std::string req = get("/");
  for (std::size_t i = 0; i < want; ++i) {
    int fd = connect_to(c.ip_of.at("tarpit"), c.server->tcp(80));
    if (fd < 0) break;
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    held.push_back(fd);
  }
  CHECK(held.size() == want);
  // A server stalled by the tarpits would let this read time out instead of reaching EOF.
  auto r = c.fetch("ddwrt", 80, req, 10);
  CHECK(r.end == ending::eof);
  CHECK(r.bytes == c.expected("ddwrt", 80, req));
  std::size_t spoke = 0;
  for (int fd : held) {
    ::pollfd p{fd, POLLIN, 0};
    spoke += ::poll(&p, 1, 0) != 0;
    ::close(fd);
  }
  CHECK(spoke == 0);
}

TEST_CASE("--reply-delay-ms holds answers back, never resets", "[mock][e2e]") {
  mock_process p({"--ports", "80=0", "--ssdp-port", "-1", "--reply-delay-ms", "150",
                  "--host", "ddwrt@127.21.0.3"});
  auto r = fetch("127.21.0.3", p.tcp(80), get("/"), 5);
  CHECK(r.end == ending::eof);
  CHECK(r.bytes.rfind("HTTP/1.1 200 Ok\r\n", 0) == 0);
  CHECK(r.first_byte_s >= 0.14);
  CHECK(r.first_byte_s < 10.0);  // generous: a loaded machine is slow, never early
  auto nobody = fetch("127.21.0.4", p.tcp(80), get("/"), 2);  // unknown host: RST at once
  CHECK(closed_at_once(nobody));
}

TEST_CASE("serve exits cleanly on SIGTERM", "[mock][e2e]") {
  mock_process p({"--ports", "80=0", "--ssdp-port", "-1", "--host", "ddwrt@127.21.0.1"});
  CHECK(p.hosts() == 1);
  int status = p.terminate();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

// The middle process waits for the server's "ready" (printed after PR_SET_PDEATHSIG),
// then dies: no sleep decides whether the server was watching its parent yet.
[[noreturn]] void start_server_then_die(int report_fd) {
  int out[2];
  if (::pipe(out) != 0) ::_exit(126);
  pid_t server = ::fork();
  if (server == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::execl(IOTPROBE_MOCK_BIN, IOTPROBE_MOCK_BIN, "serve", "--persona", "ddwrt", "--ip", "127.21.0.2",
            "--ports", "80=0", "--ssdp-port", "-1", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string seen;
  char chunk[256];
  for (ssize_t n; seen.find("ready\n") == std::string::npos && (n = ::read(out[0], chunk, sizeof chunk)) > 0;)
    seen.append(chunk, static_cast<std::size_t>(n));
  ::write(report_fd, &server, sizeof server);
  ::_exit(0);
}

TEST_CASE("serve exits when its parent dies", "[mock][e2e]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t middle = ::fork();
  REQUIRE(middle >= 0);
  if (middle == 0) {  // the parent-to-be: start the server, report its pid once ready, die
    ::close(fds[0]);
    start_server_then_die(fds[1]);
  }
  ::close(fds[1]);
  pid_t server = -1;
  REQUIRE(::read(fds[0], &server, sizeof server) == sizeof server);
  ::close(fds[0]);
  ::waitpid(middle, nullptr, 0);
  // Orphans go to another reaper, which may leave a zombie: "gone or Z" both mean exited.
  auto exited = [server] {
    std::ifstream status(fmt::format("/proc/{}/status", server));
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("State:", 0) == 0) return line.find('Z') != std::string::npos;
    return true;
  };
  bool gone = false;
  for (int i = 0; i < 600 && !gone; ++i) {  // polls for the exit, 30 s at most
    gone = exited();
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(gone);
  if (!gone) ::kill(server, SIGKILL);
}
