// The synthetic store's generator (see report_synthetic.hpp). One pass per day: every
// online device takes its address (moving with its family's churn) plus intraday
// addresses, then the day's hosts without a per-device UDN are added; devices are
// written last, with the days they were seen.
#include "report_synthetic.hpp"

#include "db/day.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace iotprobe::testing::synthetic {
namespace {

struct rng {  // splitmix64: the same numbers on every platform
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
};

struct family_spec {
  const char* name;
  const char* vendor;
  double weight;      // share of the devices (UDN families) or of the day's other hosts
  double churn;       // UDN families: chance a day starts at a new address
  double intraday;    // UDN families: chance of each further address within a day
  std::vector<const char*> models, versions;
};

const std::vector<family_spec> udn_families{
    {"logitec-router", "Logitec", 0.35, 0.5, 0.55, {"LAN-W300N/DR", "LAN-WH300N/DR", "LAN-W300N/RS"}, {}},
    {"realtek-sdk-router", "Realtek", 0.45, 0.2, 0.2, {"RTL8196C", "RTL8196E", "RTL8198"}, {}},
    {"huawei-hg532", "Huawei", 0.2, 0.1, 0.1, {"HG532e", "HG532s"}, {"V100R001C105B016"}}};
const std::vector<family_spec> other_families{
    {"wificam", "WIFICAM", 0.3, 0, 0, {}, {}},
    {"nvms-9000", "TVT", 0.15, 0, 0, {}, {}},
    {"xiongmai", "Xiongmai", 0.15, 0, 0, {}, {"uc-httpd 1.0.0"}},
    {"gpon", "GPON", 0.1, 0, 0, {}, {}},
    {"micro-httpd", "ACME", 0.1, 0, 0, {}, {}},
    {"dd-wrt", "DD-WRT", 0.1, 0, 0, {}, {"35030M", "23320", "13064"}},
    {"draytek-vigor", "DrayTek", 0.1, 0, 0, {}, {"2960", "3900"}}};
constexpr std::array<std::pair<const char*, double>, 10> countries{{
    {"JP", 0.35}, {"CN", 0.15}, {"TW", 0.1}, {"VN", 0.08}, {"BR", 0.08},
    {"US", 0.06}, {"KR", 0.06}, {"IN", 0.05}, {"RU", 0.04}, {"EG", 0.03}}};
const std::vector<const char*> hostile_strings{
    "<script>alert(1)</script>", "\"><svg onload=alert(1)>", "=HYPERLINK(\"http://x.test\",\"y\")",
    "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"};

double weight_of(const family_spec& f) { return f.weight; }
double weight_of(const std::pair<const char*, double>& c) { return c.second; }

template <typename T>
std::size_t pick(rng& r, const T& weighted) {  // index by weight (weights sum to ~1)
  double u = r.unit();
  for (std::size_t i = 0; i < weighted.size(); ++i)
    if ((u -= weight_of(weighted[i])) < 0) return i;
  return weighted.size() - 1;
}

struct device {
  std::int64_t id;
  std::size_t family, country, model;
  int start, end;  // active days [start, end)
  std::uint32_t home = 0;
  int first_seen = -1, last_seen = -1;
  bool shared = false;
  const char* hostile_model = nullptr;
};

void must(const db::status& s) {  // a benchmark store half written is worthless: stop
  if (!s.ok()) throw std::runtime_error("synthetic store: " + s.message);
}

std::string ip_text(std::uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

std::uint32_t public_ip(rng& r) {  // 1.0.0.0 – 223.255.255.255, never 10/8 or 127/8
  for (;;) {
    const auto ip = static_cast<std::uint32_t>(r.next());
    const auto a = ip >> 24;
    if (a >= 1 && a <= 223 && a != 10 && a != 127) return ip;
  }
}

// Devices until their expected sightings reach the plan's, ~0.9 of their days online.
std::vector<device> make_population(rng& r, const plan& p) {
  std::vector<device> out;
  double expected = 0;
  const bool several_days = p.days > 1;
  while (expected < static_cast<double>(p.sightings)) {
    device d{static_cast<std::int64_t>(out.size()) + 2, pick(r, udn_families), pick(r, countries), 0, 0, p.days};
    const auto& f = udn_families[d.family];
    d.model = r.below(f.models.size());
    if (several_days && r.chance(0.4)) d.start = static_cast<int>(r.below(static_cast<std::uint64_t>(p.days)));
    if (several_days && r.chance(0.25)) d.end = d.start + 1 + static_cast<int>(r.below(static_cast<std::uint64_t>(p.days - d.start)));
    d.shared = r.chance(0.01);
    if (p.hostile && out.size() < hostile_strings.size()) d.hostile_model = hostile_strings[out.size()];
    expected += 0.9 * (d.end - d.start) * (1 + f.intraday / (1 - f.intraday)) * 0.97;
    out.push_back(d);
  }
  return out;
}

struct writer {
  explicit writer(db::database& db) : d(db) {}
  db::database& d;
  totals t;
  std::int64_t run = 0, host = 0;
  std::string day, started, finished;
  std::unordered_set<std::uint32_t> used;
  db::statement ins_run{d, "INSERT INTO runs(id, input, day, config_hash, started_at, finished_at, state) "
                           "VALUES(?1, ?2, ?3, 'synthetic', ?4, ?4, 'finished')"};
  db::statement ins_host{d, "INSERT INTO hosts(id, run_id, ip, day, country, tag, started_at, finished_at, "
                            "open, family, device_id, honeypot) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, 'mirai', ?6, ?7, ?8, ?9, ?10, ?11)"};
  db::statement ins_host_device{d, "INSERT INTO host_devices(host_id, seq, family, vendor, version, "
                                   "certainty, device_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
  db::statement ins_verdict{d, "INSERT INTO verdicts(host_id, family, vendor, product, version, certainty, "
                               "evidence, conflicts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, '[]', '[]')"};
  db::statement ins_sighting{d, "INSERT OR IGNORE INTO sightings(device_id, ip, day, first_seen, last_seen, "
                                "run_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"};
  db::statement ins_source{d, "INSERT OR IGNORE INTO sources(run_id, ip, day, country, tag, admission, "
                              "first_seen, last_seen, mirai_syns, mirai_dsts, dst_ports) "
                              "VALUES(?1, ?2, ?3, ?4, 'mirai', ?5, ?6, ?7, ?8, 4, ?9)"};
  db::statement ins_device{d, "INSERT INTO devices(id, udn, shared, shared_reason, family, vendor, "
                              "manufacturer, model_name, model_number, first_day, last_day, mac) "
                              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?7, ?8, ?9, ?10)"};

  void source(const std::string& ip, const char* country, const char* admission, rng& r) {
    db::cursor c = ins_source.open();
    c.bind(1, run).bind(2, ip).bind(3, day).bind(4, country).bind(5, admission);
    c.bind(6, day + "T00:00:00Z").bind(7, day + "T23:00:00Z");
    c.bind(8, static_cast<std::int64_t>(1 + r.below(500))).bind(9, static_cast<std::int64_t>(1 + r.below(3)));
    must(c.run());
    ++t.sources;
  }

  // One probed host (and its source row); false when the address was already used today.
  struct host_spec {
    std::uint32_t ip;
    const char* country;
    bool open;
    const family_spec* family;
    std::optional<std::int64_t> device;
    const char* version;
    const family_spec* second = nullptr;  // a second device without a key (a camera behind it)
    bool honeypot = false;
  };
  void host_device(std::int64_t seq, const family_spec* family, std::optional<std::int64_t> device,
                   const char* version) {
    db::cursor c = ins_host_device.open();
    c.bind(1, host).bind(2, seq);
    if (family) c.bind(3, family->name).bind(4, family->vendor); else c.bind_null(3).bind_null(4);
    if (version) c.bind(5, version); else c.bind_null(5);
    c.bind(6, family ? 0.9 : 0.0);
    if (device) c.bind(7, *device); else c.bind_null(7);
    must(c.run());
  }
  bool add_host(const host_spec& h, rng& r) {
    if (!used.insert(h.ip).second) return false;
    const std::string ip = ip_text(h.ip);
    source(ip, h.country, "accepted", r);
    db::cursor c = ins_host.open();
    c.bind(1, ++host).bind(2, run).bind(3, ip).bind(4, day).bind(5, h.country).bind(6, started);
    c.bind(7, finished).bind(8, h.open ? 1 : 0);
    if (h.family) c.bind(9, h.family->name); else c.bind_null(9);
    if (h.device) c.bind(10, *h.device); else c.bind_null(10);
    must(c.bind(11, h.honeypot ? 1 : 0).run());
    host_device(0, h.family, h.device, h.version);
    if (h.second) host_device(1, h.second, std::nullopt, nullptr);
    db::cursor v = ins_verdict.open();
    v.bind(1, host);
    if (h.family) v.bind(2, h.family->name).bind(3, h.family->vendor); else v.bind_null(2).bind_null(3);
    v.bind_null(4);
    if (h.version) v.bind(5, h.version); else v.bind_null(5);
    must(v.bind(6, h.family ? 0.9 : 0.0).run());
    ++t.hosts;
    if (h.device) {
      db::cursor s = ins_sighting.open();
      must(s.bind(1, *h.device).bind(2, ip).bind(3, day).bind(4, finished).bind(5, finished).bind(6, run).run());
      ++t.sightings;
    }
    return true;
  }
};

void device_day(writer& w, device& dv, int day_index, rng& r, const plan& p) {
  const auto& f = udn_families[dv.family];
  if (day_index < dv.start || day_index >= dv.end || !r.chance(0.9)) return;
  if (dv.home == 0 || r.chance(f.churn)) dv.home = public_ip(r);
  const char* country = countries[dv.country].first;
  const char* version = f.versions.empty() ? nullptr : f.versions[0];
  if (p.hostile && dv.hostile_model) version = dv.hostile_model;
  std::uint32_t ip = dv.home;
  do {
    const family_spec* camera = dv.family == 0 && r.chance(0.1) ? &other_families[0] : nullptr;
    if (w.add_host({ip, country, true, &f, dv.id, version, camera}, r)) {
      if (dv.first_seen < 0) dv.first_seen = day_index;
      dv.last_seen = day_index;
    }
    ip = public_ip(r);
  } while (r.chance(f.intraday));
}

// Hosts without a per-device UDN, in proportion to the day's device sightings.
void other_hosts(writer& w, std::int64_t sightings_today, rng& r) {
  const auto n = [&](double share) { return static_cast<std::int64_t>(share * static_cast<double>(sightings_today)); };
  const family_spec* realtek = &udn_families[1];
  for (std::int64_t i = 0; i < n(0.05); ++i)  // miniigd only: the shared default UDN (device 1)
    w.add_host({public_ip(r), countries[pick(r, countries)].first, true, realtek, 1, nullptr}, r);
  for (std::int64_t i = 0; i < n(0.25); ++i) {
    const auto& f = other_families[pick(r, other_families)];
    const char* version = f.versions.empty() ? nullptr : f.versions[r.below(f.versions.size())];
    w.add_host({public_ip(r), countries[pick(r, countries)].first, true, &f, std::nullopt, version}, r);
  }
  for (std::int64_t i = 0; i < n(0.08); ++i)
    w.add_host({public_ip(r), countries[pick(r, countries)].first, true, nullptr, std::nullopt, nullptr}, r);
  for (std::int64_t i = 0; i < n(0.15); ++i)
    w.add_host({public_ip(r), countries[pick(r, countries)].first, false, nullptr, std::nullopt, nullptr}, r);
  for (std::int64_t i = 0; i < n(0.005); ++i)  // honeypot-like: every family at once, never counted
    w.add_host({public_ip(r), countries[pick(r, countries)].first, true, &other_families[0], std::nullopt,
                nullptr, &other_families[3], true}, r);
  for (std::int64_t i = 0; i < n(0.03); ++i) {
    const bool bad = i % 4 == 0;
    const std::string ip = bad ? fmt::format("not-an-ip-{}", i) : ip_text((10u << 24) | static_cast<std::uint32_t>(r.below(1u << 24)));
    w.source(ip, countries[pick(r, countries)].first, bad ? "bad_address" : "blocklist", r);
  }
}

std::string udn_of(const device& dv) {
  return fmt::format("uuid:63041253-1019-2006-1228-{:012x}", static_cast<std::uint64_t>(dv.id) * 2654435761u % (1ull << 48));
}

void write_devices(writer& w, const std::vector<device>& population, const plan& p) {
  const auto day = [&](int i) { return *db::shift_day(p.start_day, i); };
  {
    db::cursor c = w.ins_device.open();
    c.bind(1, std::int64_t{1}).bind(2, "uuid:12342409-1234-1234-5678-ee1234cc5678").bind(3, 1);
    c.bind(4, "known_default").bind(5, "realtek-sdk-router").bind(6, "Realtek").bind(7, "RTL8196C");
    must(c.bind(8, day(0)).bind(9, day(p.days - 1)).bind_null(10).run());
  }
  for (const auto& dv : population) {
    if (dv.first_seen < 0) continue;
    const auto& f = udn_families[dv.family];
    const std::string udn = udn_of(dv);
    db::cursor i = w.ins_device.open();
    i.bind(1, dv.id).bind(2, udn).bind(3, dv.shared ? 1 : 0);
    if (dv.shared) i.bind(4, "multi_address"); else i.bind_null(4);
    i.bind(5, f.name).bind(6, f.vendor).bind(7, dv.hostile_model ? dv.hostile_model : f.models[dv.model]);
    must(i.bind(8, day(dv.first_seen)).bind(9, day(dv.last_seen)).bind(10, udn.substr(29)).run());
    ++w.t.devices;
  }
}

}  // namespace

totals write_store(db::database& d, const plan& p, const progress_fn& progress) {
  rng r{p.seed};
  std::vector<device> population = make_population(r, p);
  writer w{d};
  for (int i = 0; i < p.days; ++i) {
    w.day = *db::shift_day(p.start_day, i);
    w.started = w.day + "T01:00:00.000Z";
    w.finished = w.day + "T01:00:02.000Z";
    w.used.clear();
    w.run = i + 1;
    db::cursor c = w.ins_run.open();
    must(c.bind(1, w.run).bind(2, "synthetic-" + w.day + ".csv").bind(3, w.day).bind(4, w.finished).run());
    const auto before = w.t.sightings;
    for (auto& dv : population) device_day(w, dv, i, r, p);
    other_hosts(w, w.t.sightings - before, r);
    if (progress) progress(w.day, w.t);
  }
  write_devices(w, population, p);
  return w.t;
}

}  // namespace iotprobe::testing::synthetic
