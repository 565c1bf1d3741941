// report_store_writer: a fast synthetic store for the report's benchmark and browser test.
// Direct SQL inserts in one big transaction (indexes dropped while loading and rebuilt at
// the end), never probing: a population of devices churning over IPs for N days, hosts
// without UDNs, shared-UDN hosts, silent and refused sources. Deterministic for a seed.
// Then, unless --no-summaries, each day's report summary, as `batch` makes it when a run
// finishes. usage: report_store_writer --db PATH [--days 90] [--sightings 10000000]
//                  [--seed 1] [--start-day 2021-03-01] [--hostile] [--no-summaries]
#include "db/day.hpp"
#include "db/report_days.hpp"
#include "db/schema.hpp"
#include "db/sqlite.hpp"
#include "report_synthetic.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace db = iotprobe::db;
namespace syn = iotprobe::testing::synthetic;

namespace {

struct options {
  std::string db, start_day = "2021-03-01";
  int days = 90;
  std::int64_t sightings = 10'000'000;
  std::uint64_t seed = 1;
  bool hostile = false, summaries = true;
};

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--db") o.db = value();
    else if (a == "--days") o.days = std::stoi(value());
    else if (a == "--sightings") o.sightings = std::stoll(value());
    else if (a == "--seed") o.seed = std::stoull(value());
    else if (a == "--start-day") o.start_day = value();
    else if (a == "--hostile") o.hostile = true;
    else if (a == "--no-summaries") o.summaries = false;
    else throw std::runtime_error("unknown option " + a);
  }
  if (o.db.empty() || o.days < 1 || o.sightings < 1 || !db::parse_day(o.start_day))
    throw std::runtime_error("usage: report_store_writer --db PATH [--days N] [--sightings N] "
                             "[--seed N] [--start-day YYYY-MM-DD] [--hostile] [--no-summaries]");
  return o;
}

// Index definitions are saved and dropped before the load and created again after it:
// building a b-tree from sorted keys is far faster than millions of random inserts.
std::vector<std::string> drop_indexes(db::database& d) {
  std::vector<std::string> sql;
  {
    db::statement q{d, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"};
    db::cursor c = q.open();
    std::vector<std::string> names;
    while (c.next()) {
      names.push_back(c.text(0));
      sql.push_back(c.text(1));
    }
    for (const auto& n : names) d.exec_or_throw("DROP INDEX " + n);
  }
  return sql;
}

}  // namespace

int main(int argc, char** argv) try {
  const options o = parse(argc, argv);
  const auto began = std::chrono::steady_clock::now();
  db::database d{o.db};
  db::migrate(d);
  d.exec_or_throw("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                  "PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF");
  const auto indexes = drop_indexes(d);
  d.exec_or_throw("BEGIN");
  syn::plan plan;
  plan.days = o.days;
  plan.start_day = o.start_day;
  plan.sightings = o.sightings;
  plan.seed = o.seed;
  plan.hostile = o.hostile;
  const syn::totals t = syn::write_store(d, plan, [](const std::string& day, const syn::totals& so_far) {
    std::cerr << fmt::format("\r{}: {} sightings, {} hosts", day, so_far.sightings, so_far.hosts);
  });
  d.exec_or_throw("COMMIT");
  std::cerr << "\nrebuilding " << indexes.size() << " indexes\n";
  for (const auto& sql : indexes) d.exec_or_throw(sql);
  d.exec_or_throw("ANALYZE; PRAGMA journal_mode = WAL");
  const auto seconds_since = [](auto start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::cout << fmt::format("{}: {} days, {} sightings, {} hosts, {} sources, {} devices in {:.1f} s\n",
                           o.db, o.days, t.sightings, t.hosts, t.sources, t.devices, seconds_since(began));
  if (o.summaries) {
    const auto start = std::chrono::steady_clock::now();
    db::day_summaries(d, o.start_day, *db::shift_day(o.start_day, o.days - 1));
    std::cout << fmt::format("per-day report summaries (what batch makes per run) in {:.1f} s\n",
                             seconds_since(start));
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "report_store_writer: " << e.what() << "\n";
  return 2;
}
