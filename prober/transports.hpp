// The transports a probe's request runs on, behind one call: HTTP and HTTPS (http_client,
// curl), raw TCP (grab_banner) and UDP (ssdp_search). Each exchange reports exactly once,
// later, never inline, unless cancelled. A transport never chooses what to send: the
// probe's request does.
#pragma once

#include "prober/http_client.hpp"
#include "prober/socket_probes.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace iotprobe::prober {

// An HTTP GET over TLS (http_request::tls is set by transports::start): no verification,
// the leaf certificate kept.
struct https_request : http_request {};

// The transport a probe declares. Value i is alternative i of transport_request, so a new
// transport is one value here, one alternative there and one branch in transports::start.
enum class transport { http, tcp, udp, https };

using transport_request = std::variant<http_request, banner_request, ssdp_request, https_request>;

constexpr transport transport_of(const transport_request& request) {
  return static_cast<transport>(request.index());
}

// What any transport hands back: its status, and the bytes it got as received.
struct transport_outcome {
  parsers::probe_status status = parsers::probe_status::error;  // transport-level status
  std::string detail;
  std::vector<std::string> replies;  // http, tcp: at most one; udp: one per datagram
  std::vector<std::string> certificate;  // https: the leaf's certificate-info lines
  double elapsed_ms = 0;
};

// The first reply's bytes, moved out ("" when nothing arrived).
std::string take_first_reply(transport_outcome& outcome);

// One exchange in flight, as transports::cancel needs it.
struct running_exchange {
  std::optional<http_client::transfer_id> transfer;
  std::shared_ptr<socket_probe> socket;
};

class transports {
 public:
  using done_fn = std::function<void(transport_outcome)>;

  explicit transports(boost::asio::io_context& io);
  transports(const transports&) = delete;
  transports& operator=(const transports&) = delete;

  // Starts the exchange the request's alternative names; `done` runs later, exactly once,
  // unless cancel() comes first. The caller has already checked the blocklist.
  running_exchange start(const transport_request& request, done_fn done);
  // Stops an exchange silently: its done_fn is never called.
  void cancel(const running_exchange& exchange);

 private:
  boost::asio::io_context& io_;
  http_client http_;  // its destructor drops every pending done_fn
};

}  // namespace iotprobe::prober
