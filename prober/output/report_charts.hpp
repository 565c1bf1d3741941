// The report's four charts as chart specs (the data side; report_chart.hpp draws them):
// (1) daily identified hosts per family, stacked (NICTER's Figure 2); (2) the focus
// country's hosts stacked by family with the focus family's unique UUIDs as a line
// (Figure 3); (3) cumulative unique UUIDs per family, as steps; (4) the inflation ratio
// (identified addresses per unique device) per day and family. Internal to report_*.cpp.
#pragma once

#include "db/report.hpp"
#include "prober/output/report_chart.hpp"

#include <string>
#include <vector>

namespace iotprobe::output {

struct named_chart {
  std::string file;     // "hosts-per-family.svg"
  std::string caption;  // how to read it (the HTML page prints it under the chart)
  chart_spec spec;
};

std::vector<named_chart> report_charts(const db::report_data& r);

}  // namespace iotprobe::output
