// The fan-out and fan-in of a threaded scan, and the prober's only cross-thread code.
// Contract: exactly three things cross threads. (1) Input: the hub pushes admitted targets
// into a shard's queue and the shard's engine pops them, both under that shard's mutex;
// a shard that found its queue empty is woken by a post of resume_input() to its loop,
// and a full queue, once half drained, posts a refill to the hub. (2) Results: every
// finished host (and the engine's counters) is posted to the hub's io_context, where
// alone the sink runs. (3) The politeness budget, which every engine draws on
// (politeness_budget.cpp). Otherwise engines share nothing: each has its own io_context,
// curl multi handle and hosts, and is built and destroyed on the hub.
#include "prober/sharded_scan.hpp"

#include "prober/politeness_budget.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace iotprobe::prober {

std::size_t usable_threads(const config::settings& settings, std::size_t wanted) {
  if (wanted == 0) wanted = std::max(1U, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(wanted, 1, std::max<std::size_t>(1, settings.limits.max_in_flight));
}

config::settings shard_settings(const config::settings& settings) {
  config::settings out = settings;
  out.limits.dedupe_window = 0;
  return out;
}

std::size_t shard_of(const target_spec& target, std::size_t count) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(target.ip, ec);
  if (ec || count <= 1) return 0;
  const auto key = address_key(address);
  std::uint64_t h = static_cast<std::uint64_t>(key) ^ (static_cast<std::uint64_t>(key >> 64) * 0x9e3779b97f4a7c15ULL);
  h ^= h >> 33;  // a murmur finaliser: neighbouring addresses spread over the shards
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h % count);
}

struct sharded_scan::impl {
  virtual ~impl() = default;
  virtual int run(target_source next, bool progress, std::uint64_t total) = 0;
  virtual bool stopping() const = 0;
  virtual void stop(int grace_ms) = 0;
  virtual engine_stats stats() const = 0;
  std::size_t threads = 1;
};

namespace {

// --threads 1: the engine on the calling thread, as before threads existed.
struct one_engine final : sharded_scan::impl {
  one_engine(const config::settings& s, const blocklist& b, result_sink sink, engine_options o)
      : engine(io, s, b, std::move(sink), std::move(o)) {}
  int run(target_source next, bool progress, std::uint64_t total) override {
    return run_with_signals(io, engine, std::move(next), progress, total);
  }
  bool stopping() const override { return engine.stopping(); }
  void stop(int grace_ms) override { engine.stop(grace_ms); }
  engine_stats stats() const override { return engine.stats(); }

  boost::asio::io_context io;
  scan_engine engine;
};

// Targets a hub may queue for one shard before it waits: enough to refill the engine's
// in-flight hosts twice over while memory stays independent of the input's size.
constexpr std::size_t queue_capacity = 1024;

struct shard {
  boost::asio::io_context io{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  std::unique_ptr<scan_engine> engine;
  std::thread thread;
  std::mutex mu;  // guards the four members below
  std::deque<target_spec> queue;
  bool closed = false;       // the hub has no more targets for this shard
  bool starved = false;      // the engine was told `later` and waits for resume_input()
  bool hub_waiting = false;  // the hub holds a target for this full queue
  engine_stats seen;         // hub thread only: the engine's latest counters
  bool finished = false;     // hub thread only
};

struct hub final : sharded_scan::impl {
  hub(const config::settings& s, const blocklist& b, result_sink sink, engine_options o, std::size_t n)
      : settings(s), sink(std::move(sink)), options(std::move(o)), filter(b, s.limits.dedupe_window) {
    threads = n;
    engine_options per_shard;
    per_shard.classify = options.classify;
    per_shard.budget = std::make_shared<politeness_budget>(s.limits, n);
    const auto engine_settings = shard_settings(s);
    for (std::size_t k = 0; k < n; ++k) {
      auto& sh = *shards.emplace_back(std::make_unique<shard>());
      per_shard.on_finished = [this, &sh] { on_shard_finished(sh); };
      sh.engine = std::make_unique<scan_engine>(
          sh.io, engine_settings, b, [this, &sh](parsers::host_result r) { hand_back(sh, std::move(r)); },
          per_shard);
    }
  }
  ~hub() override {
    for (auto& sh : shards) {
      if (!sh->thread.joinable()) continue;
      sh->io.stop();  // only on an abnormal exit: run() joins every thread itself
      sh->thread.join();
    }
  }

  int run(target_source next, bool progress, std::uint64_t total) override;
  bool stopping() const override { return stop_asked; }
  engine_stats stats() const override;

  void fill();
  bool offer(shard& sh, target_spec& target);
  pulled_target take(shard& sh);
  void close_all();
  void hand_back(shard& sh, parsers::host_result result);
  void on_shard_finished(shard& sh);
  void stop(int grace_ms) override;

  boost::asio::io_context io{1};  // the hub's loop: signals, progress, results, refills
  config::settings settings;
  result_sink sink;
  engine_options options;
  target_filter filter;
  std::vector<std::unique_ptr<shard>> shards;
  target_source next;
  std::optional<target_spec> held;  // admitted, waiting for room in shards[held_shard]
  std::size_t held_shard = 0;
  bool source_done = false, stop_asked = false;
  std::uint64_t targets_read = 0, refused = 0;
  std::size_t shards_finished = 0;
};

int hub::run(target_source source, bool progress, std::uint64_t total) {
  next = std::move(source);
  for (auto& sh : shards) {
    sh->engine->start(live_source([this, s = sh.get()] { return take(*s); }));
    sh->thread = std::thread([s = sh.get()] { s->io.run(); });
  }
  const run_hooks hooks{[this] { return stats(); }, [this](int grace_ms) { stop(grace_ms); },
                        [this] { return shards_finished == shards.size(); }};
  const int rc = run_with_signals(io, hooks, [this] { fill(); }, progress, total);
  for (auto& sh : shards) {
    sh->thread.join();
    sh->seen = sh->engine->stats();  // the thread is gone: its counters are final
  }
  return rc;
}

// Hub thread: pulls, admits and queues targets until the source ends or a queue is full.
void hub::fill() {
  while (!stop_asked && !source_done) {
    if (!held) {
      auto target = next ? next() : std::nullopt;
      if (!target) {
        source_done = true;
        close_all();
        return;
      }
      ++targets_read;
      const auto verdict = filter.check(*target);
      if (!verdict.accepted()) {
        ++refused;
        if (options.on_refused) options.on_refused(*target, verdict);
        continue;
      }
      held_shard = shard_of(*target, shards.size());
      held = std::move(target);
    }
    if (!offer(*shards[held_shard], *held)) return;  // the shard posts fill() when drained
    held.reset();
  }
}

bool hub::offer(shard& sh, target_spec& target) {
  bool wake = false;
  {
    std::lock_guard lock(sh.mu);
    if (sh.queue.size() >= queue_capacity) {
      sh.hub_waiting = true;
      return false;
    }
    sh.queue.push_back(std::move(target));
    wake = std::exchange(sh.starved, false);
  }
  if (wake) boost::asio::post(sh.io, [s = &sh] { s->engine->resume_input(); });
  return true;
}

void hub::close_all() {
  for (auto& sh : shards) {
    bool wake = false;
    {
      std::lock_guard lock(sh->mu);
      sh->closed = true;
      wake = std::exchange(sh->starved, false);
    }
    if (wake) boost::asio::post(sh->io, [s = sh.get()] { s->engine->resume_input(); });
  }
}

// Shard thread: the engine's source.
pulled_target hub::take(shard& sh) {
  pulled_target out;
  bool refill = false;
  {
    std::lock_guard lock(sh.mu);
    if (sh.queue.empty()) {
      out.later = !sh.closed;
      sh.starved = out.later;
    } else {
      out.target = std::move(sh.queue.front());
      sh.queue.pop_front();
      refill = sh.hub_waiting && sh.queue.size() <= queue_capacity / 2;
      if (refill) sh.hub_waiting = false;
    }
  }
  if (refill) boost::asio::post(io, [this] { fill(); });
  return out;
}

// Shard thread: a finished host goes to the hub, with the engine's counters of that moment.
void hub::hand_back(shard& sh, parsers::host_result result) {
  boost::asio::post(io, [this, s = &sh, r = std::move(result), counters = sh.engine->stats()]() mutable {
    s->seen = counters;
    if (sink) sink(std::move(r));
  });
}

// Shard thread: the engine is done; its loop may end once its last handlers have run.
void hub::on_shard_finished(shard& sh) {
  sh.guard.reset();
  boost::asio::post(io, [this, s = &sh, counters = sh.engine->stats()] {
    s->seen = counters;
    s->finished = true;
    if (++shards_finished == shards.size() && options.on_finished) options.on_finished();
  });
}

void hub::stop(int grace_ms) {
  if (stop_asked) return;
  stop_asked = true;
  for (auto& sh : shards) boost::asio::post(sh->io, [s = sh.get(), grace_ms] { s->engine->stop(grace_ms); });
}

engine_stats hub::stats() const {
  engine_stats sum;
  for (const auto& sh : shards) {
    const auto& c = sh->seen;
    sum.hosts_started += c.hosts_started;
    sum.hosts_done += c.hosts_done;
    sum.open_ports += c.open_ports;
    sum.http_exchanges += c.http_exchanges;
    sum.connections += c.connections;
    sum.in_flight_hosts += c.in_flight_hosts;
    sum.in_flight_connections += c.in_flight_connections;
  }
  sum.targets_read = targets_read;  // the hub pulls and admits: the engines refuse nothing
  sum.refused = refused;
  return sum;
}

}  // namespace

sharded_scan::sharded_scan(const config::settings& settings, const blocklist& blocks,
                           result_sink sink, engine_options options, std::size_t threads) {
  const auto n = usable_threads(settings, threads);
  if (n == 1) impl_ = std::make_unique<one_engine>(settings, blocks, std::move(sink), std::move(options));
  else impl_ = std::make_unique<hub>(settings, blocks, std::move(sink), std::move(options), n);
}

sharded_scan::~sharded_scan() = default;

int sharded_scan::run(target_source next, bool progress, std::uint64_t total) {
  return impl_->run(std::move(next), progress, total);
}
bool sharded_scan::stopping() const { return impl_->stopping(); }
void sharded_scan::stop(int grace_ms) { impl_->stop(grace_ms); }
engine_stats sharded_scan::stats() const { return impl_->stats(); }
std::size_t sharded_scan::threads() const { return impl_->threads; }

}  // namespace iotprobe::prober
