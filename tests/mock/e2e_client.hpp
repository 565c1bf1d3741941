// Test-side helpers for the mock's socket tests: start `iotprobe-mock serve` as a child
// (ports read from its stdout), and a plain blocking-socket client with deadlines. They
// refuse any address outside 127.0.0.0/8; run them only inside scripts/netns-run.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotprobe::testing {

// True when IOTPROBE_E2E_SCALE=small (the sanitizer pass): fleets and connection counts
// shrink, each test still deciding what it names. Start-up speed is a benchmark's business
// (tests/bench/), never a bound here.
bool small_scale();

class mock_process {
 public:
  // Runs IOTPROBE_MOCK_BIN serve <args> --stdin-eof and waits (120 s at most) for "ready".
  explicit mock_process(const std::vector<std::string>& serve_args);
  ~mock_process();
  mock_process(const mock_process&) = delete;
  mock_process& operator=(const mock_process&) = delete;

  std::uint16_t tcp(int logical) const { return tcp_.at(logical); }
  std::uint16_t udp() const { return udp_; }
  double ready_seconds() const { return ready_s_; }
  std::size_t hosts() const { return hosts_; }
  // Sends SIGTERM and returns the exit status (as from waitpid), waiting up to 30 s.
  int terminate();

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::map<int, std::uint16_t> tcp_;
  std::uint16_t udp_ = 0;
  double ready_s_ = 0;
  std::size_t hosts_ = 0;
};

enum class ending { eof, reset, timeout, refused, limit };

struct fetch_result {
  std::string bytes;
  ending end = ending::timeout;
  double first_byte_s = -1;  // since connect; -1 if nothing arrived
  double elapsed_s = 0;
};

// Connects (non-blocking, bounded), returns the fd or -1 (refused / timed out).
int connect_to(const std::string& ip, std::uint16_t port, double timeout_s = 2.0);
// Reads from fd until EOF, reset, `timeout_s` or `max_bytes`.
fetch_result read_all(int fd, double timeout_s, std::size_t max_bytes = SIZE_MAX);
// connect + send `request` (if any) + read_all + close.
fetch_result fetch(const std::string& ip, std::uint16_t port, std::string_view request,
                   double timeout_s = 5.0, std::size_t max_bytes = SIZE_MAX);

struct datagram {
  std::string bytes;
  std::string from;  // source address of the reply
};
// Sends one UDP datagram to ip:port and waits for one answer.
std::optional<datagram> udp_ask(const std::string& ip, std::uint16_t port, std::string_view payload,
                                double timeout_s);

// A connection the server closed at once: RST right after accept (the client may see
// it as a refused or a reset connect) with no byte received.
inline bool closed_at_once(const fetch_result& r) {
  return (r.end == ending::reset || r.end == ending::refused) && r.bytes.empty();
}

std::string get(std::string_view path, std::string_view version = "HTTP/1.1");

}  // namespace iotprobe::testing
