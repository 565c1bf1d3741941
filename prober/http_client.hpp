// HTTP GETs on libcurl's multi interface, driven by one boost::asio::io_context (the
// curl ⇄ Asio bridge, docs/architecture.md). Keeps the raw bytes exactly as
// the device sent them (headers + undecoded body), capped. It never follows redirects,
// never speaks anything but http (or, for a TLS request, https without verification: a
// device's certificate is evidence, not a trust decision), never resolves names and never
// blocks the loop.
#pragma once

#include "parsers/core/probe_status.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace iotprobe::prober {

struct http_request {
  std::string ip;  // IP literal only (v4 or v6); the caller has checked the blocklist
  int wire_port = 80;
  std::string path = "/";
  int connect_timeout_ms = 5000;
  int deadline_ms = 10000;  // whole transfer
  std::size_t max_header_bytes = 32 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
  std::string user_agent;
  // https: no certificate or name verification, no SNI (targets are IP literals), the
  // leaf certificate kept in http_outcome::certificate.
  bool tls = false;
};

struct http_outcome {
  parsers::probe_status status = parsers::probe_status::error;  // transport-level status
  std::string detail;
  std::string raw;         // header bytes then body bytes, as received (capped)
  bool capped = false;     // a byte cap stopped the transfer
  bool connected = false;  // a TCP connection was made
  double elapsed_ms = 0;
  // tls: the leaf certificate as curl's certificate-info "Name:value" lines (empty when
  // no handshake completed); parsers::parse_certificate_info reads them.
  std::vector<std::string> certificate;
};

// Maps a CURLcode (as int) plus the OS errno curl saw to a probe_status and a detail.
// `capped` says our write/header callback aborted the transfer on a byte cap.
parsers::probe_status status_for_curl_code(int curl_code, long os_errno, bool capped);

class http_client {
 public:
  using transfer_id = std::uint64_t;
  using done_fn = std::function<void(http_outcome)>;

  explicit http_client(boost::asio::io_context& io);
  // Removes and cleans up every transfer, then curl_multi_cleanup (while the watch set
  // still exists: cleanup may call the socket callback). Pending done_fns are dropped.
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // Starts a GET. `done` runs later from the io_context, never inline, exactly once,
  // unless cancel() is called first. Must not be called from inside a curl callback
  // (done_fns are invoked outside them, so starting transfers from a done_fn is fine).
  transfer_id get(const http_request& request, done_fn done);
  // Aborts a transfer silently: its done_fn is never called. Unknown ids are ignored.
  void cancel(transfer_id id);
  std::size_t active() const { return transfers_.size(); }

 private:
  struct watch;
  struct transfer;
  static int on_socket(void* easy, int fd, int what, void* self, void* socketp);
  static int on_timer(void* multi, long timeout_ms, void* self);
  int update_watch(int fd, int what, watch* w);
  void arm(const std::shared_ptr<watch>& w, bool write);
  void act(int fd, int select_flags);
  void drain();
  void finish(transfer& t, int curl_code);
  void* take_handle();  // an idle CURL* or a new one with the fixed options; nullptr on failure
  void recycle(transfer& t);

  boost::asio::io_context& io_;
  boost::asio::steady_timer timer_;
  std::unordered_map<watch*, std::shared_ptr<watch>> watches_;  // must outlive multi_
  std::unordered_map<transfer_id, std::unique_ptr<transfer>> transfers_;
  std::vector<void*> idle_;  // CURL* handles out of the multi, ready for the next transfer
  transfer_id next_id_ = 1;
  bool kick_posted_ = false;  // a zero timeout's socket_action is queued on the loop
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // posted kicks hold it weakly
  void* close_header_ = nullptr;  // curl_slist "Connection: close", shared by every transfer
  void* multi_ = nullptr;  // CURLM*; declared last, cleaned up first in the destructor
};

}  // namespace iotprobe::prober
