// The two probes that are not HTTP: a raw TCP banner grab and a unicast SSDP M-SEARCH.
// Both are plain Asio, bounded by a deadline and a byte cap, and report exactly once
// (unless cancelled). They never send anything but the fixed, anonymous payloads given.
#pragma once

#include "parsers/core/probe_status.hpp"

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace iotprobe::prober {

struct socket_outcome {
  parsers::probe_status status = parsers::probe_status::error;
  std::string detail;
  std::vector<std::string> messages;  // banner: one entry; SSDP: one entry per datagram
  bool connected = false;
  double elapsed_ms = 0;
};

using socket_done_fn = std::function<void(socket_outcome)>;

// A running probe. cancel() stops it at once; its done_fn is then never called.
class socket_probe {
 public:
  virtual ~socket_probe() = default;
  virtual void cancel() = 0;
};

struct banner_request {
  std::string ip;
  int wire_port = 0;
  std::string payload;  // sent after connect when not empty (from a config data file)
  int connect_timeout_ms = 5000;
  int deadline_ms = 10000;
  std::size_t max_bytes = 4096;
};

// Connects, optionally sends `payload`, reads until max_bytes, EOF or the deadline.
// Status: ok (bytes, EOF or cap reached), timeout (nothing before the deadline, or connect
// timed out; bytes read are kept), refused, reset, unreachable, too_large (cap reached).
std::shared_ptr<socket_probe> grab_banner(boost::asio::io_context& io, const banner_request& r,
                                          socket_done_fn done);

struct ssdp_request {
  std::string ip;
  int wire_port = 1900;
  std::string search_target = "upnp:rootdevice";
  int window_ms = 1500;
  std::size_t max_datagram_bytes = 8192;
  std::size_t max_replies = 8;
};

// The M-SEARCH text sent (from docs/devices.md; Host is the multicast group, as
// devices expect, although the datagram goes to the target's unicast address).
std::string m_search_text(const std::string& search_target);

// Sends one M-SEARCH to ip:wire_port over a connected UDP socket and collects replies
// for window_ms. Status: ok (at least one reply), timeout (none), refused (ICMP port
// unreachable), error.
std::shared_ptr<socket_probe> ssdp_search(boost::asio::io_context& io, const ssdp_request& r,
                                          socket_done_fn done);

}  // namespace iotprobe::prober
