// The state of one `follow` process between its inputs, the scan engine and the store:
// which day's run a sighting belongs to, whether a source is new (the store is the truth;
// memory holds a bounded cache), the durable queue the engine pulls from, the hand-off of
// each result with its queue row, and the counts and lags the progress line shows.
// Single-threaded (the io thread); store errors are values, kept in failure().
#pragma once

#include "db/follow_queue.hpp"
#include "db/store.hpp"
#include "prober/engine.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include "parsers/darknet/shard.hpp"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace iotprobe::cli {

struct follow_settings {
  std::string input_name;   // the runs' input ("follow:" + what was read)
  std::string config_hash;  // the runs' config hash (as batch)
  std::chrono::seconds reprobe_after{6 * 3600};
  std::size_t cache_entries = 65536;  // (source, day) pairs remembered without a query
  std::optional<parsers::shard_spec> shard;  // only this shard's sources (--shard, issue 16)
};

// One sighting of a source by the darknet: a Mirai SYN, or a row of a darknet list.
struct sighting {
  std::string ip;
  std::string day;        // YYYY-MM-DD in the configured time zone: the run it goes to
  std::int64_t seen = 0;  // Unix seconds: the packet's time, or the row's first_seen
  std::optional<std::string> country;
  bool scanner = false;   // a scanner or survey-org source: recorded, never probed
};

struct follow_counters {
  std::uint64_t sightings = 0;    // every sighting handed in
  std::uint64_t new_sources = 0;  // first sighting of a (source, day)
  std::uint64_t resightings = 0;  // counted on the source's row, not probed again
  std::uint64_t queued = 0;
  std::uint64_t probed = 0;       // hosts stored
  std::uint64_t scanners = 0;     // sources recorded as scanners (never probed, or re-tagged)
  std::uint64_t recent = 0;       // new today, but probed less than --reprobe-after ago
  std::uint64_t refused = 0;      // blocklist, exclude, bad address
  std::uint64_t store_errors = 0;
};

struct lag_summary {
  std::size_t count = 0;  // probes in the window the figures are over
  double median_s = 0, p95_s = 0, max_s = 0;
};

// A set that forgets its oldest entries beyond `cap`: memory stays flat over weeks.
class bounded_set {
 public:
  explicit bounded_set(std::size_t cap) : cap_(cap) {}
  bool contains(const std::string& key) const { return keys_.count(key) != 0; }
  void insert(const std::string& key);

 private:
  std::size_t cap_;
  std::unordered_set<std::string> keys_;
  std::deque<std::string> order_;
};

class follow_session {
 public:
  follow_session(db::store& store, follow_settings settings);

  void add_sighting(const sighting& s);
  // `ip` crossed the scanner rule on `day`: its row and host are tagged, its queue row goes.
  void mark_scanner(const std::string& ip, const std::string& day);
  // Commits the open batch, so every source queued so far is durable; true when sources
  // were queued since the last commit (the engine should pull).
  bool commit();
  void input_ended() { input_ended_ = true; }

  // The engine's pull: the next committed queue row, `later` while the input may bring
  // more, the end once the input ended and the queue is empty.
  prober::pulled_target next();
  // The engine's sink and refusal hook: the host is stored and leaves the queue in one
  // transaction; a host `aborted` by stop stays queued (probed again after a restart).
  void store_host(parsers::host_result host, bool aborted);
  void refused(const prober::target_spec& t, const prober::admission_result& a);
  // Records each touched run's totals and state (finished when `complete`).
  void finish_runs(bool complete);

  const follow_counters& counters() const { return counters_; }
  lag_summary lags() const;
  std::int64_t backlog();  // rows in the durable queue
  const std::optional<std::string>& failure() const { return failure_; }
  bool is_scanner(const std::string& ip, const std::string& day) const;

 private:
  std::optional<std::int64_t> run_for(const std::string& day);
  const std::string& day_of_run(std::int64_t run_id);
  void check(const db::status& s, const std::string& what);
  void record_refused(std::int64_t run, const sighting& s, const std::string& reason);

  db::store& store_;
  follow_settings settings_;
  db::follow_queue queue_;
  std::map<std::string, std::int64_t> runs_;         // day → run
  std::map<std::int64_t, std::string> run_days_;     // run → day
  bounded_set known_;     // "ip|day" pairs the store already has a source row for
  bounded_set scanners_;  // "ip|day" pairs marked scanner by this process
  std::deque<db::queued_source> page_;
  std::int64_t cursor_ = 0;                          // last queue seq handed to the engine
  std::unordered_map<std::string, db::queued_source> in_flight_;  // "ip|day"
  std::vector<double> lag_ring_;
  std::size_t lag_next_ = 0;
  bool queued_since_commit_ = false;
  bool input_ended_ = false;
  follow_counters counters_;
  std::optional<std::string> failure_;
};

}  // namespace iotprobe::cli
