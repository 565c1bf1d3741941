// The raw GET / fallback: when curl rejects an answer as not HTTP (a duplicated status
// line, a header curl 7.88 will not parse), the same anonymous GET / is sent once over a
// plain socket and the bytes go to parsers::parse_http_response, which is more lenient.
// Same limits as any connection: a slot, the blocklist check, the deadline and byte caps.
#include "prober/engine_impl.hpp"

namespace iotprobe::prober {

using parsers::probe_kind;
using parsers::probe_status;

namespace {
std::string raw_get_text(const std::string& ip, int wire_port, const std::string& agent) {
  const bool v6 = ip.find(':') != std::string::npos;
  return "GET / HTTP/1.1\r\nHost: " + (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(wire_port) +
         "\r\nUser-Agent: " + agent + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}
}  // namespace

void scan_engine::impl::raw_get_root(host_job& host, std::size_t index,
                                     parsers::probe_result curl_result) {
  const int port = host.ports[index].plan->port;
  request_connection(host, [this, id = host.id, index, port, curl = std::move(curl_result)]() mutable {
    auto* h = find_host(id);
    if (!allowed_now(*h, port, probe_kind::get_root, "/")) return give_back_refused(id, index);
    banner_request req{h->target.ip, settings_.wire_port(port),
                       raw_get_text(h->target.ip, settings_.wire_port(port), settings_.user_agent),
                       settings_.limits.connect_timeout_ms, settings_.limits.transfer_deadline_ms,
                       settings_.limits.max_header_bytes + settings_.limits.max_body_bytes};
    const auto op_id = h->open_op(port, probe_kind::get_root, "/");
    h->ops[op_id].socket = grab_banner(io_, req, [this, id, op_id, index, port, curl = std::move(curl)](socket_outcome out) mutable {
      auto* host = close_op(id, op_id);
      if (!host) return;
      ++stats_.http_exchanges;
      std::string raw = out.messages.empty() ? std::string{} : std::move(out.messages.front());
      if (raw.empty()) return after_get_root(*host, index, std::move(curl));
      auto r = http_probe_result(port, probe_kind::get_root, "/", out.status, out.detail, std::move(raw),
                                 out.elapsed_ms, settings_);
      r.detail = "raw GET after curl: " + curl.detail + (r.detail.empty() ? "" : "; " + r.detail);
      after_get_root(*host, index, std::move(r));
    });
  });
}

}  // namespace iotprobe::prober
