// The store's views on typed db/ rows: export's CSV and JSONL agree cell for cell, CSV
// quotes what it must, lookup JSON keeps null-for-absent, and the text tables' layout.
#include "prober/output/json_dump.hpp"
#include "prober/output/lookup_views.hpp"
#include "prober/output/store_views.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace iotprobe;

namespace {

db::export_row sample_row() {
  db::export_row r;
  r.day = "2021-05-27";
  r.ip = "192.0.2.9";
  r.country = "JP";
  r.run = 2;
  r.family = "logitec-router";
  r.vendor = "Logitec, Inc.";  // a comma: quoted in CSV
  r.certainty = 0.9;
  r.udn = "uuid:63041253-1019-2006-1228-00a0b0000001";
  r.open = true;
  return r;
}

}  // namespace

TEST_CASE("export: one header, then CSV cells that match the JSON line", "[output][export]") {
  std::ostringstream out;
  output::export_csv csv(out);
  csv.header();
  csv.row(sample_row());
  CHECK(out.str() ==
        "day,ip,country,run,family,vendor,product,version,certainty,udn,shared,mac,open,seen_at\n"
        "2021-05-27,192.0.2.9,JP,2,logitec-router,\"Logitec, Inc.\",,,0.9,"
        "uuid:63041253-1019-2006-1228-00a0b0000001,false,,true,\n");
  CHECK(output::dump_json_line(output::export_json(sample_row())) ==
        "{\"certainty\":0.9,\"country\":\"JP\",\"day\":\"2021-05-27\",\"family\":\"logitec-router\","
        "\"ip\":\"192.0.2.9\",\"mac\":null,\"open\":true,\"product\":null,\"run\":2,\"seen_at\":null,"
        "\"shared\":false,\"udn\":\"uuid:63041253-1019-2006-1228-00a0b0000001\","
        "\"vendor\":\"Logitec, Inc.\",\"version\":null}");
}

TEST_CASE("lookup JSON: a device not found is just its key", "[output][lookup]") {
  db::uuid_lookup missing;
  missing.udn = "uuid:00000000-0000-0000-0000-000000000000";
  CHECK(output::lookup_json(missing) == nlohmann::json{{"udn", missing.udn}, {"found", false}});
  db::ip_record host;
  host.probes.push_back({80, "get_root", "/", "ok", std::nullopt, std::nullopt, "Login"});
  const auto j = output::lookup_json(db::ip_lookup{"192.0.2.1", {host}});
  CHECK(j["hosts"][0]["device"].is_null());
  CHECK(j["hosts"][0]["probes"][0]["http_status"].is_null());
  CHECK(j["hosts"][0]["probes"][0]["title"] == "Login");
}

TEST_CASE("churn's table: unidentified family and missing country are named", "[output][churn]") {
  db::churn_row row;
  row.day = "2021-05-27";
  row.ips = 3;
  row.devices = 2;
  row.ips_per_device_mean = 1.5;
  const std::string text = output::churn_text({row});
  CHECK(text.find("2021-05-27 (unidentified)     -         3       2   1.50") != std::string::npos);
  CHECK(output::churn_json({row})[0]["family"] == "");
}
