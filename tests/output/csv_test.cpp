// The CSV writer: RFC 4180 quoting, and numbers spelled as the JSON outputs spell them.
#include "prober/output/csv.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace iotprobe::output;

TEST_CASE("csv cells are quoted only when they must be", "[output][csv]") {
  CHECK(csv_cell("plain text") == "plain text");
  CHECK(csv_cell("") == "");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("cr\r") == "\"cr\r\"");
}

TEST_CASE("csv_writer separates cells and ends records", "[output][csv]") {
  std::ostringstream out;
  csv_writer csv(out);
  csv.cell("day").cell(std::optional<std::string>{}).cell(std::int64_t{3}).cell(true);
  csv.end_record();
  csv.cell(0.0).cell(0.9).cell(1e-05).cell(false).cell(std::optional<std::string>{"x,y"});
  csv.end_record();
  CHECK(out.str() == "day,,3,true\n0.0,0.9,1e-05,false,\"x,y\"\n");
}
