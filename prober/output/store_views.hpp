// The tables read back from the store: `churn` (JSON and the aligned daily table),
// `export` (one JSON line or one CSV record per stored host) and `batch`'s end-of-run
// summary. Pure renderers over db/ rows; stored strings are terminal_safe'd in text.
// The HTML/SVG report (issue 12) belongs beside these: report_*.{hpp,cpp} in this folder,
// rendering the same db/ rows (csv.hpp, terminal.hpp and json_dump.hpp are shared).
#pragma once

#include "db/churn.hpp"
#include "db/ledger.hpp"
#include "db/lookup.hpp"
#include "db/run_counts.hpp"
#include "db/store.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace iotprobe::output {

// [{day, family, country, ips, devices, ips_per_device_mean, ips_per_device_max,
//   multi_ip_devices, new_devices, vanished_devices, unattributed_hosts, hosts_without_udn,
//   weak_identity_devices, reclassified_devices, honeypot_hosts}]
nlohmann::json churn_json(const std::vector<db::churn_row>& rows);
// The header, one aligned row per churn_row, a legend line, then a line per day with
// honeypot-like hosts left out and per group with reclassified devices.
std::string churn_text(const std::vector<db::churn_row>& rows);

// export's columns, in this order, for both formats: day, ip, country, run, family,
// vendor, product, version, certainty, udn, shared, mac, open, seen_at.
nlohmann::json export_json(const db::export_row& row);
// export --format csv: header() writes the header record, row() one record per host.
class export_csv {
 public:
  explicit export_csv(std::ostream& out) : out_(out) {}
  void header();
  void row(const db::export_row& row);

 private:
  std::ostream& out_;
};

// "run N (day, input): state", its counts, then the open hosts per family with their
// devices, shared and UDN-less hosts, the devices versus the addresses that could hold one
// (HTTP-only ones cannot), honeypot-like addresses left out, and each reclassification the
// run caused with the stored days whose counts it changed (earlier days counted apart).
std::string run_summary_text(const db::run_info& run, const std::vector<db::run_family_row>& families,
                             const db::run_device_counts& devices,
                             const std::vector<db::reclassification>& reclassified);

}  // namespace iotprobe::output
