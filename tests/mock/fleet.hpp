// The fleet generator: which devices exist, which persona each wears, where each one is
// (127.x.y.z, never 127.0.0.0/24) on each simulated day and epoch, and which are infected.
// Deterministic for a seed. Writes files only; never opens a socket.
#pragma once

#include "persona.hpp"
#include "random.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace iotprobe::mock {

struct mix_entry {
  std::string persona;
  double weight = 0;
  std::vector<std::pair<std::string, double>> countries;  // ISO code, weight
};

// Mix file: "persona weight [CC:weight ...]" per line, '#' comments. Throws on errors
// and on a persona name not in `known`.
std::vector<mix_entry> load_mix(const std::filesystem::path& file,
                                const std::map<std::string, persona>& known);

struct fleet_options {
  std::size_t devices = 1000;
  int days = 1;
  std::uint64_t seed = 1;
  double churn = 0.1;            // share of devices on a new address each day
  double intraday_share = 0.05;  // share of online devices that change address within a day
  double infected_share = 0.6;   // share of devices that get infected at some point
  double appear_share = 0.1;     // share of devices that first appear after day 0
  double vanish_share = 0.1;     // share of devices that vanish before the last day
  double offline_share = 0.03;   // chance an existing device is offline on a given day
  int epochs = 4;                // epochs per day (intraday address slots)
  std::string start_day = "2021-05-27";
};

// One address a device held on one day, for epochs [epoch, epoch_last].
struct manifest_row {
  std::string day, ip;
  std::uint64_t device_id = 0;
  std::string family, persona, country;
  std::string uuid;      // normalised root UDN ("uuid:" + lower-case), empty if none
  std::string uuid_raw;  // as the device prints it
  bool shared_udn = false;
  std::string mac, model, serial, lan_ip;
  int epoch = 0, epoch_last = 0;
  bool infected = false;
  // Families of further devices behind this address (persona `behind`), e.g. the camera a
  // router forwards port 81 to: the address counts in each of them too, without a UUID.
  std::vector<std::string> behind;
};

// Per-device values for a persona, drawn from `rng` (the same draws in the same order
// for the same persona, so both the fleet and single-host mode are deterministic).
device_values make_device_values(const persona& p, random_source& rng);
// Single-host mode: values derived from the address and persona name alone.
device_values device_values_for_host(const persona& p, std::string_view ip);

std::string normalize_uuid(std::string_view raw);
std::string format_ipv4(std::uint32_t addr);
bool parse_ipv4(std::string_view text, std::uint32_t& addr);  // host byte order
std::string add_days(const std::string& yyyy_mm_dd, int days);  // throws on a bad date

// Generates every day and hands each day's rows to `sink(day_index, rows)` in order.
using day_sink = std::function<void(int day_index, const std::vector<manifest_row>& rows)>;
void generate_fleet(const fleet_options& opt, const std::map<std::string, persona>& personas,
                    const std::vector<mix_entry>& mix, const day_sink& sink);

// Generates and writes DIR/day-YYYY-MM-DD.csv and DIR/manifest-YYYY-MM-DD.jsonl per day.
void write_fleet(const fleet_options& opt, const std::map<std::string, persona>& personas,
                 const std::vector<mix_entry>& mix, const std::filesystem::path& out_dir);

std::string manifest_json(const manifest_row& row);
manifest_row manifest_from_json(std::string_view line);  // throws on malformed JSON
// Reads a day's manifest; rows whose [epoch, epoch_last] covers `epoch` only (all if < 0).
std::vector<manifest_row> read_manifest(const std::filesystem::path& fleet_dir,
                                        const std::string& day, int epoch);

}  // namespace iotprobe::mock
