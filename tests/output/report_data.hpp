// A hand-made db::report_data for the report view tests: two days, two families (one with
// UPnP devices, one without), and device strings chosen by the caller for the model and
// firmware columns, so a test can put hostile text where device text lands.
#pragma once

#include "db/report.hpp"

#include <string>

namespace iotprobe::testing {

inline db::report_data sample_report(const std::string& model = "LAN-W300N/DR",
                                     const std::string& firmware = "V1.08",
                                     const std::string& second_family = "wificam") {
  db::report_data r;
  r.filter.from = "2021-05-27";
  r.filter.to = "2021-05-28";
  r.days = {"2021-05-27", "2021-05-28"};
  r.families = {"logitec-router", second_family};
  r.funnel = {{"2021-05-27", 100, 98, 98, 80, 60, 40, 20, 5},
              {"2021-05-28", 110, 108, 108, 90, 70, 45, 21, 6}};
  r.family_funnel = {{"2021-05-27", "logitec-router", 50, 40, 20, 5},
                     {"2021-05-27", second_family, 10, 0, 0, 0},
                     {"2021-05-28", "logitec-router", 58, 45, 21, 6},
                     {"2021-05-28", second_family, 12, 0, 0, 0}};
  r.cumulative = {{"2021-05-27", "*", 20}, {"2021-05-27", "logitec-router", 20},
                  {"2021-05-28", "*", 25}, {"2021-05-28", "logitec-router", 25}};
  r.focus = {{"2021-05-27", "logitec-router", 30, 12}, {"2021-05-28", "logitec-router", 33, 13}};
  db::churn_row churn;
  churn.day = "2021-05-28";
  churn.family = "logitec-router";
  churn.country = "*";
  churn.ips = 58;
  churn.devices = 21;
  churn.ips_per_device_mean = 2.14;
  r.churn = {churn};
  r.models = {{"logitec-router", model, 25}};
  r.firmware = {{second_family, firmware, 22}};
  r.countries = {{"JP", 150, 100, 40}, {"", 60, 30, 1}};
  return r;
}

}  // namespace iotprobe::testing
