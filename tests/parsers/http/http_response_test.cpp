// parse_http_response on the lenient cases real devices demand (status line quirks,
// header quirks, framing, not-HTTP, HTTP/0.9, empty input). Device captures are in
// http_devices_test.cpp; caps and speed in http_limits_test.cpp.
#include "parsers/http/http_response.hpp"

#include "tests/parsers/http/http_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using iotprobe::parsers::parse_http_response;
using iotprobe::parsers::probe_status;

TEST_CASE("status line without a reason phrase", "[http]") {
  for (const std::string bytes : {"HTTP/1.1 404 \r\n\r\n", "HTTP/1.1 404\r\n\r\n"}) {
    const auto r = parse_http_response(bytes);
    CHECK(r.status == probe_status::ok);
    CHECK(r.version == "HTTP/1.1");
    CHECK(r.status_code == 404);
    CHECK(r.reason.empty());
    CHECK(r.detail.empty());
  }
}

TEST_CASE("reason phrase kept as sent: micro_httpd's '200 Ok'", "[http]") {
  const auto r = parse_http_response("HTTP/1.1 200 Ok\r\nServer: micro_httpd\r\n\r\n");
  CHECK(r.status_code == 200);
  CHECK(r.reason == "Ok");
  CHECK(r.server() == "micro_httpd");
}

TEST_CASE("duplicated status line is flagged and the headers after it parsed", "[http]") {
  const auto r = parse_http_response(
      iotprobe::testing::read_http_fixture("http/grandstream_double_status.http"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.duplicated_status_line);
  CHECK(r.version == "HTTP/1.0");
  CHECK(r.status_code == 200);
  CHECK(r.server() == "Grandstream/1.10");
  CHECK(r.headers.size() == 3);
  CHECK(r.malformed_header_lines.empty());
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "Grandstream");
  CHECK_THAT(r.detail, Catch::Contains("status line repeated"));

  const auto split = parse_http_response(
      "HTTP/1.0 200 OK\r\n\r\nHTTP/1.0 302 Found\r\nLocation: /x\r\n\r\nbody");
  CHECK(split.duplicated_status_line);
  CHECK(split.status_code == 302);
  CHECK(split.header("location") == "/x");
  CHECK(split.body == "body");
}

TEST_CASE("headers end at EOF when the final CRLF is missing", "[http]") {
  const auto r = parse_http_response("HTTP/1.1 200 OK\r\nServer: a\r\nX-Last: b");
  CHECK(r.status == probe_status::ok);
  REQUIRE(r.headers.size() == 2);
  CHECK(r.header("X-Last") == "b");
  CHECK(r.body.empty());
  CHECK_THAT(r.detail, Catch::Contains("ended at EOF"));
}

TEST_CASE("LF-only line ends", "[http]") {
  const auto r = parse_http_response(
      "HTTP/1.0 200 OK\nServer: lf-only\nContent-Type: text/html\n\n<title>LF</title>\n");
  CHECK(r.server() == "lf-only");
  CHECK(r.header("content-type") == "text/html");
  CHECK(r.body == "<title>LF</title>\n");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "LF");
}

TEST_CASE("header names with spaces are kept raw and stay usable", "[http]") {
  const auto r = parse_http_response(
      "HTTP/1.1 200 OK\r\nLast Modified: Tue, 01 Jan 2019 00:00:00 GMT\r\nServer : spaced\r\n"
      "no colon here\r\nBad\x01Name: v\r\n: empty name\r\nServer: real\r\n\r\n");
  CHECK(r.status == probe_status::ok);
  CHECK(r.malformed_header_lines ==
        std::vector<std::string>{"Last Modified: Tue, 01 Jan 2019 00:00:00 GMT",
                                 "Server : spaced", "no colon here", "Bad\x01Name: v",
                                 ": empty name"});
  CHECK(r.header("Last Modified") == "Tue, 01 Jan 2019 00:00:00 GMT");
  CHECK_FALSE(r.header("Last-Modified"));
  CHECK(r.headers_named("server") == std::vector<std::string_view>{"spaced", "real"});
  CHECK(r.headers.size() == 3);
  CHECK_THAT(r.detail, Catch::Contains("5 malformed header line(s)"));
}

TEST_CASE("obs-fold continuation lines join the previous header", "[http]") {
  const auto r = parse_http_response(
      "HTTP/1.1 200 OK\r\nX-Long: part one\r\n   part two\r\n\tpart three\r\nServer: s\r\n\r\n");
  CHECK(r.header("X-Long") == "part one part two part three");
  CHECK(r.server() == "s");
  CHECK(r.malformed_header_lines.empty());

  const auto orphan = parse_http_response("HTTP/1.1 200 OK\r\n  orphan fold\r\nA: b\r\n\r\n");
  CHECK(orphan.malformed_header_lines == std::vector<std::string>{"  orphan fold"});
  CHECK(orphan.header("A") == "b");
}

TEST_CASE("header values are trimmed, empty values kept, case-insensitive lookup", "[http]") {
  const auto r = parse_http_response("HTTP/1.1 200 OK\r\nEXT:\r\nX-Pad:   v  \t\r\n\r\n");
  CHECK(r.header("ext") == "");
  CHECK(r.header("x-pad") == "v");
  CHECK(r.headers.front().name == "EXT");
  CHECK_FALSE(r.header("Missing"));
  CHECK(r.headers_named("missing").empty());
}

TEST_CASE("body framing: to EOF, shorter and longer Content-Length", "[http]") {
  const auto eof = parse_http_response("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nall the rest\r\n");
  CHECK(eof.body == "all the rest\r\n");
  CHECK(eof.detail.empty());

  const auto shorter = parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world");
  CHECK(shorter.body == "hello");
  CHECK_THAT(shorter.detail, Catch::Contains("6 bytes after Content-Length ignored"));

  const auto longer = parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
  CHECK(longer.body == "abc");
  CHECK_FALSE(longer.body_truncated);
  CHECK_THAT(longer.detail, Catch::Contains("body shorter than Content-Length: 3 of 100 bytes"));

  const auto bad = parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nxyz");
  CHECK(bad.body == "xyz");
  CHECK_THAT(bad.detail, Catch::Contains("bad Content-Length \"12abc\""));

  const auto conflict = parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\nabcd");
  CHECK(conflict.body == "ab");
  CHECK_THAT(conflict.detail, Catch::Contains("conflicting Content-Length"));
}

TEST_CASE("chunked bodies with extensions and trailers", "[http]") {
  const auto r = parse_http_response(iotprobe::testing::read_http_fixture("http/chunked_extensions.http"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.chunked);
  CHECK(r.body == "<html><head><title>Chunked</title></head></html>");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "Chunked");
  CHECK(r.detail.empty());
}

TEST_CASE("a bad chunk size keeps what was decoded and says so", "[http]") {
  const auto r = parse_http_response(iotprobe::testing::read_http_fixture("http/chunked_bad_size.http"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.chunked);
  CHECK(r.body == "hello");
  CHECK_THAT(r.detail, Catch::Contains("bad chunk size \"zz\""));

  const auto cut = parse_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA\r\nabc");
  CHECK(cut.chunked);
  CHECK(cut.body == "abc");
  CHECK_THAT(cut.detail, Catch::Contains("cut off: 3 of 10 bytes"));
}

TEST_CASE("binary greeting is not_http, bytes kept", "[http]") {
  const std::string bytes = iotprobe::testing::read_http_fixture("http/telnet_greeting.bin");
  const auto r = parse_http_response(bytes);
  CHECK(r.status == probe_status::not_http);
  CHECK(r.body == bytes);
  CHECK(r.status_code == 0);
  CHECK_THAT(r.detail, Catch::StartsWith("no HTTP status line; binary bytes start \"\\xff\\xfd"));
}

TEST_CASE("text that is not HTTP is not_http, with the reason", "[http]") {
  const auto ssh = parse_http_response("SSH-2.0-dropbear_2019.78\r\n");
  CHECK(ssh.status == probe_status::not_http);
  CHECK_THAT(ssh.detail, Catch::Contains("text bytes start \"SSH-2.0-dropbear"));

  const auto bad_status = parse_http_response("HTTP/1.1 OK 200\r\nServer: x\r\n\r\n");
  CHECK(bad_status.status == probe_status::not_http);
  CHECK_THAT(bad_status.detail, Catch::Contains("malformed status line \"HTTP/1.1 OK 200"));

  const auto request = parse_http_response("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  CHECK(request.status == probe_status::not_http);

  const auto xml = parse_http_response("<?xml version=\"1.0\"?><root/>");
  CHECK(xml.status == probe_status::not_http);
}

// Decision: the prober allows HTTP/0.9, so a bare HTML document is ok (version "",
// code 0); any other headerless bytes stay not_http (see looks_like_html).
TEST_CASE("HTTP/0.9: an HTML document without a status line is ok", "[http]") {
  const auto r = parse_http_response(iotprobe::testing::read_http_fixture("http/http09_document.http"));
  CHECK(r.status == probe_status::ok);
  CHECK(r.version.empty());
  CHECK(r.status_code == 0);
  CHECK(r.headers.empty());
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "Old Device");
  CHECK_THAT(r.detail, Catch::Contains("HTTP/0.9"));

  const auto with_nul = parse_http_response(std::string("<html>\0\0\0<title>x</title>", 25));
  CHECK(with_nul.status == probe_status::not_http);
}

TEST_CASE("empty input is a parse_error", "[http]") {
  const auto r = parse_http_response("");
  CHECK(r.status == probe_status::parse_error);
  CHECK(r.detail == "empty input: no bytes arrived");
  CHECK(r.headers.empty());

  const auto blank = parse_http_response("\r\n\r\n");
  CHECK(blank.status == probe_status::not_http);
}

TEST_CASE("leading blank lines before the status line are skipped", "[http]") {
  const auto r = parse_http_response("\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
  CHECK(r.status == probe_status::ok);
  CHECK(r.status_code == 204);
  CHECK(r.reason == "No Content");
}

TEST_CASE("a body that starts without the empty line is still the body", "[http]") {
  const auto r = parse_http_response("HTTP/1.0 200 OK\r\nServer: dvr\r\n<html><title>DVR</title></html>");
  CHECK(r.status == probe_status::ok);
  CHECK(r.server() == "dvr");
  CHECK(r.headers.size() == 1);
  CHECK(r.malformed_header_lines.empty());
  CHECK(r.body == "<html><title>DVR</title></html>");
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "DVR");
  CHECK(r.detail == "body began without an empty line after the headers");
}
