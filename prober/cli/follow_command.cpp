// `iotprobe follow [--pcap -|FILE…] [--input -|FILE…] --db PATH [--reprobe-after 6h]`:
// probes each new Mirai source while the sighting is fresh. Feeds push bytes into the
// inputs, the inputs hand sightings to the session (durable queue in the store), the
// scan engine pulls the queue as a live source, and each result leaves the queue in the
// transaction that stores it. Runs until stopped, or until every stdin input has ended
// and the queue is drained. See docs/follow.md.
#include "parsers/core/sha256.hpp"
#include "prober/cli/batch_input.hpp"
#include "prober/cli/command.hpp"
#include "prober/cli/darknet_flags.hpp"
#include "prober/cli/duration.hpp"
#include "prober/cli/engine_flags.hpp"
#include "prober/cli/follow_feed.hpp"
#include "prober/cli/follow_input.hpp"
#include "prober/cli/follow_session.hpp"
#include "prober/cli/shard_flags.hpp"
#include "prober/cli/store_commands.hpp"
#include "prober/cli/store_setup.hpp"
#include "prober/cli/verdict_seam.hpp"
#include "prober/engine.hpp"

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace iotprobe::cli {
namespace {

struct follow_options {
  std::vector<std::string> pcaps, inputs;
  std::string db = default_db_path;
  std::string reprobe_after = "6h";
  int poll_ms = 500;
  int progress_every = 10;
  std::size_t max_day_sources = 262144;
  engine_flags engine;
  darknet_flags darknet;
  shard_flags sharding;
  std::optional<parsers::shard_spec> shard;  // resolved from `sharding`
};

std::string input_name(const follow_options& o) {
  std::string name = "follow:";
  const auto add = [&name](const char* kind, const std::string& p) {
    name += kind;
    name += p == "-" ? p : std::filesystem::absolute(p).lexically_normal().string();
    name += ";";
  };
  for (const auto& p : o.pcaps) add("pcap:", p);
  for (const auto& p : o.inputs) add("rows:", p);
  if (o.shard) name += " [shard " + parsers::describe(*o.shard) + "]";
  return name;
}

std::string progress_line(follow_session& session, double elapsed_s) {
  const auto& c = session.counters();
  const auto lag = session.lags();
  std::string line = fmt::format(
      "follow: {:.0f}s: {} sightings, {} sources ({} re-sightings), queued {}, probed {}, backlog {}, "
      "scanners {}, recent {}, refused {}",
      elapsed_s, c.sightings, c.new_sources, c.resightings, c.queued, c.probed, session.backlog(),
      c.scanners, c.recent, c.refused);
  if (lag.count) line += fmt::format(", lag median {:.1f}s p95 {:.1f}s max {:.1f}s over {}",
                                     lag.median_s, lag.p95_s, lag.max_s, lag.count);
  return line;
}

// Everything one follow process holds while its loop runs.
class follow_run {
 public:
  follow_run(const follow_options& o, const config::settings& settings,
             const prober::blocklist& blocks, follow_session& session,
             const parsers::extract_options& extract)
      : o_(o),
        session_(session),
        classifier_(extract.tz_offset_seconds, extract.thresholds, &extract.survey_orgs,
                    o.max_day_sources),
        engine_(io_, settings, blocks, [this](parsers::host_result h) { on_host(std::move(h)); },
                engine_options(settings)),
        tick_(io_),
        tz_(extract.tz_offset_seconds),
        include_scanners_(extract.include_scanners) {
    if (!extract.country_db.empty()) {
      std::string error;
      countries_ = std::make_unique<parsers::country_db>(extract.country_db, error);
      if (!error.empty()) throw std::runtime_error(fmt::format("--country-db {}: {}", extract.country_db.string(), error));
    }
  }

  int run() {
    open_feeds();
    const prober::run_hooks hooks{[this] { return engine_.stats(); },
                                  [this](int grace_ms) { stop(grace_ms); },
                                  [this] { return engine_.finished(); }};
    const int rc = prober::run_with_signals(io_, hooks, [this] { start(); }, false);
    session_.commit();
    print_progress(true);
    return rc;
  }
  bool input_failed() const { return input_failed_; }

 private:
  prober::engine_options engine_options(const config::settings& settings) {
    prober::engine_options e;
    e.classify = make_verdict_classifier(settings);
    e.on_refused = [this](const prober::target_spec& t, const prober::admission_result& a) {
      session_.refused(t, a);
    };
    return e;
  }
  void on_host(parsers::host_result host) {
    const bool aborted = engine_.stopping() && aborted_by_stop(host);
    session_.store_host(std::move(host), aborted);
  }

  void open_feeds() {
    for (const auto& p : o_.pcaps) {
      auto in = std::make_shared<pcap_input>(session_, classifier_, tz_, countries_.get(),
                                             include_scanners_);
      feed_events events;
      events.data = [this, in, p](std::span<const std::uint8_t> b) {
        in->data(b);
        after_input(in->error(), p_name(p));
      };
      events.restart = [in] { in->restart(); };
      events.ended = [this, p](const std::string& why) { ended(p, why); };
      add_feed(p, std::move(events));
      keep_.push_back(in);
    }
    for (const auto& p : o_.inputs) {
      auto in = std::make_shared<row_input>(session_, p_name(p), tz_, include_scanners_);
      feed_events events;
      events.data = [this, in](std::span<const std::uint8_t> b) {
        in->data(b);
        after_input({}, "");
      };
      events.restart = [in] { in->restart(); };
      events.ended = [this, in, p](const std::string& why) {
        in->end();
        ended(p, why);
      };
      add_feed(p, std::move(events));
      keep_.push_back(in);
    }
  }
  static std::string p_name(const std::string& p) { return p == "-" ? "stdin" : p; }
  void add_feed(const std::string& path, feed_events events) {
    if (path == "-") {
      ++stdin_feeds_;
      feeds_.push_back(open_stdin_feed(io_, std::move(events)));
    } else {
      feeds_.push_back(open_file_feed(io_, path, std::chrono::milliseconds(o_.poll_ms), std::move(events)));
    }
  }

  void start() {
    for (auto& f : feeds_) f->start();
    engine_.start(prober::live_source([this] { return session_.next(); }));
    arm_tick();
  }
  void stop(int grace_ms) {
    for (auto& f : feeds_) f->stop();
    engine_.stop(grace_ms);
  }

  // After each chunk of input: make what it queued durable, then let the engine pull it.
  void after_input(const std::optional<std::string>& error, const std::string& name) {
    if (error && !reported_error_) {
      reported_error_ = true;
      input_failed_ = true;
      std::cerr << fmt::format("follow: {}: {}\n", name, *error);
    }
    if (session_.commit()) engine_.resume_input();
    if (session_.failure() && !engine_.stopping()) stop(4500);
  }
  void ended(const std::string& path, const std::string& why) {
    if (!why.empty()) {
      input_failed_ = true;
      std::cerr << fmt::format("follow: {}: {}\n", p_name(path), why);
    }
    if (++stdin_ended_ < stdin_feeds_ || feeds_.size() != stdin_feeds_) return after_input({}, "");
    session_.input_ended();
    after_input({}, "");
    engine_.resume_input();  // the engine pulls once more and sees the end
  }

  void arm_tick() {
    tick_.expires_after(std::chrono::seconds(1));
    tick_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || engine_.finished()) return;
      session_.commit();  // hosts stored since the last input are durable within a second
      if (session_.failure() && !engine_.stopping()) stop(4500);
      print_progress(false);
      arm_tick();
    });
  }
  void print_progress(bool final) {
    if (o_.engine.quiet) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - began_).count();
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (!final && !tty && ++ticks_ % std::max(o_.progress_every, 1) != 0) return;
    const std::string line = progress_line(session_, elapsed);
    if (tty && !final) std::cerr << "\r" << line << "\033[K" << std::flush;
    else std::cerr << (tty ? "\r" : "") << line << "\n" << std::flush;
  }

  const follow_options& o_;
  follow_session& session_;
  boost::asio::io_context io_;
  parsers::live_sources classifier_;
  std::unique_ptr<parsers::country_db> countries_;
  prober::scan_engine engine_;
  boost::asio::steady_timer tick_;
  std::int32_t tz_;
  bool include_scanners_;
  std::vector<std::unique_ptr<byte_feed>> feeds_;
  std::vector<std::shared_ptr<void>> keep_;
  std::size_t stdin_feeds_ = 0, stdin_ended_ = 0;
  bool reported_error_ = false, input_failed_ = false;
  std::uint64_t ticks_ = 0;
  const std::chrono::steady_clock::time_point began_ = std::chrono::steady_clock::now();
};

void validate(const follow_options& o) {
  if (o.pcaps.empty() && o.inputs.empty())
    throw CLI::ValidationError("--pcap/--input", "give --pcap -|FILE… and/or --input -|FILE…");
  std::size_t stdin_uses = 0;
  for (const auto* list : {&o.pcaps, &o.inputs})
    for (const auto& p : *list) stdin_uses += p == "-";
  if (stdin_uses > 1) throw CLI::ValidationError("-", "stdin can feed one input only");
  if (!parse_duration(o.reprobe_after))
    throw CLI::ValidationError("--reprobe-after", "expected a duration such as 6h, 30m, 90s, 2d");
  if (o.engine.threads > 1) throw CLI::ValidationError("--threads", "follow runs one event loop");
  if (o.engine.dry_run) throw CLI::ValidationError("--dry-run", "follow has no dry run");
}

int run_follow(const follow_options& o) {
  validate(o);
  config::settings settings = settings_from_flags(o.engine);
  const std::string hash = parsers::sha256_hex(config::resume_identity_text(settings));
  settings.limits.dedupe_window = 0;  // follow's own window (--reprobe-after) decides
  fit_to_descriptor_limit(settings);  // after the hash: a lowered width is the same plan
  const prober::blocklist blocks = prober::make_blocklist(settings);
  const parsers::extract_options extract = to_extract_options(o.darknet, settings.darknet);
  db::store_options store_opts = writer_store_options(settings);
  db::store store{o.db, store_opts};
  follow_settings fs;
  fs.input_name = input_name(o);
  fs.config_hash = hash;
  fs.reprobe_after = *parse_duration(o.reprobe_after);
  fs.shard = o.shard;
  follow_session session(store, fs);
  if (const auto backlog = session.backlog(); backlog > 0 && !o.engine.quiet)
    std::cerr << fmt::format("follow: {} source(s) left queued by an earlier run are probed first\n", backlog);
  follow_run run(o, settings, blocks, session, extract);
  const int rc = run.run();
  session.finish_runs(rc == exit_ok && !session.failure());
  if (session.failure()) {
    std::cerr << "follow: stopped: " << *session.failure() << " (database " << o.db << ")\n";
    return exit_bad_input;
  }
  return rc == exit_ok && run.input_failed() ? exit_bad_input : rc;
}

}  // namespace

void add_follow_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<follow_options>();
  auto* cmd = app.add_subcommand("follow", "Probe each new Mirai source while the darknet sighting is fresh");
  cmd->add_option("--pcap", o->pcaps, "a live pcap stream (- = stdin, e.g. tcpdump -w -) or a growing capture file");
  cmd->add_option("--input", o->inputs, "darknet rows (CSV/TSV/JSONL/IP list): - = stdin, or a growing file");
  cmd->add_option("--db", o->db, "the store")->capture_default_str();
  cmd->add_option("--reprobe-after", o->reprobe_after,
                  "a source probed less than this ago is counted, not probed again (s/m/h/d)")
      ->capture_default_str();
  cmd->add_option("--poll-ms", o->poll_ms, "how often a growing file is checked for more bytes")
      ->check(CLI::Range(10, 60000))->capture_default_str();
  cmd->add_option("--progress-every", o->progress_every,
                  "seconds between progress lines when stderr is not a terminal")
      ->check(CLI::Range(1, 86400))->capture_default_str();
  cmd->add_option("--max-day-sources", o->max_day_sources,
                  "sources whose packets are counted for the scanner rule per day (memory bound)")
      ->capture_default_str();
  add_engine_flags(*cmd, o->engine);
  add_darknet_flags(*cmd, o->darknet,
                    {"(follow always stores one run per day)",
                     "also probe scanner and survey-org sources (recorded and skipped by default)"});
  cmd->remove_option(cmd->get_option("--by-day"));
  add_shard_flags(*cmd, o->sharding);
  cmd->callback([o, &exit_code] {
    o->shard = resolve_shard(o->sharding, process_environment());
    exit_code = run_follow(*o);
  });
}

}  // namespace iotprobe::cli
