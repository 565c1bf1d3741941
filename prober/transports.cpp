// Dispatch from a probe's request to the transport that runs it, and each transport's own
// outcome turned into the one transport_outcome probes read. No policy lives here: limits,
// the blocklist and what a reply means belong to the runner and to the probes.
#include "prober/transports.hpp"

#include <utility>

namespace iotprobe::prober {

std::string take_first_reply(transport_outcome& outcome) {
  return outcome.replies.empty() ? std::string{} : std::move(outcome.replies.front());
}

transports::transports(boost::asio::io_context& io) : io_(io), http_(io) {}

running_exchange transports::start(const transport_request& request, done_fn done) {
  running_exchange exchange;
  const auto from_socket = [done](socket_outcome out) {
    done(transport_outcome{out.status, std::move(out.detail), std::move(out.messages), {},
                           out.elapsed_ms});
  };
  const auto from_http = [done](http_outcome out) {
    done(transport_outcome{out.status, std::move(out.detail), {std::move(out.raw)},
                           std::move(out.certificate), out.elapsed_ms});
  };
  if (const auto* http = std::get_if<http_request>(&request)) {
    exchange.transfer = http_.get(*http, from_http);
  } else if (const auto* https = std::get_if<https_request>(&request)) {
    http_request tls = *https;
    tls.tls = true;
    exchange.transfer = http_.get(tls, from_http);
  } else if (const auto* tcp = std::get_if<banner_request>(&request)) {
    exchange.socket = grab_banner(io_, *tcp, from_socket);
  } else if (const auto* udp = std::get_if<ssdp_request>(&request)) {
    exchange.socket = ssdp_search(io_, *udp, from_socket);
  }
  return exchange;
}

void transports::cancel(const running_exchange& exchange) {
  if (exchange.transfer) http_.cancel(*exchange.transfer);
  if (exchange.socket) exchange.socket->cancel();
}

}  // namespace iotprobe::prober
