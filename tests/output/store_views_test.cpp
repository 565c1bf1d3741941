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
        "day,ip,country,run,family,vendor,product,version,certainty,udn,shared,mac,open,seen_at,"
        "identity_kind,cert_sha256,first_seen,lag_s\n"
        "2021-05-27,192.0.2.9,JP,2,logitec-router,\"Logitec, Inc.\",,,0.9,"
        "uuid:63041253-1019-2006-1228-00a0b0000001,false,,true,,,,,\n");
  CHECK(output::dump_json_line(output::export_json(sample_row())) ==
        "{\"certainty\":0.9,\"certificates\":[],\"country\":\"JP\",\"day\":\"2021-05-27\","
        "\"family\":\"logitec-router\",\"first_seen\":null,\"identity_kind\":null,"
        "\"ip\":\"192.0.2.9\",\"lag_s\":null,\"mac\":null,\"open\":true,\"product\":null,\"run\":2,\"seen_at\":null,"
        "\"shared\":false,\"udn\":\"uuid:63041253-1019-2006-1228-00a0b0000001\","
        "\"vendor\":\"Logitec, Inc.\",\"version\":null}");
}

TEST_CASE("export: a host's HTTPS certificates and its key's identity kind", "[output][export][tls]") {
  auto r = sample_row();
  r.identity_kind = "tls_cert";
  const std::string a(64, 'a'), b(64, 'b');
  r.certificates = {{443, "ok", "CN = x", "CN = x", "2026-12-04T17:00:00Z", "2026-12-05T17:00:00Z", a},
                    {8443, "ok", "CN = x", "CN = x", std::nullopt, std::nullopt, a},
                    {4443, "parse_error", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
                    {9443, "ok", "CN = y", "CN = y", std::nullopt, std::nullopt, b}};
  std::ostringstream out;
  output::export_csv csv(out);
  csv.row(r);
  CHECK_THAT(out.str(), Catch::EndsWith(",true,,tls_cert," + a + " " + b + ",,\n"));
  const auto j = output::export_json(r);
  CHECK(j["identity_kind"] == "tls_cert");
  REQUIRE(j["certificates"].size() == 4);
  CHECK(j["certificates"][0]["sha256"] == a);
  CHECK(j["certificates"][0]["not_before"] == "2026-12-04T17:00:00Z");
  CHECK(j["certificates"][2]["sha256"].is_null());
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
