// Runs a scan (one engine, or the shards of a threaded run, through run_hooks) to the end
// for a CLI: SIGINT/SIGTERM handling (first: graceful stop within 5 s and exit code 130/143;
// second: immediate _Exit, from the signal handler itself, so it works even while the loop is
// blocked in SQLite) and the one-line progress display on a TTY. It never touches results.
#include "prober/engine.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace iotprobe::prober {
namespace {

using steady = std::chrono::steady_clock;

// Process-wide because a signal handler can reach nothing else: the first stop signal seen
// during run_with_signals (0: none) and the pipe that wakes the loop for it.
volatile std::sig_atomic_t first_stop_signal = 0;
volatile std::sig_atomic_t stop_wake_fd = -1;

int exit_code_for(int number) { return number == SIGINT ? 130 : 143; }

// Async-signal-safe only: the second signal exits at once, wherever the main thread is
// (inside a SQLite busy wait, an fsync, a handler); the first only wakes the loop.
extern "C" void on_stop_signal(int number) {
  if (first_stop_signal != 0) std::_Exit(exit_code_for(number));
  first_stop_signal = number;
  const char byte = static_cast<char>(number);
  [[maybe_unused]] const auto written = ::write(stop_wake_fd, &byte, 1);
}

// Installs on_stop_signal for SIGINT and SIGTERM for one run and restores the previous
// actions afterwards. Each handler blocks the other signal, so two racing signals count
// as first and second, never as two firsts.
class stop_signal_latch {
 public:
  stop_signal_latch() {
    if (::pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("cannot create the signal pipe");
    first_stop_signal = 0;
    stop_wake_fd = fds_[1];
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~stop_signal_latch() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    stop_wake_fd = -1;
    ::close(fds_[1]);
    if (fds_[0] >= 0) ::close(fds_[0]);
  }
  stop_signal_latch(const stop_signal_latch&) = delete;
  stop_signal_latch& operator=(const stop_signal_latch&) = delete;
  // The read end, for the loop to watch (ownership passes to the caller's descriptor).
  int release_read_end() { return std::exchange(fds_[0], -1); }

 private:
  int fds_[2] = {-1, -1};
  struct sigaction old_int_ {}, old_term_ {};
};

std::string eta_text(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "?";
  const auto s = static_cast<long>(seconds);
  return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

void print_progress(const engine_stats& s, std::uint64_t total, steady::time_point began) {
  const double elapsed = std::chrono::duration<double>(steady::now() - began).count();
  const double rate = elapsed > 0 ? static_cast<double>(s.hosts_done) / elapsed : 0;
  const std::uint64_t done = s.hosts_done + s.refused;
  std::string line = total ? fmt::format("{}/{} targets", done, total)
                           : fmt::format("{} targets", done);
  line += fmt::format(", {:.1f} hosts/s, {} open ports, {} in flight", rate, s.open_ports,
                      s.in_flight_hosts);
  if (total && rate > 0) line += ", ETA " + eta_text(static_cast<double>(total - std::min(done, total)) / rate);
  std::fprintf(stderr, "\r%-100s", line.c_str());
  std::fflush(stderr);
}

// The run's two watchers on the loop: the latch's pipe (the first signal: graceful stop; the
// second never reaches the loop, its handler exits) and a 50 ms tick that redraws progress
// and, once the engine has finished, cancels the pipe wait so io.run() can return. Lives on
// the caller's stack for the run.
class run_watch {
 public:
  run_watch(boost::asio::io_context& io, const run_hooks& hooks, bool show, std::uint64_t total)
      : hooks_(hooks), wake_(io, latch_.release_read_end()), tick_(io), show_(show), total_(total) {}

  void arm() {
    wake_.async_read_some(boost::asio::buffer(&wake_byte_, 1),
                          [this](const boost::system::error_code& ec, std::size_t) { on_signal(ec); });
    tick_.expires_after(std::chrono::milliseconds(50));
    tick_.async_wait([this](const boost::system::error_code& ec) { on_tick(ec); });
  }
  void draw_final() const {
    if (!show_) return;
    print_progress(hooks_.stats(), total_, began_);
    std::fprintf(stderr, "\n");
  }
  // From the latch, not from on_signal: the engine may finish (and the pipe wait be
  // cancelled) before the loop reads the wake byte.
  int exit_code() const { return first_stop_signal ? exit_code_for(first_stop_signal) : 0; }

 private:
  void on_signal(const boost::system::error_code& ec) {
    if (ec) return;
    const int number = static_cast<int>(first_stop_signal);
    std::fprintf(stderr, "\niotprobe: signal %d, finishing in-flight hosts (again to abort)\n",
                 number);
    hooks_.stop(4500);
  }
  void on_tick(const boost::system::error_code& ec) {
    if (ec) return;
    if (show_ && steady::now() - last_draw_ >= std::chrono::milliseconds(500)) {
      print_progress(hooks_.stats(), total_, began_);
      last_draw_ = steady::now();
    }
    if (hooks_.finished()) {
      boost::system::error_code ignored;
      wake_.cancel(ignored);
      return;
    }
    tick_.expires_after(std::chrono::milliseconds(50));
    tick_.async_wait([this](const boost::system::error_code& e) { on_tick(e); });
  }

  stop_signal_latch latch_;
  const run_hooks& hooks_;
  boost::asio::posix::stream_descriptor wake_;
  char wake_byte_ = 0;
  boost::asio::steady_timer tick_;
  const bool show_;
  const std::uint64_t total_;
  const steady::time_point began_ = steady::now();
  steady::time_point last_draw_ = began_;
};

}  // namespace

bool stop_signalled() noexcept { return first_stop_signal != 0; }

int run_with_signals(boost::asio::io_context& io, const run_hooks& hooks,
                     const std::function<void()>& start, bool progress, std::uint64_t total) {
  run_watch watch(io, hooks, progress && isatty(STDERR_FILENO), total);
  watch.arm();
  start();
  io.run();
  watch.draw_final();
  return watch.exit_code();
}

int run_with_signals(boost::asio::io_context& io, scan_engine& engine, target_source next,
                     bool progress, std::uint64_t total) {
  const run_hooks hooks{[&engine] { return engine.stats(); },
                        [&engine](int grace_ms) { engine.stop(grace_ms); },
                        [&engine] { return engine.finished(); }};
  return run_with_signals(io, hooks, [&] { engine.start(std::move(next)); }, progress, total);
}

}  // namespace iotprobe::prober
