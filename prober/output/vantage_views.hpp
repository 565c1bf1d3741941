// `churn --by-vantage` (issue 16): per day and vantage point, what it saw and what only it
// saw or missed, as JSON and as an aligned table. Renders db::vantage_row values only.
#pragma once

#include "db/vantage.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace iotprobe::output {

nlohmann::json vantage_json(const std::vector<db::vantage_row>& rows);
std::string vantage_text(const std::vector<db::vantage_row>& rows);

}  // namespace iotprobe::output
