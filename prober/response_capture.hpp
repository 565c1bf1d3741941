// The capped capture of one HTTP response as libcurl hands it over (header and body
// callbacks), and the request URL. Untrusted bytes stop at the cap; nothing here throws
// into curl's C frames, and nothing here includes <curl/curl.h> (http_client.cpp owns curl).
#pragma once

#include "prober/http_client.hpp"

#include <cstddef>
#include <string>

namespace iotprobe::prober {

// One response's bytes, exactly as received, each part capped on its own.
struct response_capture {
  std::string headers, body;
  std::size_t max_header_bytes = 0, max_body_bytes = 0;
  bool capped = false;  // a cap stopped the transfer
};

// Keeps up to `cap` bytes of `n` in `into`. Returns n when all fit; otherwise keeps what
// fits, sets `capped` and returns 0, the short count that makes curl abort the transfer
// (CURLE_WRITE_ERROR) - needed because curl 7.88's MAXFILESIZE misses unknown sizes.
// An allocation failure is treated as the cap: never throws.
std::size_t keep_capped(std::string& into, std::size_t cap, bool& capped, const char* data,
                        std::size_t n) noexcept;

// CURLOPT_HEADERFUNCTION / CURLOPT_WRITEFUNCTION, curl's documented signature; `user` is
// the transfer's response_capture. Contract: called only by curl, never throws.
extern "C" std::size_t capture_header_bytes(char* data, std::size_t size, std::size_t count,
                                            void* user);
extern "C" std::size_t capture_body_bytes(char* data, std::size_t size, std::size_t count,
                                          void* user);

// "http://IP:PORT/path" ("https://" for TLS), with a v6 literal in brackets. The ip is a
// literal (never a name).
std::string url_for(const http_request& request);

}  // namespace iotprobe::prober
