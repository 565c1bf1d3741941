// The synthetic store behind the report's benchmark and browser test: a device population
// (UDN families, churning over IPs, some intraday; some Logitec routers with a camera
// behind them, issue 11's second device of a host) plus per-day hosts without UDNs, shared
// default-UDN hosts, unidentified, silent and honeypot-like hosts and refused sources,
// written with direct SQL. Deterministic for a seed (its own generator, no std distributions). Never
// probes, never opens a socket; the caller owns the transaction.
#pragma once

#include "db/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace iotprobe::testing::synthetic {

struct plan {
  int days = 90;
  std::string start_day = "2021-03-01";
  std::int64_t sightings = 10'000'000;  // the device population is sized to reach this
  std::uint64_t seed = 1;
  bool hostile = false;  // add devices whose model and version strings are markup/formulas
};

struct totals {
  std::int64_t sightings = 0, hosts = 0, sources = 0, devices = 0;
};

using progress_fn = std::function<void(const std::string& day, const totals& so_far)>;

// Writes runs, devices, hosts, host_devices, verdicts, sightings and sources into a
// migrated store, inside the caller's transaction, with foreign keys off (devices are
// written after the days they were seen in). Throws std::runtime_error when a row cannot
// be written.
totals write_store(db::database& d, const plan& p, const progress_fn& progress = {});

}  // namespace iotprobe::testing::synthetic
