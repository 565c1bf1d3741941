// Issue 14's terminal-safety bar, view by view: hostile device text (ESC, OSC, BEL, raw
// newlines, C1) sent through every text view of the output layer reaches the output only
// escaped. Each case also finds the escaped text, so a view that dropped the field fails.
#include "hostile.hpp"

#include "parsers/upnp/udn.hpp"
#include "prober/output/fingerprint_views.hpp"
#include "prober/output/host_views.hpp"
#include "prober/output/input_views.hpp"
#include "prober/output/lookup_views.hpp"
#include "prober/output/response_text.hpp"
#include "prober/output/store_views.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace iotprobe;
using testing::check_inert;
using testing::hostile;

namespace {

parsers::http_response hostile_http() {
  parsers::http_response r;
  r.status = parsers::probe_status::ok;
  r.version = "HTTP/1.1";
  r.status_code = 200;
  r.reason = hostile;
  r.headers = {{"Server", hostile}, {hostile, "x"}};
  r.malformed_header_lines = {hostile};
  r.title = parsers::decoded_text{hostile, hostile, "utf-8"};
  r.auth = parsers::www_authenticate{hostile, hostile, hostile};
  return r;
}

parsers::upnp_description hostile_description() {
  parsers::upnp_description d;
  d.status = parsers::probe_status::ok;
  d.url_base = hostile;
  parsers::upnp_device device;
  device.path = "0";
  device.device_type = device.friendly_name = device.manufacturer = hostile;
  device.model_name = device.model_number = device.serial_number = hostile;
  device.udn = hostile;
  device.udn_parsed = parsers::normalize_udn(hostile);
  device.services.push_back({hostile, {}, {}, {}, {}});
  d.devices.push_back(device);
  return d;
}

parsers::verdict hostile_verdict() {
  parsers::verdict v;
  v.family = v.vendor = v.product = v.version = hostile;
  v.evidence.push_back({80, parsers::probe_kind::get_root, "http_header.server", hostile, hostile,
                        hostile, {{"iot.family", hostile}}});
  v.conflicts = {hostile};
  return v;
}

parsers::host_result hostile_host() {
  parsers::host_result host;
  host.ip = "192.0.2.7";
  parsers::probe_result root;
  root.port = 80;
  root.path = hostile;  // a redirect's path comes from the device's Location
  root.status = parsers::probe_status::ok;
  root.detail = hostile;
  root.http = hostile_http();
  parsers::probe_result description = root;
  description.probe = parsers::probe_kind::description;
  description.description = hostile_description();
  parsers::probe_result ssdp;
  ssdp.port = 1900;
  ssdp.probe = parsers::probe_kind::ssdp;
  ssdp.ssdp = parsers::ssdp_reply{parsers::probe_status::ok, hostile, "HTTP/1.1", 200, "OK", {},
                                  hostile, hostile, hostile, hostile, hostile, true};
  host.probes = {root, description, ssdp};
  host.verdict = hostile_verdict();
  return host;
}

}  // namespace

TEST_CASE("parse's summaries escape device text", "[output][terminal_safety]") {
  check_inert(output::http_response_text(hostile_http()));
  parsers::ssdp_reply reply{parsers::probe_status::ok, "", "HTTP/1.1", 200, hostile,
                            {{"X", hostile}}, hostile, hostile, hostile, hostile, hostile, false};
  check_inert(output::ssdp_reply_text(reply));
  check_inert(output::upnp_description_text(hostile_description()));
  check_inert(output::verdict_block_text(hostile_verdict()));
}

TEST_CASE("probe's report escapes its evidence lines and port table", "[output][terminal_safety]") {
  const std::string out = output::host_text(hostile_host());
  check_inert(out);
  CHECK(out.find("[Server: evil\\x1b") != std::string::npos);
  CHECK(out.find("[model: evil\\x1b") != std::string::npos);
  CHECK(out.find("[LOCATION evil\\x1b") != std::string::npos);
  CHECK(out.find("evidence: 80/get_root http_header.server=\"evil\\x1b") != std::string::npos);
}

TEST_CASE("lookup ip, uuid and model escape stored device text", "[output][terminal_safety]") {
  db::ip_record host;
  host.input = host.day = hostile;
  host.country = host.family = host.vendor = host.product = hostile;
  host.device = db::device_ref{hostile, true, hostile};
  host.udns = {hostile};
  host.probes.push_back({80, hostile, hostile, hostile, 200, hostile, hostile});
  check_inert(output::lookup_text(db::ip_lookup{hostile, {host}}));

  db::uuid_lookup device;
  device.udn = hostile;
  device.found = true;
  device.shared = true;
  device.shared_reason = device.family = device.vendor = device.manufacturer = hostile;
  device.model_name = device.model_number = device.serial_number = device.mac = hostile;
  device.first_day = device.last_day = hostile;
  device.days.push_back({hostile, {hostile, hostile}, hostile, hostile});
  check_inert(output::lookup_text(device));
  device.found = false;
  check_inert(output::lookup_text(device));

  db::model_lookup models;
  models.pattern = hostile;
  models.devices.push_back({hostile, false, hostile, hostile, hostile, hostile, hostile, hostile,
                            hostile, 1, 1});
  check_inert(output::lookup_text(models));
}

TEST_CASE("churn and batch's summary escape stored families and countries", "[output][terminal_safety]") {
  db::churn_row row;
  row.day = row.family = row.country = hostile;
  row.honeypot_hosts = row.reclassified_devices = 1;  // the notes under the table too
  check_inert(output::churn_text({row}));
  db::run_info run;
  run.input = run.day = run.state = hostile;
  const db::reclassification changed{hostile, {true, hostile, hostile}, {hostile}};
  check_inert(output::run_summary_text(run, {{hostile, 1, 1, 0, 0}}, {1, 1, 0, 1}, {changed}));
}

TEST_CASE("input views escape target rows, file names and scanner names", "[output][terminal_safety]") {
  parsers::target target{"192.0.2.1", hostile, hostile, hostile, 2};
  check_inert(output::target_text(target));
  std::istringstream in("ip\n192.0.2.1\nnot-an-ip\n");
  parsers::target_reader reader(in, hostile);
  while (reader.next()) {
  }
  REQUIRE_FALSE(reader.errors().empty());
  check_inert(output::target_summary_text(hostile, reader));
  check_inert(output::target_errors_text(reader));
  check_inert(output::reader_summary_text(reader, 10));
  check_inert(output::dry_run_accept_line(hostile, {80}));
  check_inert(output::dry_run_refuse_line(hostile, "invalid", hostile));
  parsers::extract_result extracted;
  extracted.scanners.push_back({});
  extracted.scanners.back().org = hostile;
  check_inert(output::extract_report_text(extracted));
}

TEST_CASE("fingerprints verify escapes database text", "[output][terminal_safety]") {
  parsers::verify_report report;
  report.failures.push_back({hostile, 3, hostile, "", hostile});
  report.failures.push_back({hostile, 4, hostile, hostile, hostile});
  report.warnings.push_back(hostile);
  check_inert(output::verify_failures_text(report));
  check_inert(output::verify_warnings_text(report));
  check_inert(output::verify_load_failure_text(hostile, hostile));
}
