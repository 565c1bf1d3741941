// Fuzz target for parsers::parse_http_response, run with the default caps and with tight
// ones: the status is one the parser may return, every cap holds, the title is valid
// UTF-8, header lookups agree with the header list, and parsing is deterministic.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/fingerprint/fingerprint_regex.hpp"
#include "parsers/http/http_response.hpp"

namespace {

using namespace iotprobe::parsers;

std::size_t header_bytes(const http_response& r) {
  std::size_t total = 0;
  for (const http_header& h : r.headers) total += h.name.size() + h.value.size();
  return total;
}

void check_caps(const http_response& r, const http_limits& limits) {
  FUZZ_CHECK(r.body.size() <= limits.max_body_bytes);
  FUZZ_CHECK(header_bytes(r) <= limits.max_header_bytes);
  if (r.title) {
    FUZZ_CHECK(r.title->raw.size() <= limits.max_title_bytes);
    FUZZ_CHECK(r.title->utf8.size() <= limits.max_title_bytes);
    FUZZ_CHECK(is_valid_utf8(r.title->utf8));
    FUZZ_CHECK(!r.title->charset.empty());
  }
}

void check_headers(const http_response& r) {
  for (const http_header& h : r.headers) {
    const auto first = r.header(h.name);
    FUZZ_CHECK(first.has_value());
    FUZZ_CHECK(!r.headers_named(h.name).empty());
  }
  FUZZ_CHECK(r.server() == r.header("Server"));
}

void check_one(std::string_view bytes, const http_limits& limits) {
  const http_response r = parse_http_response(bytes, limits);
  FUZZ_CHECK(r.status == probe_status::ok || r.status == probe_status::not_http ||
             r.status == probe_status::parse_error);
  FUZZ_CHECK(probe_status_from_string(to_string(r.status)) == r.status);
  FUZZ_CHECK(r.status_code >= 0 && r.status_code <= 999);
  if (bytes.empty()) FUZZ_CHECK(r.status != probe_status::ok);
  check_caps(r, limits);
  check_headers(r);
  const http_response again = parse_http_response(bytes, limits);
  FUZZ_CHECK(again.status == r.status && again.body == r.body &&
             again.headers.size() == r.headers.size() && again.detail == r.detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("http_response", [&] {
    const std::string_view bytes = iotprobe::testing::as_text(data, size);
    check_one(bytes, http_limits{});
    check_one(bytes, http_limits{.max_header_bytes = 64, .max_body_bytes = 128,
                                 .max_title_bytes = 16});
  });
}
