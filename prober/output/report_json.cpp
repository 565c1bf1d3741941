// report_json and report_csv_files (see report_views.hpp): the same tables, the same
// column names, in JSON (iotprobe.report/1) and in one CSV file per table.
#include "prober/output/csv.hpp"
#include "prober/output/json_dump.hpp"
#include "prober/output/report_views.hpp"
#include "prober/output/store_views.hpp"

#include <sstream>

namespace iotprobe::output {
namespace {

nlohmann::json ratio(std::int64_t identified, std::int64_t devices) {
  return json_or_null(db::inflation(identified, devices));
}

nlohmann::json funnel_json(const db::report_data& r) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : r.funnel) {
    out.push_back({{"day", d.day}, {"darknet", d.darknet}, {"admitted", d.admitted},
                   {"probed", d.probed}, {"open", d.open}, {"identified", d.identified},
                   {"with_udn", d.with_udn}, {"devices", d.devices},
                   {"unattributed", d.unattributed}, {"inflation", ratio(d.identified, d.devices)}});
  }
  return out;
}

nlohmann::json family_funnel_json(const db::report_data& r) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : r.family_funnel) {
    out.push_back({{"day", f.day}, {"family", f.family}, {"identified", f.identified},
                   {"with_udn", f.with_udn}, {"devices", f.devices},
                   {"unattributed", f.unattributed}, {"inflation", ratio(f.identified, f.devices)}});
  }
  return out;
}

nlohmann::json tables_json(const db::report_data& r) {
  nlohmann::json cumulative = nlohmann::json::array(), focus = nlohmann::json::array(),
                 models = nlohmann::json::array(), firmware = nlohmann::json::array(),
                 countries = nlohmann::json::array();
  for (const auto& c : r.cumulative)
    cumulative.push_back({{"day", c.day}, {"family", c.family}, {"devices", c.devices}});
  for (const auto& f : r.focus)
    focus.push_back({{"day", f.day}, {"family", f.family}, {"identified", f.identified}, {"devices", f.devices}});
  for (const auto& m : r.models)
    models.push_back({{"family", m.family}, {"model", m.value}, {"devices", m.count}});
  for (const auto& f : r.firmware)
    firmware.push_back({{"family", f.family}, {"firmware", f.value}, {"address_days", f.count}});
  for (const auto& c : r.countries) {
    countries.push_back({{"country", c.country}, {"darknet_address_days", c.darknet},
                         {"identified_address_days", c.identified}, {"device_days", c.devices}});
  }
  return {{"cumulative_devices", cumulative}, {"focus", focus}, {"top_models", models},
          {"top_firmware", firmware}, {"countries", countries}};
}

// One CSV document from the rows of a JSON table (every row has the same keys).
std::string csv_of(const nlohmann::json& rows, const std::vector<std::string>& columns) {
  std::ostringstream out;
  csv_writer csv(out);
  for (const auto& c : columns) csv.cell(c);
  csv.end_record();
  for (const auto& row : rows) {
    for (const auto& c : columns) {
      const auto& v = row.at(c);
      if (v.is_null()) csv.cell(std::optional<std::string>{});
      else if (v.is_string()) csv.cell(v.get_ref<const std::string&>());
      else if (v.is_number_integer()) csv.cell(v.get<std::int64_t>());
      else if (v.is_number()) csv.cell(v.get<double>());
      else csv.cell(v.get<bool>());
    }
    csv.end_record();
  }
  return out.str();
}

}  // namespace

nlohmann::json report_json(const db::report_data& r) {
  const auto& f = r.filter;
  nlohmann::json out{
      {"schema", report_schema},
      {"period", {{"from", f.from}, {"to", f.to}}},
      {"filter", {{"families", f.families.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.families)},
                  {"country", json_or_null(f.country)}, {"focus_country", f.focus_country},
                  {"focus_family", f.focus_family}, {"top", f.top}}},
      {"days", r.days},
      {"families", r.families},
      {"funnel", funnel_json(r)},
      {"funnel_by_family", family_funnel_json(r)},
      {"churn", churn_json(r.churn)}};
  out.update(tables_json(r));
  return out;
}

std::vector<report_file> report_csv_files(const db::report_data& r) {
  const nlohmann::json j = report_json(r);
  const std::vector<std::pair<std::string, std::vector<std::string>>> tables{
      {"funnel", {"day", "darknet", "admitted", "probed", "open", "identified", "with_udn", "devices",
                  "unattributed", "inflation"}},
      {"funnel_by_family", {"day", "family", "identified", "with_udn", "devices", "unattributed", "inflation"}},
      {"churn", {"day", "family", "country", "ips", "devices", "ips_per_device_mean", "ips_per_device_max",
                 "multi_ip_devices", "new_devices", "vanished_devices", "unattributed_hosts",
                 "hosts_without_udn", "weak_identity_devices", "reclassified_devices", "honeypot_hosts"}},
      {"cumulative_devices", {"day", "family", "devices"}},
      {"focus", {"day", "family", "identified", "devices"}},
      {"top_models", {"family", "model", "devices"}},
      {"top_firmware", {"family", "firmware", "address_days"}},
      {"countries", {"country", "darknet_address_days", "identified_address_days", "device_days"}}};
  std::vector<report_file> files;
  for (const auto& [name, columns] : tables) files.emplace_back(name + ".csv", csv_of(j.at(name), columns));
  return files;
}

}  // namespace iotprobe::output
