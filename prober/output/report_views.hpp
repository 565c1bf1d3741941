// The report (`iotprobe report`) as people and programs read it: aligned text tables, JSON
// (schema iotprobe.report/1, documented in the README), one CSV file per table, the four
// charts as standalone SVG files, and one self-contained HTML page (no script, no
// external request: its Content-Security-Policy forbids them). Pure renderers over
// db::report_data; every device string is escaped for the format it lands in.
#pragma once

#include "db/report.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace iotprobe::output {

inline constexpr const char* report_schema = "iotprobe.report/1";

// A file the report writes into its --out directory: name and content.
using report_file = std::pair<std::string, std::string>;

nlohmann::json report_json(const db::report_data& r);
std::string report_text(const db::report_data& r);
// The funnel alone (the demo prints it): header and one aligned row per day.
std::string funnel_text(const db::report_data& r);
// funnel.csv, funnel_by_family.csv, churn.csv, cumulative_devices.csv, focus.csv,
// top_models.csv, top_firmware.csv, countries.csv (the JSON's tables, same columns).
std::vector<report_file> report_csv_files(const db::report_data& r);
// hosts-per-family.svg, focus.svg, cumulative-devices.svg, inflation.svg.
std::vector<report_file> report_svg_files(const db::report_data& r);
std::string report_html(const db::report_data& r);

}  // namespace iotprobe::output
