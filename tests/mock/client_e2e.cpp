// Child-process control and a plain POSIX client for the mock's socket tests. Every wait
// is bounded with poll(); every address is checked to be in 127.0.0.0/8 before use.
#include "e2e_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace iotprobe::testing {
namespace {

using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

::sockaddr_in loopback(const std::string& ip, std::uint16_t port) {
  ::sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1 || (ntohl(sa.sin_addr.s_addr) >> 24) != 127)
    throw std::invalid_argument("test client only talks to 127.0.0.0/8, not " + ip);
  return sa;
}

int remaining_ms(clock_type::time_point t0, double timeout_s) {
  double left = timeout_s - since(t0);
  return left <= 0 ? 0 : static_cast<int>(left * 1000) + 1;
}

void parse_line(const std::string& line, std::map<int, std::uint16_t>& tcp, std::uint16_t& udp,
                std::size_t& hosts) {
  std::istringstream in(line);
  std::string word, proto, logical, wire;
  in >> word;
  if (word == "hosts") in >> hosts;
  if (word != "listening") return;
  in >> proto >> logical >> wire;
  int l = std::stoi(logical.substr(logical.find('=') + 1));
  auto w = static_cast<std::uint16_t>(std::stoi(wire.substr(wire.find('=') + 1)));
  if (proto == "tcp") tcp[l] = w;
  else udp = w;
}

}  // namespace

bool small_scale() {
  const char* scale = std::getenv("IOTPROBE_E2E_SCALE");
  return scale != nullptr && std::string_view(scale) == "small";
}

mock_process::mock_process(const std::vector<std::string>& serve_args) {
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> args{IOTPROBE_MOCK_BIN, "serve"};
  args.insert(args.end(), serve_args.begin(), serve_args.end());
  args.push_back("--stdin-eof");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  auto t0 = clock_type::now();
  int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  stdin_fd_ = in_pipe[1];
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  std::string buffer;
  char chunk[4096];
  while (buffer.find("ready\n") == std::string::npos) {
    ::pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(t0, 120.0)) <= 0) break;
    ssize_t n = ::read(out_pipe[0], chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  ready_s_ = since(t0);
  ::close(out_pipe[0]);
  if (buffer.find("ready\n") == std::string::npos) {
    terminate();
    throw std::runtime_error("iotprobe-mock did not get ready: " + buffer);
  }
  std::istringstream lines(buffer);
  for (std::string line; std::getline(lines, line);) parse_line(line, tcp_, udp_, hosts_);
}

int mock_process::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = -1;
  auto t0 = clock_type::now();
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (since(t0) > 30.0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  return status;
}

mock_process::~mock_process() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  terminate();
}

int connect_to(const std::string& ip, std::uint16_t port, double timeout_s) {
  ::sockaddr_in sa = loopback(ip, port);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<::sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  ::pollfd p{fd, POLLOUT, 0};
  int err = 0;
  socklen_t len = sizeof err;
  if (::poll(&p, 1, static_cast<int>(timeout_s * 1000)) != 1 ||
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

fetch_result read_all(int fd, double timeout_s, std::size_t max_bytes) {
  fetch_result r;
  auto t0 = clock_type::now();
  std::vector<char> chunk(64 * 1024);
  for (;;) {
    ::pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(t0, timeout_s)) <= 0) {
      r.end = ending::timeout;
      break;
    }
    ssize_t n = ::recv(fd, chunk.data(), chunk.size(), 0);
    if (n == 0) {
      r.end = ending::eof;
      break;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      r.end = ending::reset;
      break;
    }
    if (r.first_byte_s < 0) r.first_byte_s = since(t0);
    r.bytes.append(chunk.data(), static_cast<std::size_t>(n));
    if (r.bytes.size() >= max_bytes) {
      r.end = ending::limit;
      break;
    }
  }
  r.elapsed_s = since(t0);
  return r;
}

fetch_result fetch(const std::string& ip, std::uint16_t port, std::string_view request, double timeout_s,
                   std::size_t max_bytes) {
  int fd = connect_to(ip, port, timeout_s);
  if (fd < 0) return fetch_result{{}, ending::refused, -1, 0};
  if (!request.empty()) ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  fetch_result r = read_all(fd, timeout_s, max_bytes);
  ::close(fd);
  return r;
}

std::optional<datagram> udp_ask(const std::string& ip, std::uint16_t port, std::string_view payload,
                                double timeout_s) {
  ::sockaddr_in to = loopback(ip, port);
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<::sockaddr*>(&to), sizeof to);
  ::pollfd p{fd, POLLIN, 0};
  std::optional<datagram> out;
  if (::poll(&p, 1, static_cast<int>(timeout_s * 1000)) == 1) {
    char buf[4096];
    ::sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<::sockaddr*>(&from), &len);
    if (n >= 0) {
      char text[INET_ADDRSTRLEN] = {};
      ::inet_ntop(AF_INET, &from.sin_addr, text, sizeof text);
      out = datagram{std::string(buf, static_cast<std::size_t>(n)), text};
    }
  }
  ::close(fd);
  return out;
}

std::string get(std::string_view path, std::string_view version) {
  return std::string("GET ") + std::string(path) + " " + std::string(version) +
         "\r\nHost: device\r\nUser-Agent: iotprobe-mock-test\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

}  // namespace iotprobe::testing
