// `follow`'s durable queue and sighting book-keeping in the store (schema v7): a new Mirai
// source is recorded in `sources` and queued in `follow_queue` (committed before it is
// probed); re-sightings bump its `sources` counters; a source that turns out to be a
// scanner is marked so. It writes inside the store's open batch, never commits on its
// own (the caller flushes the store), and returns status values, never throws.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iotprobe::db {

struct queued_source {
  std::int64_t seq = 0;  // queue order (set by enqueue)
  std::int64_t run_id = 0;
  std::string ip, first_seen;  // first_seen: ISO UTC
  std::optional<std::string> country, tag;
};

// How many of a run's recorded sources were admitted and refused (finish_run's totals).
struct run_source_totals {
  std::int64_t admitted = 0, refused = 0;
};

class follow_queue {
 public:
  explicit follow_queue(database& db);

  // True when `ip` already has a `sources` row in `run_id` (queued, probed or refused).
  bool known(std::int64_t run_id, const std::string& ip, status& s);
  // True when a host of `ip` (any run) started at or after `since` (ISO UTC), or `ip` is
  // queued in any run (its probe is pending or running; the row leaves with the result).
  bool probed_since(const std::string& ip, const std::string& since, status& s);
  status enqueue(const queued_source& q);
  // A re-sighting: one more Mirai SYN (or row) at `seen` (ISO UTC).
  status count_sighting(std::int64_t run_id, const std::string& ip, const std::string& seen);
  // `ip` crossed the scanner rule: its source row and stored host are tagged scanner and
  // it leaves the queue if it was still waiting.
  status mark_scanner(std::int64_t run_id, const std::string& ip);
  status remove(std::int64_t run_id, const std::string& ip);
  // Up to `limit` queued sources after `after_seq`, oldest first.
  std::vector<queued_source> page(std::int64_t after_seq, std::size_t limit, status& s);
  std::int64_t size(status& s);
  run_source_totals totals(std::int64_t run_id, status& s);

 private:
  statement known_, probed_since_, enqueue_, count_, scanner_source_, scanner_host_, remove_,
      page_, size_, totals_;
};

}  // namespace iotprobe::db
