// The byte caps on a device's answer (see response_capture.hpp): the only code that runs
// inside curl's write and header callbacks. It must never throw and never grow past a cap.
#include "prober/response_capture.hpp"

namespace iotprobe::prober {

std::size_t keep_capped(std::string& into, std::size_t cap, bool& capped, const char* data,
                        std::size_t n) noexcept {
  try {
    if (into.size() + n <= cap) {
      into.append(data, n);
      return n;
    }
    into.append(data, cap > into.size() ? cap - into.size() : 0);
  } catch (...) {  // allocation failure: abort the transfer, never throw into C
  }
  capped = true;
  return 0;
}

extern "C" std::size_t capture_header_bytes(char* data, std::size_t size, std::size_t count,
                                            void* user) {
  auto* c = static_cast<response_capture*>(user);
  return keep_capped(c->headers, c->max_header_bytes, c->capped, data, size * count);
}

extern "C" std::size_t capture_body_bytes(char* data, std::size_t size, std::size_t count,
                                          void* user) {
  auto* c = static_cast<response_capture*>(user);
  return keep_capped(c->body, c->max_body_bytes, c->capped, data, size * count);
}

std::string url_for(const http_request& r) {
  const bool v6 = r.ip.find(':') != std::string::npos;
  return std::string(r.tls ? "https://" : "http://") + (v6 ? "[" : "") + r.ip +
         (v6 ? "]" : "") + ":" + std::to_string(r.wire_port) + r.path;
}

}  // namespace iotprobe::prober
