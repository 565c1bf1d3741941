// Runs a scan_engine to the end for a CLI: SIGINT/SIGTERM handling (first: graceful stop
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

}  // namespace

int run_with_signals(boost::asio::io_context& io, scan_engine& engine, target_source next,
                     bool progress, std::uint64_t total) {
  const bool show = progress && isatty(STDERR_FILENO);
  int exit_code = 0;
  int signals_seen = 0;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int number) {
        if (ec) return;
        const int code = number == SIGINT ? 130 : 143;
        if (++signals_seen > 1) std::_Exit(code);  // the second signal: at once
        exit_code = code;
        std::fprintf(stderr, "\niotprobe: signal %d, finishing in-flight hosts (again to abort)\n",
                     number);
        engine.stop(4500);
        signals.async_wait(on_signal);
      };
  signals.async_wait(on_signal);

  // Polls for the end (and redraws progress), then releases the signal set so run() returns.
  const auto began = steady::now();
  boost::asio::steady_timer tick(io);
  auto last_draw = began;
  std::function<void(const boost::system::error_code&)> on_tick =
      [&](const boost::system::error_code& ec) {
        if (ec) return;
        if (show && steady::now() - last_draw >= std::chrono::milliseconds(500)) {
          print_progress(engine.stats(), total, began);
          last_draw = steady::now();
        }
        if (engine.finished()) {
          boost::system::error_code ignored;
          signals.cancel(ignored);
          return;
        }
        tick.expires_after(std::chrono::milliseconds(50));
        tick.async_wait(on_tick);
      };
  tick.expires_after(std::chrono::milliseconds(50));
  tick.async_wait(on_tick);

  engine.start(std::move(next));
  io.run();
  if (show) {
    print_progress(engine.stats(), total, began);
    std::fprintf(stderr, "\n");
  }
  return exit_code;
}

}  // namespace iotprobe::prober
