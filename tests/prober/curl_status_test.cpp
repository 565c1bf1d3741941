// Unit tests for the curl error → probe_status mapping. CURLcode values are written as
// numbers (only prober/http_client.cpp may include <curl/curl.h>); names are in comments.
#include "prober/http_client.hpp"

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
