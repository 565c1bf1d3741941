// The curl ⇄ Asio bridge (its rules, numbered, in docs/architecture.md) and the
// per-transfer options (byte caps: response_capture.cpp). The only file that includes
// <curl/curl.h>. curl owns its sockets: we release, never close them. No curl_multi_* call
// that drives transfers is made inside a curl callback; no exception crosses into C.
#include "prober/http_client.hpp"

#include "prober/response_capture.hpp"

#include <curl/curl.h>

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cerrno>
#include <chrono>
#include <utility>
#include <vector>

namespace iotprobe::prober {

using parsers::probe_status;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

// One socket curl asked us to watch. The descriptor is released, never closed (rules 1-2).
struct http_client::watch {
  watch(boost::asio::io_context& io, int socket_fd) : descriptor(io), fd(socket_fd) {
    boost::system::error_code ec;
    descriptor.assign(socket_fd, ec);
  }
  ~watch() { release(); }
  void release() noexcept {
    if (descriptor.is_open()) descriptor.release();
  }
  boost::asio::posix::stream_descriptor descriptor;
  int fd;
  int wanted = 0;  // CURL_POLL_IN / CURL_POLL_OUT bits curl asked for
  bool read_armed = false, write_armed = false;
};

struct http_client::transfer {
  transfer_id id = 0;
  CURL* easy = nullptr;
  done_fn done;
  response_capture bytes;
  bool tls = false;
  std::chrono::steady_clock::time_point started;
  ~transfer() {
    if (easy) curl_easy_cleanup(easy);
  }
};

probe_status status_for_curl_code(int curl_code, long os_errno, bool capped) {
  if (capped) return probe_status::too_large;
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_OK: return probe_status::ok;
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return probe_status::refused;
      if (os_errno == ETIMEDOUT) return probe_status::timeout;
      if (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH) return probe_status::unreachable;
      return probe_status::refused;
    case CURLE_OPERATION_TIMEDOUT: return probe_status::timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return probe_status::reset;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_SSL_CONNECT_ERROR:  // the port took the connection but spoke no usable TLS
      return probe_status::not_http;
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_OUT_OF_MEMORY:  // curl 7.88's verdict on a header line over CURL_MAX_HTTP_HEADER
      return probe_status::too_large;
    default: return probe_status::error;  // CURLE_WRITE_ERROR without a cap included
  }
}

http_client::http_client(boost::asio::io_context& io) : io_(io), timer_(io) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted; idempotent
  close_header_ = curl_slist_append(nullptr, "Connection: close");
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &http_client::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &http_client::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

http_client::~http_client() {
  // Rule 7: remove and clean every easy handle, then cleanup the multi while watches_
  // still exists (curl may call the socket callback from cleanup).
  for (auto& [id, t] : transfers_) curl_multi_remove_handle(multi_, t->easy);
  transfers_.clear();
  curl_multi_cleanup(multi_);
  multi_ = nullptr;
  timer_.cancel();
  watches_.clear();
  for (void* easy : idle_) curl_easy_cleanup(static_cast<CURL*>(easy));
  curl_slist_free_all(static_cast<curl_slist*>(close_header_));  // after every easy handle
  curl_global_cleanup();
}

namespace {
// What every transfer shares, set once when an easy handle is made; a recycled handle keeps
// them (curl keeps options across transfers on one handle).
void set_fixed_options(CURL* e, void* close_header) {
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, close_header);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // iotprobe checks every redirect itself
  curl_easy_setopt(e, CURLOPT_PROXY, "");            // never an environment proxy
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP09_ALLOWED, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);  // parsers de-chunk raw bytes
  curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);  // one connection per request: bounded fds
  // Targets are IP literals, but curl 7.88 still caches each one and walks the whole DNS
  // cache on every new connection: with tens of thousands of hosts that walk dominated CPU.
  curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 2048L);  // receive buffer per handle: RSS per connection
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &capture_header_bytes);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &capture_body_bytes);
}

// What one request sets, every time (a recycled handle still holds the last one's).
void set_request_options(CURL* e, const http_request& r, const std::string& url, void* sink) {
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, r.tls ? "https" : "http");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, r.tls ? "https" : "http");
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout_ms));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.deadline_ms));
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes));
  curl_easy_setopt(e, CURLOPT_USERAGENT, r.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_HEADERDATA, sink);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, sink);
}

// A device's certificate is evidence, not a trust decision: no verification, and the
// chain kept (CURLOPT_CERTINFO). Old firmware speaks TLS 1.0 with small keys and SHA-1, so
// OpenSSL's security level is lowered for these read-only handshakes; SNI is not sent to
// an IP literal.
void set_tls_options(CURL* e) {
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
  curl_easy_setopt(e, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_0));
  curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
  curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);  // every host shows its own handshake
}

// The leaf's certificate-info lines (CURLINFO_CERTINFO lists the chain leaf first).
std::vector<std::string> leaf_certificate(CURL* e) {
  std::vector<std::string> lines;
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &info) != CURLE_OK || !info ||
      info->num_of_certs < 1)
    return lines;
  for (const curl_slist* l = info->certinfo[0]; l; l = l->next)
    if (l->data) lines.emplace_back(l->data);
  return lines;
}

// Idle easy handles kept for the next transfers: making one (curl_easy_init and the fixed
// options) cost more than the rest of a refused exchange. Bounded, so RSS is too.
constexpr std::size_t max_idle_handles = 128;
}  // namespace

void* http_client::take_handle() {
  if (!idle_.empty()) {
    void* easy = idle_.back();
    idle_.pop_back();
    return easy;
  }
  CURL* easy = curl_easy_init();
  if (easy) set_fixed_options(easy, close_header_);
  return easy;
}

// The handle of a finished or cancelled transfer, already out of the multi handle. A TLS
// handle is not kept: its TLS options would carry over into the next plain-HTTP transfer.
void http_client::recycle(transfer& t) {
  if (!t.easy || t.tls || idle_.size() >= max_idle_handles) return;  // ~transfer cleans it up
  idle_.push_back(t.easy);
  t.easy = nullptr;
}

http_client::transfer_id http_client::get(const http_request& request, done_fn done) {
  auto t = std::make_unique<transfer>();
  t->id = next_id_++;
  t->done = std::move(done);
  t->bytes.max_header_bytes = request.max_header_bytes;
  t->bytes.max_body_bytes = request.max_body_bytes;
  t->started = std::chrono::steady_clock::now();
  t->easy = static_cast<CURL*>(take_handle());
  const auto id = t->id;
  if (!t->easy) {
    boost::asio::post(io_, [d = std::move(t->done)] {
      d(http_outcome{probe_status::error, "curl_easy_init failed", {}, false, false, 0, {}});
    });
    return id;
  }
  set_request_options(t->easy, request, url_for(request), &t->bytes);
  t->tls = request.tls;
  if (request.tls) set_tls_options(t->easy);
  curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
  const CURLMcode rc = curl_multi_add_handle(multi_, t->easy);
  if (rc != CURLM_OK) {
    const std::string why = curl_multi_strerror(rc);
    boost::asio::post(io_, [d = std::move(t->done), why] {
      d(http_outcome{probe_status::error, "curl_multi_add_handle: " + why, {}, false, false, 0,
                     {}});
    });
    return id;
  }
  transfers_.emplace(id, std::move(t));
  return id;
}

void http_client::cancel(transfer_id id) {
  const auto it = transfers_.find(id);
  if (it == transfers_.end()) return;
  curl_multi_remove_handle(multi_, it->second->easy);  // may call on_socket(REMOVE)
  recycle(*it->second);
  transfers_.erase(it);
}

// Rule 2 and 5: runs inside curl; only curl_multi_assign (documented as acceptable from
// the callbacks) is called; every exception is caught and turned into -1.
int http_client::on_socket(void* /*easy*/, int fd, int what, void* self, void* socketp) {
  try {
    return static_cast<http_client*>(self)->update_watch(fd, what, static_cast<watch*>(socketp));
  } catch (...) {
    return -1;
  }
}

int http_client::update_watch(int fd, int what, watch* w) {
  if (what == CURL_POLL_REMOVE) {
    if (w) {
      w->release();  // pending waits finish with operation_aborted; curl closes the fd
      watches_.erase(w);
    }
    return 0;
  }
  std::shared_ptr<watch> shared;
  if (!w) {
    shared = std::make_shared<watch>(io_, fd);
    if (!shared->descriptor.is_open()) return -1;
    watches_.emplace(shared.get(), shared);
    curl_multi_assign(multi_, fd, shared.get());
  } else {
    const auto it = watches_.find(w);
    if (it == watches_.end()) return -1;
    shared = it->second;
  }
  const int wanted = (what & CURL_POLL_IN ? 1 : 0) | (what & CURL_POLL_OUT ? 2 : 0);
  if ((shared->wanted & ~wanted) != 0) {  // a bit was dropped: cancel, re-arm what remains
    boost::system::error_code ec;
    shared->descriptor.cancel(ec);
    shared->read_armed = shared->write_armed = false;
  }
  shared->wanted = wanted;
  if ((wanted & 1) && !shared->read_armed) arm(shared, false);
  if ((wanted & 2) && !shared->write_armed) arm(shared, true);
  return 0;
}

// Rule 3: handlers hold a weak_ptr; they act only while the watch lives and wants the bit.
void http_client::arm(const std::shared_ptr<watch>& w, bool write) {
  (write ? w->write_armed : w->read_armed) = true;
  std::weak_ptr<watch> weak = w;
  const auto kind = write ? boost::asio::posix::stream_descriptor::wait_write
                          : boost::asio::posix::stream_descriptor::wait_read;
  w->descriptor.async_wait(kind, [this, weak, write](const boost::system::error_code& ec) {
    auto alive = weak.lock();
    if (!alive || ec == boost::asio::error::operation_aborted) return;
    (write ? alive->write_armed : alive->read_armed) = false;
    const int bit = write ? 2 : 1;
    if (!(alive->wanted & bit)) return;
    const int fd = alive->fd;
    alive.reset();  // act() may release and erase this watch
    act(fd, ec ? CURL_CSELECT_ERR : (write ? CURL_CSELECT_OUT : CURL_CSELECT_IN));
    alive = weak.lock();
    if (alive && (alive->wanted & bit) && !(write ? alive->write_armed : alive->read_armed))
      arm(alive, write);
  });
}

// Rule 4: zero goes through the loop like any other timeout, as a post rather than a timer.
// Curl asks for zero after every new transfer; a zero timer is always the loop's earliest,
// and re-arming the earliest costs a timerfd_settime syscall (13% of a loopback scan's CPU).
int http_client::on_timer(void* /*multi*/, long timeout_ms, void* self) {
  try {
    auto* client = static_cast<http_client*>(self);
    client->timer_.cancel();  // every call replaces the last timeout
    if (timeout_ms < 0) return 0;
    if (timeout_ms == 0) {
      if (!std::exchange(client->kick_posted_, true))
        boost::asio::post(client->io_, [client, alive = std::weak_ptr<int>(client->alive_)] {
          if (alive.expired()) return;  // the client is gone
          client->kick_posted_ = false;
          client->act(CURL_SOCKET_TIMEOUT, 0);
        });
      return 0;
    }
    client->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    client->timer_.async_wait([client](const boost::system::error_code& ec) {
      if (ec == boost::asio::error::operation_aborted) return;
      client->act(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  } catch (...) {
    return -1;
  }
}

void http_client::act(int fd, int select_flags) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, select_flags, &running);
  drain();
}

// Rule 6: copy each finished transfer out, remove its handle, and only then call done_fns.
void http_client::drain() {
  std::vector<std::pair<transfer_id, int>> finished;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
    if (t) finished.emplace_back(t->id, static_cast<int>(msg->data.result));
  }
  for (const auto& [id, code] : finished) {
    const auto it = transfers_.find(id);
    if (it == transfers_.end()) continue;
    std::unique_ptr<transfer> t = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, t->easy);
    finish(*t, code);
    recycle(*t);
  }
}

void http_client::finish(transfer& t, int curl_code) {
  long os_errno = 0;
  curl_easy_getinfo(t.easy, CURLINFO_OS_ERRNO, &os_errno);
  curl_off_t connect_time = 0;
  curl_easy_getinfo(t.easy, CURLINFO_CONNECT_TIME_T, &connect_time);
  http_outcome out;
  out.capped = t.bytes.capped;
  out.status = status_for_curl_code(curl_code, os_errno, t.bytes.capped);
  out.connected = connect_time > 0 || !t.bytes.headers.empty() || !t.bytes.body.empty();
  out.detail = curl_code == CURLE_OK ? std::string{} : curl_easy_strerror(static_cast<CURLcode>(curl_code));
  if (t.bytes.capped) out.detail = "byte cap reached";
  out.raw = std::move(t.bytes.headers);
  out.raw += t.bytes.body;
  out.elapsed_ms = ms_since(t.started);
  if (t.tls) out.certificate = leaf_certificate(t.easy);
  auto done = std::move(t.done);
  if (done) done(std::move(out));
}

}  // namespace iotprobe::prober
