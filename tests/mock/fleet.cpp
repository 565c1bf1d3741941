// The fleet generator: devices, their personas, lifetimes, infections, and per-day /
// per-epoch addresses with churn. Deterministic: one random_source, drawn in a fixed order.
// Every address is in 127.0.0.0/8 outside 127.0.0.0/24, and unique within a day.
#include "fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace iotprobe::mock {
namespace {

struct device_state {
  const persona* p = nullptr;
  std::string country;
  device_values values;
  std::string uuid_norm;
  int first_day = 0, last_day = 0, infected_day = INT_MAX;
  std::uint32_t addr = 0;
  int last_online_day = -2;
};

template <class T, class Weight>
const T& pick_weighted(const std::vector<T>& items, Weight weight, random_source& rng) {
  double total = 0;
  for (const auto& i : items) total += weight(i);
  double x = rng.unit() * total;
  for (const auto& i : items) {
    x -= weight(i);
    if (x < 0) return i;
  }
  return items.back();
}

std::uint32_t allocate_address(std::unordered_set<std::uint32_t>& used, random_source& rng) {
  for (;;) {
    std::uint32_t x = static_cast<std::uint32_t>(rng.below(256));
    std::uint32_t y = static_cast<std::uint32_t>(rng.below(256));
    std::uint32_t z = 1 + static_cast<std::uint32_t>(rng.below(254));
    if (x == 0 && y == 0) continue;  // 127.0.0.0/24 is left to tooling
    std::uint32_t a = (127u << 24) | (x << 16) | (y << 8) | z;
    if (used.insert(a).second) return a;
  }
}

device_state make_device(const fleet_options& opt, const std::map<std::string, persona>& personas,
                         const std::vector<mix_entry>& mix, random_source& rng) {
  device_state d;
  const mix_entry& m = pick_weighted(mix, [](const mix_entry& e) { return e.weight; }, rng);
  d.p = &personas.at(m.persona);
  d.country = m.countries.empty()
                  ? "JP"
                  : pick_weighted(m.countries, [](const auto& c) { return c.second; }, rng).first;
  d.values = make_device_values(*d.p, rng);
  d.uuid_norm = normalize_uuid(d.values.uuid);
  bool appears = rng.chance(opt.appear_share), vanishes = rng.chance(opt.vanish_share);
  if (appears && opt.days > 1) d.first_day = 1 + static_cast<int>(rng.below(opt.days - 1));
  d.last_day = opt.days - 1;
  if (vanishes && d.first_day < opt.days - 1)
    d.last_day = d.first_day + static_cast<int>(rng.below(opt.days - 1 - d.first_day));
  bool infected = rng.chance(opt.infected_share), early = rng.chance(0.7);
  std::uint64_t late_day = rng.below(static_cast<std::uint64_t>(opt.days));
  if (infected) d.infected_day = early ? 0 : static_cast<int>(late_day);
  return d;
}

manifest_row row_for(const device_state& d, std::size_t id, const std::string& day, int day_index,
                     std::uint32_t addr, int epoch, int epoch_last) {
  manifest_row r;
  r.day = day;
  r.ip = format_ipv4(addr);
  r.device_id = id;
  r.family = d.p->family;
  r.persona = d.p->name;
  r.country = d.country;
  r.uuid = d.uuid_norm;
  r.uuid_raw = d.values.uuid;
  r.shared_udn = d.p->shared_udn;
  r.mac = d.values.mac;
  r.model = d.values.model;
  r.serial = d.values.serial;
  r.lan_ip = d.values.lan_ip;
  r.epoch = epoch;
  r.epoch_last = epoch_last;
  r.infected = d.infected_day <= day_index;
  for (const auto& [family, ports] : d.p->behind) r.behind.push_back(family);
  return r;
}

// Epochs (1..epochs-1, ascending) at which an intraday mover takes a new address.
std::vector<int> change_points(int epochs, random_source& rng) {
  std::vector<int> all;
  for (int e = 1; e < epochs; ++e) all.push_back(e);
  std::size_t k = 1 + rng.below(all.size());
  for (std::size_t i = 0; i < k; ++i) std::swap(all[i], all[i + rng.below(all.size() - i)]);
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

std::vector<mix_entry> load_mix(const std::filesystem::path& file,
                                const std::map<std::string, persona>& known) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read mix file " + file.string());
  std::vector<mix_entry> mix;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    std::istringstream words(line);
    mix_entry e;
    if (!(words >> e.persona) || e.persona[0] == '#') continue;
    auto where = fmt::format("{}:{}: ", file.string(), line_no);
    if (!known.count(e.persona)) throw std::runtime_error(where + "unknown persona " + e.persona);
    if (!(words >> e.weight) || e.weight < 0) throw std::runtime_error(where + "bad weight");
    for (std::string cc; words >> cc;) {
      auto colon = cc.find(':');
      if (colon == std::string::npos) throw std::runtime_error(where + "want CC:weight");
      e.countries.emplace_back(cc.substr(0, colon), std::stod(cc.substr(colon + 1)));
    }
    mix.push_back(std::move(e));
  }
  if (mix.empty()) throw std::runtime_error("mix file has no personas: " + file.string());
  return mix;
}

void generate_fleet(const fleet_options& opt, const std::map<std::string, persona>& personas,
                    const std::vector<mix_entry>& mix, const day_sink& sink) {
  if (opt.epochs < 1 || opt.days < 1) throw std::invalid_argument("days and epochs must be >= 1");
  random_source rng(opt.seed);
  std::vector<device_state> devices;
  devices.reserve(opt.devices);
  for (std::size_t i = 0; i < opt.devices; ++i) devices.push_back(make_device(opt, personas, mix, rng));

  std::vector<manifest_row> rows;
  for (int d = 0; d < opt.days; ++d) {
    const std::string day = add_days(opt.start_day, d);
    std::unordered_set<std::uint32_t> used;
    used.reserve(devices.size() * 2);
    std::vector<char> online(devices.size(), 0), keeps(devices.size(), 0);
    for (std::size_t i = 0; i < devices.size(); ++i) {
      auto& dev = devices[i];
      bool offline = rng.chance(opt.offline_share), moves = rng.chance(opt.churn);
      online[i] = dev.first_day <= d && d <= dev.last_day && !offline;
      keeps[i] = online[i] && dev.last_online_day == d - 1 && !moves;
      if (keeps[i]) used.insert(dev.addr);
    }
    rows.clear();
    for (std::size_t i = 0; i < devices.size(); ++i) {
      if (!online[i]) continue;
      auto& dev = devices[i];
      if (!keeps[i]) dev.addr = allocate_address(used, rng);
      dev.last_online_day = d;
      std::vector<int> changes;
      if (opt.epochs > 1 && rng.chance(opt.intraday_share)) changes = change_points(opt.epochs, rng);
      int from = 0;
      for (int at : changes) {
        rows.push_back(row_for(dev, i, day, d, dev.addr, from, at - 1));
        dev.addr = allocate_address(used, rng);
        from = at;
      }
      rows.push_back(row_for(dev, i, day, d, dev.addr, from, opt.epochs - 1));
    }
    sink(d, rows);
  }
}

void write_fleet(const fleet_options& opt, const std::map<std::string, persona>& personas,
                 const std::vector<mix_entry>& mix, const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  generate_fleet(opt, personas, mix, [&](int day_index, const std::vector<manifest_row>& rows) {
    const std::string day = add_days(opt.start_day, day_index);
    std::string csv = "day,ip,country,tag\n", jsonl;
    jsonl.reserve(rows.size() * 400);
    for (const auto& r : rows) {
      if (r.infected) csv += fmt::format("{},{},{},mirai\n", r.day, r.ip, r.country);
      jsonl += manifest_json(r);
      jsonl += '\n';
    }
    std::ofstream(out_dir / ("day-" + day + ".csv"), std::ios::binary) << csv;
    std::ofstream(out_dir / ("manifest-" + day + ".jsonl"), std::ios::binary) << jsonl;
  });
}

}  // namespace iotprobe::mock
