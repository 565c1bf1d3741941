// Unit tests for the step logic of each probe, with no socket: what a probe keeps from an
// outcome and which step it leads to (GET / → redirect or description paths; curl's
// not_http → raw GET; description → next path; SSDP → LOCATION at the host's end).
#include "probe_host.hpp"
#include "prober/probes/http_rules.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>

using namespace iotprobe;
using parsers::probe_kind;
using parsers::probe_status;
using testing::outcome;
using testing::probe_host;

namespace {
const char* const ok_page = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n<title>Hi</title>";
const char* const good_description =
    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<?xml version=\"1.0\"?><root "
    "xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><modelName>IGD</modelName>"
    "<UDN>uuid:12342409-1234-1234-5678-ee1234cc5678</UDN></device></root>";

prober::step_plan read(probe_host& host, prober::step s, prober::transport_outcome out) {
  auto ctx = host.context();
  return s.what->read(std::move(s), std::move(out), ctx);
}
prober::step get_root_step() { return {&prober::probe_get_root, 80, "/", {}}; }

// Every step a probe hands back must be one of the table's probes.
bool listed(const prober::step& s) {
  return std::find(std::begin(prober::probe_table), std::end(prober::probe_table), s.what) !=
         std::end(prober::probe_table);
}
}  // namespace

TEST_CASE("GET / answered leads to the port's first description path", "[probes]") {
  probe_host host;
  const auto plan = read(host, get_root_step(), outcome(probe_status::ok, ok_page));
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].probe == probe_kind::get_root);
  CHECK(plan.results[0].status == probe_status::ok);
  CHECK(plan.port_answered);
  REQUIRE(plan.next);
  CHECK(listed(*plan.next));
  CHECK(plan.next->what == &prober::probe_description);
  CHECK(plan.next->port == 80);
  CHECK(plan.next->path == "/description.xml");
  CHECK(host.port.next_path == 1);
}

TEST_CASE("a closed port ends its lane and skips its descriptions", "[probes]") {
  probe_host host;
  const auto plan = read(host, get_root_step(), outcome(probe_status::refused, "", "refused"));
  REQUIRE(plan.results.size() == 2);
  CHECK(plan.results[0].status == probe_status::refused);
  CHECK(plan.results[1].probe == probe_kind::description);
  CHECK(plan.results[1].status == probe_status::skipped);
  CHECK(plan.results[1].detail == "port closed or silent on GET /");
  CHECK_FALSE(plan.port_answered);
  CHECK_FALSE(plan.next);
}

TEST_CASE("a redirect is followed on the same host, within the cap", "[probes]") {
  probe_host host;
  const auto moved = "HTTP/1.1 302 Found\r\nLocation: /login.htm\r\n\r\n";
  auto plan = read(host, get_root_step(), outcome(probe_status::ok, moved));
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_redirect);
  CHECK(plan.next->path == "/login.htm");
  CHECK(host.port.redirects == 1);

  plan = read(host, *plan.next, outcome(probe_status::ok, moved));  // the redirect redirects
  CHECK_FALSE(plan.port_answered);  // only GET / counts an open port
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_redirect);
  plan = read(host, *plan.next, outcome(probe_status::ok, moved));
  REQUIRE(plan.results.size() == 2);
  CHECK(plan.results[1].probe == probe_kind::redirect);
  CHECK(plan.results[1].status == probe_status::skipped);
  CHECK(plan.results[1].detail == "redirect cap reached");
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_description);  // on to the descriptions
}

TEST_CASE("a redirect to another host is kept as blocked, not followed", "[probes]") {
  probe_host host;
  const auto plan = read(host, get_root_step(),
                         outcome(probe_status::ok, "HTTP/1.1 301 Moved\r\nLocation: http://127.0.0.10/\r\n\r\n"));
  REQUIRE(plan.results.size() == 2);
  CHECK(plan.results[1].probe == probe_kind::redirect);
  CHECK(plan.results[1].status == probe_status::blocked);
  CHECK(plan.results[1].path == "http://127.0.0.10/");
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_description);
  CHECK(host.port.redirects == 0);
}

TEST_CASE("an answer curl refuses as not HTTP is re-read over raw TCP", "[probes]") {
  probe_host host;
  const auto twice = "HTTP/1.1 200 OK\r\nHTTP/1.1 200 OK\r\nServer: y\r\n\r\n";
  auto plan = read(host, get_root_step(), outcome(probe_status::not_http, twice, "weird"));
  CHECK(plan.results.empty());
  REQUIRE(plan.next);
  CHECK(listed(*plan.next));
  CHECK(plan.next->what == &prober::probe_raw_get_root);
  REQUIRE(plan.next->earlier);
  CHECK(plan.next->earlier->detail == "weird");
  const auto raw_step = *plan.next;

  plan = read(host, raw_step, outcome(probe_status::ok, ok_page, "closed by peer"));
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].probe == probe_kind::get_root);
  CHECK(plan.results[0].status == probe_status::ok);
  CHECK(plan.results[0].detail == "raw GET after curl: weird; closed by peer");
  CHECK(plan.port_answered);

  plan = read(host, raw_step, outcome(probe_status::reset, ""));  // nothing new: curl's stands
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].status == probe_status::not_http);
  CHECK(plan.results[0].detail == "weird");
}

TEST_CASE("only curl's not_http leads to the raw GET, not the parser's", "[probes]") {
  probe_host host;
  const auto plan = read(host, get_root_step(), outcome(probe_status::ok, "SSH-2.0-OpenSSH_7.4\r\n"));
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].status == probe_status::not_http);
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_description);
}

TEST_CASE("not_http without bytes is kept as it is", "[probes]") {
  probe_host host;
  const auto plan = read(host, get_root_step(), outcome(probe_status::not_http, ""));
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].status == probe_status::not_http);
}

TEST_CASE("description paths are tried in turn up to the first good one", "[probes]") {
  probe_host host;
  auto ctx = host.context();
  auto s = prober::next_description(ctx);
  REQUIRE(s);
  CHECK(s->path == "/description.xml");
  auto plan = read(host, *s, outcome(probe_status::ok, "HTTP/1.1 404 Not Found\r\n\r\n"));
  CHECK(plan.results.at(0).status == probe_status::http_error);
  REQUIRE(plan.next);
  CHECK(plan.next->path == "/root.sxml");
  plan = read(host, *plan.next, outcome(probe_status::ok, good_description));
  CHECK(plan.results.at(0).status == probe_status::ok);
  REQUIRE(plan.results.at(0).description);
  CHECK_FALSE(plan.next);  // found: the port is done

}

TEST_CASE("after the last description path the port is done", "[probes]") {
  probe_host host;
  auto ctx = host.context();
  auto s = prober::next_description(ctx);
  std::vector<std::string> tried;
  while (s) {
    tried.push_back(s->path);
    s = read(host, *s, outcome(probe_status::ok, "HTTP/1.1 404 Not Found\r\n\r\n")).next;
  }
  CHECK(tried == host.settings.paths_for(80));
}

TEST_CASE("a port that dies on a description path stops there", "[probes]") {
  probe_host host;
  auto ctx = host.context();
  const auto s = prober::next_description(ctx);
  REQUIRE(s);
  const auto plan = read(host, *s, outcome(probe_status::timeout, ""));
  CHECK(plan.results.at(0).status == probe_status::timeout);
  CHECK_FALSE(plan.next);
}

TEST_CASE("the banner sends the port's payload and keeps what came back", "[probes]") {
  auto settings = testing::probe_settings();
  config::apply_setting(settings, "banner.23", "none", ".");
  probe_host host(settings, settings.probed_ports().size());  // the lane after HTTP(S) ports
  auto ctx = host.context();
  const auto first = prober::probe_banner.begin(ctx);
  REQUIRE(first.next);
  CHECK(first.next->port == 23);
  CHECK(first.next->path.empty());
  const auto request = std::get<prober::banner_request>(prober::probe_banner.request(*first.next, ctx));
  CHECK(request.wire_port == 23);
  CHECK(request.max_bytes == settings.limits.banner_bytes);
  const auto plan = read(host, *first.next, outcome(probe_status::ok, "login: "));
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].probe == probe_kind::banner);
  CHECK(plan.results[0].raw == "login: ");
  CHECK_FALSE(plan.next);
}

TEST_CASE("SSDP runs when configured and announces each LOCATION once", "[probes]") {
  probe_host host;
  auto ctx = host.host_context();
  const auto first = prober::probe_ssdp.begin(ctx);
  REQUIRE(first.next);
  CHECK(first.next->port == 1900);
  const auto reply = "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: http://127.0.0.9:52869/picsdesc.xml\r\n\r\n";
  auto out = outcome(probe_status::ok, reply);
  out.replies.push_back(reply);
  const auto plan = prober::probe_ssdp.read(*first.next, out, ctx);
  CHECK(plan.results.size() == 2);
  CHECK_FALSE(plan.next);
  REQUIRE(host.announced.size() == 1);
  CHECK(host.announced[0].port == 1900);

  prober::transport_outcome silent;
  silent.status = probe_status::timeout;
  silent.detail = "no reply";
  const auto none = prober::probe_ssdp.read(*first.next, silent, ctx);
  REQUIRE(none.results.size() == 1);
  CHECK(none.results[0].status == probe_status::timeout);

  host.settings.ssdp = false;
  CHECK_FALSE(prober::probe_ssdp.begin(ctx).next);
}

TEST_CASE("the LOCATION is fetched at the end unless refused or already described", "[probes]") {
  probe_host host;
  auto ctx = host.host_context();
  host.announced = {{1900, "http://127.0.0.10/desc.xml"}, {1900, "http://127.0.0.9:52869/picsdesc.xml"}};
  auto plan = prober::probe_location.begin(ctx);
  REQUIRE(plan.results.size() == 1);  // the other host's, refused
  CHECK(plan.results[0].status == probe_status::blocked);
  CHECK(plan.results[0].port == 1900);
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_location);
  CHECK(plan.next->port == 52869);
  CHECK(plan.next->path == "/picsdesc.xml");

  auto described = prober::probe_note(52869, probe_kind::description, "/picsdesc.xml", probe_status::ok, "");
  host.results.push_back(described);
  plan = prober::probe_location.begin(ctx);
  CHECK_FALSE(plan.next);

  host.settings.follow_location = false;
  plan = prober::probe_location.begin(ctx);
  CHECK(plan.results.empty());
  CHECK_FALSE(plan.next);
}

TEST_CASE("a LOCATION's answer is read as a description", "[probes]") {
  probe_host host;
  auto ctx = host.host_context();
  const prober::step s{&prober::probe_location, 52869, "/picsdesc.xml", {}};
  const auto plan = prober::probe_location.read(s, outcome(probe_status::ok, good_description), ctx);
  REQUIRE(plan.results.size() == 1);
  CHECK(plan.results[0].probe == probe_kind::location);
  CHECK(plan.results[0].description);
  CHECK_FALSE(plan.next);
}

namespace {
// A host whose only port is 443 over TLS (wire 18443).
config::settings tls_settings() {
  auto settings = testing::probe_settings();
  config::apply_setting(settings, "ports", "443", ".");
  config::apply_setting(settings, "port_map", "443=18443", ".");
  return settings;
}

prober::transport_outcome tls_outcome(const char* page, std::vector<std::string> certificate) {
  auto out = outcome(probe_status::ok, page);
  out.certificate = std::move(certificate);
  return out;
}
}  // namespace

TEST_CASE("GET / over TLS keeps the answer and its certificate, and asks nothing more", "[probes]") {
  probe_host host(tls_settings());
  auto ctx = host.context();
  const auto first = host.port.plan->opening->begin(ctx);
  REQUIRE(first.next);
  CHECK(first.next->what == &prober::probe_https_get_root);
  const auto request = prober::probe_https_get_root.request(*first.next, ctx);
  REQUIRE(std::holds_alternative<prober::https_request>(request));
  CHECK(std::get<prober::https_request>(request).wire_port == 18443);
  CHECK(std::get<prober::https_request>(request).path == "/");
  const auto plan = read(host, *first.next,
                         tls_outcome(ok_page, {"Subject:CN = a", "Issuer:CN = a", "Cert:none"}));
  REQUIRE(plan.results.size() == 1);
  const auto& r = plan.results[0];
  CHECK(r.probe == probe_kind::https_get_root);
  CHECK(r.status == probe_status::ok);
  REQUIRE(r.http);
  REQUIRE(r.certificate);
  CHECK(r.certificate->subject == "CN = a");
  CHECK(r.certificate->status == probe_status::parse_error);  // "none" is no PEM
  CHECK(plan.port_answered);
  CHECK_FALSE(plan.next);  // no description path, no raw re-read on a TLS port
}

TEST_CASE("a port that speaks no TLS keeps no certificate and is not re-read raw", "[probes]") {
  probe_host host(tls_settings());
  const prober::step s{&prober::probe_https_get_root, 443, "/", {}};
  const auto plan = read(host, s, outcome(probe_status::not_http, "", "SSL connect error"));
  REQUIRE(plan.results.size() == 1);
  CHECK_FALSE(plan.results[0].certificate);
  CHECK_FALSE(plan.next);
}

TEST_CASE("a redirect on a TLS port stays on TLS; a switch to plain http is refused", "[probes]") {
  probe_host host(tls_settings());
  const prober::step s{&prober::probe_https_get_root, 443, "/", {}};
  auto plan = read(host, s, tls_outcome("HTTP/1.1 302 Found\r\nLocation: /login.htm\r\n\r\n", {}));
  REQUIRE(plan.next);
  CHECK(plan.next->what == &prober::probe_https_redirect);
  CHECK(plan.next->path == "/login.htm");
  CHECK(listed(*plan.next));
  auto ctx = host.context();
  CHECK(std::holds_alternative<prober::https_request>(plan.next->what->request(*plan.next, ctx)));
  probe_host other(tls_settings());
  plan = read(other, s, outcome(probe_status::ok, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.9/\r\n\r\n"));
  CHECK_FALSE(plan.next);
  REQUIRE(plan.results.size() == 2);
  CHECK(plan.results[1].status == probe_status::blocked);
  CHECK_THAT(plan.results[1].detail, Catch::Contains("not https"));
}
