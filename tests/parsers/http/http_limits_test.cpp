// The caps of http_limits (headers, body, title) and linear cost on hostile sizes: a
// 10 MB answer and a 1 MB header line parse, are marked, and never fail. The time bound
// only tells linear from quadratic (generous for a loaded or sanitized build); speed
// itself is benchmarked in tests/bench/.
#include "parsers/http/http_response.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using iotprobe::parsers::http_limits;
using iotprobe::parsers::parse_http_response;
using iotprobe::parsers::probe_status;

namespace {

template <typename F>
double seconds_for(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("headers past 32 KiB are dropped, the body is still found", "[http][limits]") {
  std::string bytes = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 40; ++i) bytes += "X-Pad-" + std::to_string(i) + ": " + std::string(1000, 'p') + "\r\n";
  bytes += "\r\ntail";
  const auto r = parse_http_response(bytes);
  CHECK(r.status == probe_status::ok);
  CHECK(r.headers_truncated);
  CHECK(r.headers.size() == 32);  // the 32nd line ends at byte 32391, the 33rd at 33403
  CHECK(r.header("X-Pad-31"));
  CHECK_FALSE(r.header("X-Pad-32"));
  CHECK(r.body == "tail");
  CHECK_THAT(r.detail, Catch::Contains("header lines past 32768 bytes dropped"));
}

TEST_CASE("body past 256 KiB is truncated, smaller caps are honoured", "[http][limits]") {
  const std::string bytes = "HTTP/1.1 200 OK\r\n\r\n" + std::string(300 * 1024, 'b');
  const auto r = parse_http_response(bytes);
  CHECK(r.status == probe_status::ok);
  CHECK(r.body_truncated);
  CHECK(r.body.size() == 256 * 1024);
  CHECK_THAT(r.detail, Catch::Contains("body past 262144 bytes dropped"));

  http_limits small;
  small.max_body_bytes = 10;
  const auto capped = parse_http_response("HTTP/1.1 200 OK\r\n\r\n0123456789abcdef", small);
  CHECK(capped.body == "0123456789");
  CHECK(capped.body_truncated);

  const auto exact = parse_http_response("HTTP/1.1 200 OK\r\n\r\n0123456789", small);
  CHECK(exact.body == "0123456789");
  CHECK_FALSE(exact.body_truncated);
}

TEST_CASE("a chunked body past the cap is truncated without trusting the sizes", "[http][limits]") {
  http_limits small;
  small.max_body_bytes = 8;
  const auto r = parse_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nFFFFFFFFFFFFFF\r\nworld", small);
  CHECK(r.body == "hellowor");
  CHECK(r.body_truncated);
}

TEST_CASE("a title past 512 bytes is capped on a UTF-8 boundary", "[http][limits]") {
  std::string title = "a";
  for (int i = 0; i < 300; ++i) title += "\xc3\xa9";  // é, two bytes each: 601 bytes
  const auto r = parse_http_response("HTTP/1.1 200 OK\r\n\r\n<title>" + title + "</title>");
  REQUIRE(r.title);
  CHECK(r.title->utf8.size() == 511);  // 512 would split the 256th é
  CHECK(r.title->utf8 == title.substr(0, 511));
  CHECK(r.title->raw.size() == 512);
  CHECK(r.status == probe_status::ok);
}

TEST_CASE("a 10 MB answer parses in linear time", "[http][limits][slow]") {
  const std::string bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>big</title>" +
                            std::string(10 * 1024 * 1024, 'x');
  iotprobe::parsers::http_response r;
  const double took = seconds_for([&] { r = parse_http_response(bytes); });
  CHECK(took < 20.0);  // linear: quadratic work on 10 MB takes minutes
  CHECK(r.body_truncated);
  CHECK(r.body.size() == 256 * 1024);
  REQUIRE(r.title);
  CHECK(r.title->utf8 == "big");
}

TEST_CASE("a 1 MB header line and 10 MB of header lines parse in linear time", "[http][limits][slow]") {
  const std::string one_line = "HTTP/1.1 200 OK\r\nServer: ok\r\nX-Big: " + std::string(1024 * 1024, 'a') +
                               "\r\n\r\nafter";
  iotprobe::parsers::http_response r;
  double took = seconds_for([&] { r = parse_http_response(one_line); });
  CHECK(took < 20.0);  // linear: quadratic work on 10 MB takes minutes
  CHECK(r.headers_truncated);
  CHECK(r.server() == "ok");
  CHECK_FALSE(r.header("X-Big"));
  CHECK(r.body == "after");

  std::string many = "HTTP/1.1 200 OK\r\n";
  while (many.size() < 10 * 1024 * 1024) many += "X-Many: 0123456789\r\n";
  took = seconds_for([&] { r = parse_http_response(many); });
  CHECK(took < 20.0);  // linear: quadratic work on 10 MB takes minutes
  CHECK(r.headers_truncated);
  CHECK(r.headers.size() < 32 * 1024 / 20);
  CHECK(r.body.empty());

  const std::string binary(10 * 1024 * 1024, '\x01');
  took = seconds_for([&] { r = parse_http_response(binary); });
  CHECK(took < 20.0);  // linear: quadratic work on 10 MB takes minutes
  CHECK(r.status == probe_status::not_http);
  CHECK(r.body.size() == 256 * 1024);
}
