// The public face of iotprobe's prober: admit targets (blocklist, duplicates), run each
// host's probe plan on one io_context under the configured limits, and hand every finished
// host_result to a sink. Single-threaded, no mutexes. It never includes db/: callers
// (prober/cli, `batch`) connect the sink to a store or a JSONL writer.
#pragma once

#include "config/settings.hpp"
#include "parsers/model/host_result.hpp"
#include "prober/blocklist.hpp"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace iotprobe::prober {

// One row of input: the address plus what the input said about it (copied into the result).
struct target_spec {
  std::string ip;
  std::optional<std::string> day, country, tag;
  std::optional<parsers::wall_time> first_seen = std::nullopt;  // the darknet's first sighting, when known
};

// Pull-style input: returns the next target, or nullopt at the end. Called lazily, only
// when the engine has room for another host, so memory follows the in-flight limit.
using target_source = std::function<std::optional<target_spec>()>;
// A pull that may have nothing *yet* (a shard of a threaded run, fed by another thread):
// `later` means "no target now, not the end": the engine waits for resume_input().
struct pulled_target {
  std::optional<target_spec> target;
  bool later = false;
};
using live_source = std::function<pulled_target()>;
// Receives each host as it completes (exactly once per started host, also on stop()).
using result_sink = std::function<void(parsers::host_result)>;
// Fills in the verdict (the fingerprint engine's classify_host); may be empty.
using classify_fn = std::function<parsers::verdict(const parsers::host_result&)>;

enum class admission { accepted, blocklist, exclude, duplicate, bad_address };
std::string_view to_string(admission a) noexcept;

struct admission_result {
  admission verdict = admission::accepted;
  std::string reason;  // human text: "198.18.0.0/15 is reserved (blocklist.conf)"
  bool accepted() const { return verdict == admission::accepted; }
};

// Builds the blocklist the settings describe (blocklist_file + exclude_files + allow).
// Throws std::runtime_error / config::config_error on unreadable or malformed files.
blocklist make_blocklist(const config::settings& settings);

// Admission of input rows: address syntax, blocklist/exclude, and duplicates within a
// bounded window (settings.limits.dedupe_window), so memory stays bounded. Used by the
// engine and by every --dry-run (which sends nothing).
class target_filter {
 public:
  target_filter(const blocklist& blocks, std::size_t dedupe_window);
  ~target_filter();
  target_filter(const target_filter&) = delete;
  target_filter& operator=(const target_filter&) = delete;
  admission_result check(const target_spec& target);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

struct engine_stats {
  std::uint64_t targets_read = 0;    // rows pulled from the source
  std::uint64_t refused = 0;         // not admitted (blocklist, exclude, duplicate, bad)
  std::uint64_t hosts_started = 0;
  std::uint64_t hosts_done = 0;      // handed to the sink
  std::uint64_t open_ports = 0;      // ports whose GET / got any answer
  std::uint64_t http_exchanges = 0;  // HTTP requests completed (any status)
  std::uint64_t connections = 0;     // connection attempts (TCP + UDP)
  std::size_t in_flight_hosts = 0;
  std::size_t in_flight_connections = 0;
};

class politeness_budget;

struct engine_options {
  classify_fn classify;  // empty: verdict left default
  // The run's shared limits (connections and hosts in flight, the connection rate), when
  // several engines draw on one; empty: the engine has its own, from its settings.
  std::shared_ptr<politeness_budget> budget;
  // Called for each row not admitted (blocklist, duplicate, …); may be empty.
  std::function<void(const target_spec&, const admission_result&)> on_refused;
  // Called once when the source is exhausted (or stop()) and the last host is flushed.
  std::function<void()> on_finished;
};

// The scan engine. Construct it before io.run() and destroy it after io.run() returns.
// It copies `settings`; `blocks` is referenced and must outlive the engine.
class scan_engine {
 public:
  scan_engine(boost::asio::io_context& io, const config::settings& settings,
              const blocklist& blocks, result_sink sink, engine_options options = {});
  ~scan_engine();
  scan_engine(const scan_engine&) = delete;
  scan_engine& operator=(const scan_engine&) = delete;

  // Starts pulling targets; returns at once (the work happens in io.run()).
  void start(target_source next);
  // The same over a source that may answer `later`; resume_input() (on the io thread)
  // makes the engine pull again once the source has more.
  void start(live_source next);
  void resume_input();
  // Graceful stop: start no more hosts; in-flight hosts finish or are aborted within
  // `grace_ms` and are still handed to the sink (aborted probes: timeout "stopped").
  void stop(int grace_ms = 5000);
  bool stopping() const;
  bool finished() const;  // source exhausted or stopped, and every host flushed
  const engine_stats& stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Tens of thousands of sockets need more than the usual 1024 descriptors: raises the
// process's soft limit towards `wanted` (never lowers it). Each engine asks for the run's
// in-flight limit, which with one shared budget is also what a threaded run needs.
void raise_fd_limit(std::size_t wanted);

// What run_with_signals drives: a single engine, or the shards of a threaded run.
struct run_hooks {
  std::function<engine_stats()> stats;
  std::function<void(int grace_ms)> stop;
  std::function<bool()> finished;
};

// Convenience for CLIs: runs `engine` over `next` on `io` until finished, with SIGINT /
// SIGTERM handling (first signal: engine.stop(5000), exit code 130/143 returned; second
// signal: std::_Exit at once) and, when `progress` is true and stderr is a TTY, a
// one-line progress display (done/total, hosts/s, open ports, ETA). `total` may be 0
// (unknown). Returns 0, 130 or 143. The sink has been called for every finished host.
int run_with_signals(boost::asio::io_context& io, scan_engine& engine, target_source next,
                     bool progress, std::uint64_t total = 0);
// The same for any run: `start` begins the work, `io` is the loop the signals, the progress
// tick and `hooks` run on; returns once hooks.finished() and `io` has no more work.
int run_with_signals(boost::asio::io_context& io, const run_hooks& hooks,
                     const std::function<void()>& start, bool progress, std::uint64_t total = 0);
// True once SIGINT or SIGTERM arrived during the current (or last) run_with_signals. Safe
// to call from anywhere, e.g. a SQLite busy handler deciding to stop waiting.
bool stop_signalled() noexcept;

}  // namespace iotprobe::prober
