// The scan engine's admission, limits and lifecycle: admits targets (blocklist, duplicates),
// starts hosts while the in-flight limit has room, hands out connections under the global
// limit and the token bucket, enforces each host's deadline, and flushes every finished host
// to the sink. Which steps a host runs is step_runner.cpp's. One thread, no mutexes.
#include "prober/engine_impl.hpp"

#include <boost/asio/post.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <unordered_set>

namespace iotprobe::prober {

std::string_view to_string(admission a) noexcept {
  switch (a) {
    case admission::accepted: return "accepted";
    case admission::blocklist: return "blocklist";
    case admission::exclude: return "exclude";
    case admission::duplicate: return "duplicate";
    case admission::bad_address: return "bad_address";
  }
  return "unknown";
}

blocklist make_blocklist(const config::settings& settings) {
  blocklist blocks;
  blocks.load_reserved_file(settings.blocklist_file);
  for (const auto& file : settings.exclude_files) blocks.load_exclude_file(file);
  for (const auto& cidr_text : settings.allow) {
    try {
      blocks.add_allow(cidr_text);
    } catch (const std::invalid_argument& e) {
      throw config::config_error(std::string("allow: ") + e.what());
    }
  }
  return blocks;
}

struct target_filter::impl {
  struct key_hash {
    std::size_t operator()(address_key_t k) const noexcept {
      const auto lo = static_cast<std::uint64_t>(k), hi = static_cast<std::uint64_t>(k >> 64);
      return std::hash<std::uint64_t>{}(lo ^ (hi * 0x9e3779b97f4a7c15ULL));
    }
  };
  const blocklist& blocks;
  std::size_t window;
  std::unordered_set<address_key_t, key_hash> seen;
  std::deque<address_key_t> order;  // oldest first; bounded by `window`
};

target_filter::target_filter(const blocklist& blocks, std::size_t dedupe_window)
    : impl_(std::make_unique<impl>(impl{blocks, dedupe_window, {}, {}})) {}
target_filter::~target_filter() = default;

admission_result target_filter::check(const target_spec& target) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(target.ip, ec);
  if (ec || target.ip.empty())
    return {admission::bad_address, "not an IP address: '" + target.ip + "'"};
  const auto verdict = impl_->blocks.check(address);
  if (verdict.reason == block_reason::reserved) return {admission::blocklist, verdict.detail};
  if (verdict.reason == block_reason::excluded) return {admission::exclude, verdict.detail};
  if (impl_->window == 0) return {};
  const auto key = address_key(address);
  if (!impl_->seen.insert(key).second)
    return {admission::duplicate, target.ip + " was already seen in this run"};
  impl_->order.push_back(key);
  if (impl_->order.size() > impl_->window) {
    impl_->seen.erase(impl_->order.front());
    impl_->order.pop_front();
  }
  return {};
}

void raise_fd_limit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t target = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
  if (limit.rlim_cur < target) {
    limit.rlim_cur = target;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

scan_engine::impl::impl(boost::asio::io_context& io, const config::settings& s,
                        const blocklist& b, result_sink sink, engine_options options)
    : io_(io),
      settings_(s),
      blocks_(b),
      sink_(std::move(sink)),
      options_(std::move(options)),
      plans_(make_port_plans(s)),
      transports_(io),
      filter_(b, s.limits.dedupe_window),
      budget_(options_.budget ? options_.budget : std::make_shared<politeness_budget>(s.limits, 1)),
      rate_timer_(io),
      grace_timer_(io) {
  seat_ = budget_->join([this] { boost::asio::post(io_, [this] { schedule_pump(); }); });
  raise_fd_limit(s.limits.max_in_flight * 2 + 256);
}

host_job* scan_engine::impl::find_host(host_id id) {
  const auto it = hosts_.find(id);
  return it == hosts_.end() ? nullptr : it->second.get();
}

host_job* scan_engine::impl::close_op(host_id id, std::uint64_t op, active_op* closed) {
  auto* host = find_host(id);
  if (!host) return nullptr;
  const auto it = host->ops.find(op);
  if (it == host->ops.end()) return nullptr;
  if (closed) *closed = std::move(it->second);
  host->ops.erase(it);
  release_connection();
  return host;
}

void scan_engine::impl::schedule_pump() {
  if (pump_scheduled_) return;
  pump_scheduled_ = true;
  boost::asio::post(io_, [this] {
    pump_scheduled_ = false;
    pump_connections();
    pump_hosts();
  });
}

// Pulls targets only while there is room, so memory follows the in-flight limit.
void scan_engine::impl::pump_hosts() {
  if (pumping_) return;
  pumping_ = true;
  // A host's place in the budget is taken before its target is pulled, and given back
  // when no target is admitted.
  while (!stopping_ && !source_done_ && waiting_.size() < 64 && budget_->take_host(seat_)) {
    auto [target, later] = next_ ? next_() : pulled_target{};
    if (!target) {
      budget_->give_back_host();
      source_done_ = !later;  // `later`: resume_input() pulls again
      break;
    }
    ++stats_.targets_read;
    const auto verdict = filter_.check(*target);
    if (!verdict.accepted()) {
      budget_->give_back_host();
      ++stats_.refused;
      if (options_.on_refused) options_.on_refused(*target, verdict);
      continue;
    }
    start_host(std::move(*target));
  }
  pumping_ = false;
  check_finished();
}

void scan_engine::impl::start_host(target_spec target) {
  auto job = std::make_unique<host_job>();
  job->id = next_host_++;
  job->result.ip = target.ip;
  job->result.day = target.day;
  job->result.country = target.country;
  job->result.tag = target.tag;
  job->result.first_seen = target.first_seen;
  job->result.started = std::chrono::system_clock::now();
  boost::system::error_code ec;
  job->address = boost::asio::ip::make_address(target.ip, ec);  // valid: admission parsed it
  job->target = std::move(target);
  job->deadline = std::make_unique<boost::asio::steady_timer>(io_);
  job->deadline->expires_after(std::chrono::milliseconds(settings_.limits.host_deadline_ms));
  job->deadline->async_wait([this, id = job->id](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto* host = find_host(id)) abort_host(*host, "host deadline");
  });
  auto& host = *job;
  hosts_.emplace(job->id, std::move(job));
  ++stats_.hosts_started;
  stats_.in_flight_hosts = hosts_.size();
  begin_plan(host);
}

void scan_engine::impl::request_connection(host_job& host, std::size_t lane, step s) {
  waiting_.push_back({host.id, lane, std::move(s)});
  schedule_pump();
}

// Starts waiting connections while the budget (in-flight slots, the token bucket) allows.
// Refused for want of a slot, the budget wakes this engine when one is given back.
void scan_engine::impl::pump_connections() {
  while (!waiting_.empty()) {
    if (!find_host(waiting_.front().host)) {
      waiting_.pop_front();  // its host already finished (deadline or stop)
      continue;
    }
    const auto grant = budget_->take_connection(seat_, std::chrono::steady_clock::now());
    if (!grant.ok) {
      if (grant.wait.count() > 0 && !rate_timer_armed_) {
        rate_timer_armed_ = true;
        rate_timer_.expires_after(grant.wait);
        rate_timer_.async_wait([this](const boost::system::error_code&) {
          rate_timer_armed_ = false;
          schedule_pump();
        });
      }
      return;
    }
    auto next = std::move(waiting_.front());
    waiting_.pop_front();
    ++stats_.in_flight_connections;
    ++stats_.connections;
    connect_step(next.host, next.lane, std::move(next.task));
  }
}

void scan_engine::impl::release_connection() {
  --stats_.in_flight_connections;
  budget_->give_back_connection();
  schedule_pump();
}

void scan_engine::impl::complete_host(host_job& host) {
  host.result.finished = std::chrono::system_clock::now();
  auto result = std::move(host.result);
  hosts_.erase(host.id);  // destroys the deadline timer; its handler sees operation_aborted
  budget_->give_back_host();
  stats_.in_flight_hosts = hosts_.size();
  if (options_.classify) result.verdict = options_.classify(result);
  ++stats_.hosts_done;
  if (sink_) sink_(std::move(result));
  schedule_pump();
}

// Ends a host now (its deadline, or stop()): every running step is cancelled and kept as a
// timeout, every port that never started is kept as skipped, and the host goes to the sink.
void scan_engine::impl::abort_host(host_job& host, const std::string& why) {
  const auto now = std::chrono::steady_clock::now();
  for (auto& [id, op] : host.ops) {
    transports_.cancel(op.exchange);
    auto r = probe_note(op.task.port, op.task.what->kind, op.task.path,
                        parsers::probe_status::timeout, why);
    r.elapsed_ms = std::chrono::duration<double, std::milli>(now - op.started).count();
    host.result.probes.push_back(std::move(r));
    release_connection();
  }
  host.ops.clear();
  for (std::size_t i = 0; i < host.ports.size(); ++i) {
    const int port = host.ports[i].plan->port;
    const bool reported = std::any_of(host.result.probes.begin(), host.result.probes.end(),
                                      [port](const parsers::probe_result& p) { return p.port == port; });
    if (i < host.next_port && reported) continue;  // started and already has results
    if (const auto first = opening_step(host, i))
      host.result.probes.push_back(probe_note(port, first->what->kind, first->path,
                                              parsers::probe_status::skipped, why));
  }
  complete_host(host);
}

void scan_engine::impl::check_finished() {
  if (finished_ || !started_ || !hosts_.empty() || !(source_done_ || stopping_)) return;
  finished_ = true;
  rate_timer_.cancel();
  grace_timer_.cancel();
  if (options_.on_finished) options_.on_finished();
}

scan_engine::scan_engine(boost::asio::io_context& io, const config::settings& settings,
                         const blocklist& blocks, result_sink sink, engine_options options)
    : impl_(std::make_unique<impl>(io, settings, blocks, std::move(sink), std::move(options))) {}

scan_engine::~scan_engine() = default;

void scan_engine::start(target_source next) {
  start(live_source([next = std::move(next)] { return pulled_target{next ? next() : std::nullopt}; }));
}

void scan_engine::start(live_source next) {
  impl_->next_ = std::move(next);
  impl_->started_ = true;
  impl_->schedule_pump();
}

void scan_engine::resume_input() { impl_->schedule_pump(); }

void scan_engine::stop(int grace_ms) {
  auto& d = *impl_;
  if (d.stopping_) return;
  d.stopping_ = true;
  d.grace_timer_.expires_after(std::chrono::milliseconds(grace_ms));
  d.grace_timer_.async_wait([&d](const boost::system::error_code& ec) {
    if (ec) return;
    std::vector<host_id> ids;
    for (const auto& [id, host] : d.hosts_) ids.push_back(id);
    for (const auto id : ids)
      if (auto* host = d.find_host(id)) d.abort_host(*host, "stopped");
    d.check_finished();
  });
  d.schedule_pump();
}

bool scan_engine::stopping() const { return impl_->stopping_; }
bool scan_engine::finished() const { return impl_->finished_; }
const engine_stats& scan_engine::stats() const { return impl_->stats_; }

}  // namespace iotprobe::prober
