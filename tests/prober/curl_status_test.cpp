// Unit tests for the curl error → probe_status mapping. CURLcode values are written as
// numbers (only prober/http_client.cpp may include <curl/curl.h>); names are in comments.
// Also the byte caps of response_capture and the request URL.
#include "prober/http_client.hpp"
#include "prober/response_capture.hpp"

#include <catch2/catch.hpp>

#include <cerrno>

using iotprobe::parsers::probe_status;
using iotprobe::prober::status_for_curl_code;

TEST_CASE("curl results map onto the closed status enum", "[curl]") {
  CHECK(status_for_curl_code(0, 0, false) == probe_status::ok);                   // CURLE_OK
  CHECK(status_for_curl_code(7, ECONNREFUSED, false) == probe_status::refused);   // COULDNT_CONNECT
  CHECK(status_for_curl_code(7, EHOSTUNREACH, false) == probe_status::unreachable);
  CHECK(status_for_curl_code(7, ENETUNREACH, false) == probe_status::unreachable);
  CHECK(status_for_curl_code(7, ETIMEDOUT, false) == probe_status::timeout);
  CHECK(status_for_curl_code(28, 0, false) == probe_status::timeout);             // OPERATION_TIMEDOUT
  CHECK(status_for_curl_code(56, ECONNRESET, false) == probe_status::reset);      // RECV_ERROR
  CHECK(status_for_curl_code(55, EPIPE, false) == probe_status::reset);           // SEND_ERROR
  CHECK(status_for_curl_code(52, 0, false) == probe_status::reset);               // GOT_NOTHING
  CHECK(status_for_curl_code(18, 0, false) == probe_status::reset);               // PARTIAL_FILE
  CHECK(status_for_curl_code(8, 0, false) == probe_status::not_http);             // WEIRD_SERVER_REPLY
  CHECK(status_for_curl_code(1, 0, false) == probe_status::not_http);             // UNSUPPORTED_PROTOCOL
  CHECK(status_for_curl_code(63, 0, false) == probe_status::too_large);           // FILESIZE_EXCEEDED
  CHECK(status_for_curl_code(27, 0, false) == probe_status::too_large);           // OUT_OF_MEMORY (header line)
  CHECK(status_for_curl_code(23, 0, true) == probe_status::too_large);            // WRITE_ERROR by our cap
  CHECK(status_for_curl_code(23, 0, false) == probe_status::error);
  CHECK(status_for_curl_code(6, 0, false) == probe_status::error);                // COULDNT_RESOLVE_HOST
}

TEST_CASE("the response capture keeps bytes up to each cap and then aborts", "[curl]") {
  using iotprobe::prober::response_capture;
  response_capture c;
  c.max_header_bytes = 10;
  c.max_body_bytes = 4;
  char head[] = "HTTP/1.0 200";
  CHECK(iotprobe::prober::capture_header_bytes(head, 1, 5, &c) == 5);
  CHECK(iotprobe::prober::capture_header_bytes(head + 5, 1, 5, &c) == 5);
  CHECK(c.headers == "HTTP/1.0 2");
  CHECK_FALSE(c.capped);
  CHECK(iotprobe::prober::capture_header_bytes(head + 10, 1, 2, &c) == 0);  // short count: abort
  CHECK(c.capped);
  CHECK(c.headers == "HTTP/1.0 2");
  response_capture b;
  b.max_body_bytes = 4;
  char body[] = "abcdef";
  CHECK(iotprobe::prober::capture_body_bytes(body, 2, 3, &b) == 0);  // size * count counts
  CHECK(b.body == "abcd");
  CHECK(b.capped);
}

TEST_CASE("request URLs bracket v6 literals and keep the path as given", "[curl]") {
  iotprobe::prober::http_request r;
  r.ip = "127.0.0.9";
  r.wire_port = 18080;
  r.path = "/a b?x";
  CHECK(iotprobe::prober::url_for(r) == "http://127.0.0.9:18080/a b?x");
  r.ip = "::1";
  r.path = "/";
  CHECK(iotprobe::prober::url_for(r) == "http://[::1]:18080/");
}
