// follow's session (see follow_session.hpp): sightings become source rows and queue rows
// inside the store's batch, commit() makes them durable before the engine may pull them,
// and each result leaves the queue in the savepoint that stores it.
#include "prober/cli/follow_session.hpp"

#include "db/day.hpp"
#include "db/sources.hpp"
#include "parsers/darknet/iso_time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace iotprobe::cli {
namespace {

constexpr std::size_t lag_window = 4096;  // the last probes the lag figures are over
constexpr std::size_t page_rows = 64;

std::string key_of(const std::string& ip, const std::string& day) { return ip + "|" + day; }

std::string iso_seconds(std::int64_t unix_seconds) {
  return db::iso_time(std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)));
}

}  // namespace

void bounded_set::insert(const std::string& key) {
  if (!keys_.insert(key).second) return;
  order_.push_back(key);
  if (order_.size() > cap_) {
    keys_.erase(order_.front());
    order_.pop_front();
  }
}

follow_session::follow_session(db::store& store, follow_settings settings)
    : store_(store),
      settings_(std::move(settings)),
      queue_(store.db()),
      known_(settings_.cache_entries),
      scanners_(settings_.cache_entries) {}

void follow_session::check(const db::status& s, const std::string& what) {
  if (s.ok()) return;
  if (counters_.store_errors++ < 5) std::cerr << fmt::format("follow: {}: {} (code {})\n", what, s.message, s.code);
  if (!failure_) failure_ = fmt::format("{}: {}", what, s.message);
}

std::optional<std::int64_t> follow_session::run_for(const std::string& day) {
  if (const auto it = runs_.find(day); it != runs_.end()) return it->second;
  const auto opened = store_.open_run(settings_.input_name, day, settings_.config_hash, false);
  if (opened.outcome == db::run_outcome::config_changed) {
    failure_ = fmt::format("run {} of {} for {} was started with another configuration (config "
                           "hash {}); follow will not mix two probe plans in one day's run",
                           opened.previous->id, settings_.input_name, day,
                           opened.previous->config_hash.substr(0, 12));
    return std::nullopt;
  }
  std::cerr << fmt::format("follow: {} run {} for {}\n",
                           opened.outcome == db::run_outcome::resumed ? "resuming" : "new",
                           opened.run.id, day);
  runs_[day] = opened.run.id;
  run_days_[opened.run.id] = day;
  return opened.run.id;
}

const std::string& follow_session::day_of_run(std::int64_t run_id) {
  if (const auto it = run_days_.find(run_id); it != run_days_.end()) return it->second;
  const auto info = store_.run(run_id);
  auto& day = run_days_[run_id];
  day = info ? info->day : std::string();
  if (info) runs_.emplace(day, run_id);
  return day;
}

void follow_session::record_refused(std::int64_t run, const sighting& s, const std::string& reason) {
  db::source_row row{s.ip, s.country, reason == "scanner" ? std::optional<std::string>("scanner") : std::nullopt,
                     {iso_seconds(s.seen), iso_seconds(s.seen), 1, std::nullopt, std::nullopt}};
  check(store_.add_source(run, row), "cannot record " + s.ip);
  check(store_.refuse_source(run, s.ip, reason), "cannot record " + s.ip);
}

void follow_session::add_sighting(const sighting& s) {
  // Another shard's source is that shard's business: not counted, recorded or probed here.
  if (settings_.shard && !parsers::in_shard(*settings_.shard, s.ip)) return;
  ++counters_.sightings;
  const auto run = run_for(s.day);
  if (!run) return;
  const std::string key = key_of(s.ip, s.day);
  db::status st;
  if (known_.contains(key) || queue_.known(*run, s.ip, st)) {
    known_.insert(key);
    ++counters_.resightings;
    check(queue_.count_sighting(*run, s.ip, iso_seconds(s.seen)), "cannot count " + s.ip);
    return;
  }
  check(st, "cannot look up " + s.ip);
  known_.insert(key);
  ++counters_.new_sources;
  if (s.scanner) {
    ++counters_.scanners;
    return record_refused(*run, s, "scanner");
  }
  const auto since = std::chrono::system_clock::now() - settings_.reprobe_after;
  if (queue_.probed_since(s.ip, db::iso_time(since), st)) {
    ++counters_.recent;
    return record_refused(*run, s, "recent");
  }
  check(st, "cannot look up " + s.ip);
  const std::string seen = iso_seconds(s.seen);
  db::source_row row{s.ip, s.country, std::string("mirai"), {seen, seen, 1, std::nullopt, std::nullopt}};
  check(store_.add_source(*run, row), "cannot record " + s.ip);
  check(queue_.enqueue({0, *run, s.ip, seen, s.country, std::string("mirai")}), "cannot queue " + s.ip);
  ++counters_.queued;
  queued_since_commit_ = true;
}

void follow_session::mark_scanner(const std::string& ip, const std::string& day) {
  scanners_.insert(key_of(ip, day));
  const auto run = run_for(day);
  if (!run) return;
  db::status st;
  if (!queue_.known(*run, ip, st)) return check(st, "cannot look up " + ip);
  ++counters_.scanners;
  check(queue_.mark_scanner(*run, ip), "cannot mark " + ip + " a scanner");
}

bool follow_session::is_scanner(const std::string& ip, const std::string& day) const {
  return scanners_.contains(key_of(ip, day));
}

bool follow_session::commit() {
  check(store_.flush(), "cannot commit");
  const bool fresh = queued_since_commit_;
  queued_since_commit_ = false;
  return fresh;
}

prober::pulled_target follow_session::next() {
  if (failure_) return {};
  if (page_.empty()) {
    db::status st;
    for (auto& q : queue_.page(cursor_, page_rows, st)) page_.push_back(std::move(q));
    check(st, "cannot read the queue");
  }
  if (page_.empty()) return {std::nullopt, !input_ended_};
  db::queued_source q = std::move(page_.front());
  page_.pop_front();
  cursor_ = q.seq;
  prober::target_spec t{q.ip, day_of_run(q.run_id), q.country, q.tag, std::nullopt};
  if (const auto seen = parsers::parse_iso_seconds(q.first_seen))
    t.first_seen = parsers::wall_time(std::chrono::seconds(*seen));
  in_flight_[key_of(q.ip, *t.day)] = std::move(q);
  return {std::move(t), false};
}

void follow_session::store_host(parsers::host_result host, bool aborted) {
  const std::string key = key_of(host.ip, host.day.value_or(""));
  const auto it = in_flight_.find(key);
  if (it == in_flight_.end()) return;
  const db::queued_source q = std::move(it->second);
  in_flight_.erase(it);
  if (aborted) return;  // stays queued: a restart probes it again
  if (is_scanner(host.ip, *host.day)) host.tag = "scanner";
  check(store_.add_host(q.run_id, host, [&] { return queue_.remove(q.run_id, q.ip); }),
        "cannot store " + host.ip);
  ++counters_.probed;
  if (host.first_seen) {
    const double lag = std::chrono::duration<double>(host.started - *host.first_seen).count();
    if (lag_ring_.size() < lag_window) lag_ring_.push_back(lag);
    else lag_ring_[lag_next_] = lag;
    lag_next_ = (lag_next_ + 1) % lag_window;
  }
}

void follow_session::refused(const prober::target_spec& t, const prober::admission_result& a) {
  const auto it = in_flight_.find(key_of(t.ip, t.day.value_or("")));
  if (it == in_flight_.end()) return;
  const db::queued_source q = std::move(it->second);
  in_flight_.erase(it);
  ++counters_.refused;
  check(store_.refuse_source(q.run_id, q.ip, std::string(prober::to_string(a.verdict))), "cannot record " + q.ip);
  check(queue_.remove(q.run_id, q.ip), "cannot dequeue " + q.ip);
}

void follow_session::finish_runs(bool complete) {
  for (const auto& [day, run] : runs_) {
    db::status st;
    const auto totals = queue_.totals(run, st);
    check(st, "cannot count run " + std::to_string(run));
    check(store_.finish_run(run, complete, totals.admitted, totals.refused),
          "cannot finish run " + std::to_string(run));
  }
}

lag_summary follow_session::lags() const {
  lag_summary out;
  out.count = lag_ring_.size();
  if (lag_ring_.empty()) return out;
  std::vector<double> sorted = lag_ring_;
  std::sort(sorted.begin(), sorted.end());
  const auto at = [&](double q) { return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5)]; };
  out.median_s = at(0.5);
  out.p95_s = at(0.95);
  out.max_s = sorted.back();
  return out;
}

std::int64_t follow_session::backlog() {
  db::status st;
  const auto n = queue_.size(st);
  check(st, "cannot count the queue");
  return n;
}

}  // namespace iotprobe::cli
