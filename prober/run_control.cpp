// Runs a scan (one engine, or the shards of a threaded run, through run_hooks) to the end for a CLI: SIGINT/SIGTERM handling (first: graceful stop
// within 5 s and exit code 130/143; second: immediate _Exit) and the one-line progress
// display on a TTY. It never touches results: the engine's sink has them all.
#include "prober/engine.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace iotprobe::prober {
namespace {

using steady = std::chrono::steady_clock;

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

// The run's two watchers on the loop: the signal set (first signal: graceful stop; second:
// _Exit at once) and a 50 ms tick that redraws progress and, once the engine has finished,
// cancels the signal wait so io.run() can return. Lives on the caller's stack for the run.
class run_watch {
 public:
  run_watch(boost::asio::io_context& io, const run_hooks& hooks, bool show, std::uint64_t total)
      : hooks_(hooks), signals_(io, SIGINT, SIGTERM), tick_(io), show_(show), total_(total) {}

  void arm() {
    signals_.async_wait([this](const boost::system::error_code& ec, int n) { on_signal(ec, n); });
    tick_.expires_after(std::chrono::milliseconds(50));
    tick_.async_wait([this](const boost::system::error_code& ec) { on_tick(ec); });
  }
  void draw_final() const {
    if (!show_) return;
    print_progress(hooks_.stats(), total_, began_);
    std::fprintf(stderr, "\n");
  }
  int exit_code() const { return exit_code_; }

 private:
  void on_signal(const boost::system::error_code& ec, int number) {
    if (ec) return;
    const int code = number == SIGINT ? 130 : 143;
    if (++signals_seen_ > 1) std::_Exit(code);  // the second signal: at once
    exit_code_ = code;
    std::fprintf(stderr, "\niotprobe: signal %d, finishing in-flight hosts (again to abort)\n",
                 number);
    hooks_.stop(4500);
    signals_.async_wait([this](const boost::system::error_code& e, int n) { on_signal(e, n); });
  }
  void on_tick(const boost::system::error_code& ec) {
    if (ec) return;
    if (show_ && steady::now() - last_draw_ >= std::chrono::milliseconds(500)) {
      print_progress(hooks_.stats(), total_, began_);
      last_draw_ = steady::now();
    }
    if (hooks_.finished()) {
      boost::system::error_code ignored;
      signals_.cancel(ignored);
      return;
    }
    tick_.expires_after(std::chrono::milliseconds(50));
    tick_.async_wait([this](const boost::system::error_code& e) { on_tick(e); });
  }

  const run_hooks& hooks_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer tick_;
  const bool show_;
  const std::uint64_t total_;
  const steady::time_point began_ = steady::now();
  steady::time_point last_draw_ = began_;
  int exit_code_ = 0;
  int signals_seen_ = 0;
};

}  // namespace

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
