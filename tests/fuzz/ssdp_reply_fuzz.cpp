// Fuzz target for parsers::parse_ssdp_reply: the status is ok or not_http (parse_error
// only for empty input), every well-known field comes from a header of that name (any
// case), EXT is set only when an EXT header exists, and parsing is deterministic.
#include "tests/fuzz/fuzz_check.hpp"

#include "parsers/upnp/ssdp_reply.hpp"

#include <cctype>
#include <optional>
#include <string>

namespace {

using namespace iotprobe::parsers;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_header(const ssdp_reply& r, std::string_view lower_name) {
  for (const http_header& h : r.headers)
    if (lower(h.name) == lower_name) return true;
  return false;
}

void check_field(const ssdp_reply& r, const std::optional<std::string>& field,
                 std::string_view lower_name) {
  if (field) FUZZ_CHECK(has_header(r, lower_name));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return iotprobe::testing::guarded("ssdp_reply", [&] {
    const std::string_view bytes = iotprobe::testing::as_text(data, size);
    const ssdp_reply r = parse_ssdp_reply(bytes);
    FUZZ_CHECK(r.status == probe_status::ok || r.status == probe_status::not_http ||
               r.status == probe_status::parse_error);
    FUZZ_CHECK(probe_status_from_string(to_string(r.status)) == r.status);
    FUZZ_CHECK(r.status_code >= 0 && r.status_code <= 999);
    if (r.status != probe_status::ok) FUZZ_CHECK(!r.location && !r.usn && !r.st);
    check_field(r, r.location, "location");
    check_field(r, r.server, "server");
    check_field(r, r.usn, "usn");
    check_field(r, r.st, "st");
    check_field(r, r.cache_control, "cache-control");
    if (r.ext) FUZZ_CHECK(has_header(r, "ext"));
    const ssdp_reply again = parse_ssdp_reply(bytes);
    FUZZ_CHECK(again.status == r.status && again.location == r.location &&
               again.headers.size() == r.headers.size());
  });
}
