// The raw GET / fallback: when curl rejects an answer as not HTTP (a duplicated status line,
// a header curl 7.88 will not parse), the same anonymous GET / is sent once over a plain
// socket and the bytes go to parsers::parse_http_response, which is more lenient. Nothing
// new arrives: curl's answer stands. Stored as get_root, like the GET / it re-reads.
#include "prober/probes/http_rules.hpp"
#include "prober/probes/probe_table.hpp"

namespace iotprobe::prober {
namespace {

std::string raw_get_text(const std::string& ip, int wire_port, const std::string& agent) {
  const bool v6 = ip.find(':') != std::string::npos;
  return "GET / HTTP/1.1\r\nHost: " + (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(wire_port) +
         "\r\nUser-Agent: " + agent + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

transport_request request(const step& s, const step_context& ctx) {
  const auto& limits = ctx.settings.limits;
  const int wire_port = ctx.settings.wire_port(s.port);
  return banner_request{ctx.ip, wire_port, raw_get_text(ctx.ip, wire_port, ctx.settings.user_agent),
                        limits.connect_timeout_ms, limits.transfer_deadline_ms,
                        limits.max_header_bytes + limits.max_body_bytes};
}

step_plan read(step s, transport_outcome out, step_context& ctx) {
  auto curl_answer = std::move(*s.earlier);
  std::string raw = take_first_reply(out);
  if (raw.empty()) return after_root_answer(std::move(curl_answer), true, ctx);
  auto r = http_probe_result(s.port, s.what->kind, s.path, out.status, std::move(out.detail),
                             std::move(raw), out.elapsed_ms, ctx.settings);
  r.detail = "raw GET after curl: " + curl_answer.detail + (r.detail.empty() ? "" : "; " + r.detail);
  return after_root_answer(std::move(r), true, ctx);
}

}  // namespace

constexpr probe probe_raw_get_root{
    .name = "raw_get_root",
    .kind = parsers::probe_kind::get_root,
    .via = transport::tcp,
    .role = step_role::follow_up,
    .speaks_http = true,
    .request = request,
    .read = read,
};

}  // namespace iotprobe::prober
