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
  // `done` moves into the one transport that runs.
  const auto from_socket = [&done] {
    return [done = std::move(done)](socket_outcome out) {
      done(transport_outcome{out.status, std::move(out.detail), std::move(out.messages), {},
                             out.elapsed_ms});
    };
  };
  const auto from_http = [&done] {
    return [done = std::move(done)](http_outcome out) {
      transport_outcome to{out.status, std::move(out.detail), {}, std::move(out.certificate),
                           out.elapsed_ms};
      to.replies.push_back(std::move(out.raw));  // a braced list would copy the bytes
      done(std::move(to));
    };
  };
  if (const auto* http = std::get_if<http_request>(&request)) {
    exchange.transfer = http_.get(*http, from_http());
  } else if (const auto* https = std::get_if<https_request>(&request)) {
    http_request tls = *https;
    tls.tls = true;
    exchange.transfer = http_.get(tls, from_http());
  } else if (const auto* tcp = std::get_if<banner_request>(&request)) {
    exchange.socket = grab_banner(io_, *tcp, from_socket());
  } else if (const auto* udp = std::get_if<ssdp_request>(&request)) {
    exchange.socket = ssdp_search(io_, *udp, from_socket());
  }
  return exchange;
}

void transports::cancel(const running_exchange& exchange) {
  if (exchange.transfer) http_.cancel(*exchange.transfer);
  if (exchange.socket) exchange.socket->cancel();
}

}  // namespace iotprobe::prober
