// Tolerant decoding of an HTTP/1.1 chunked body as a device sent it. Never fails:
// a bad chunk size or a cut-off chunk keeps what was decoded and says where it stopped.
// Never allocates more than max_bytes of output, whatever sizes the device claims.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

struct chunked_body {
  std::string body;        // the concatenated chunk data, at most max_bytes
  bool complete = false;   // the zero-size last chunk was seen
  bool truncated = false;  // more data was announced or present than max_bytes
  std::string problem;     // empty when complete; else why decoding stopped and where
};

// `data` is everything after the header block. Chunk extensions (";name=value") and
// trailers are ignored; CRLF or bare LF is accepted after sizes and data.
chunked_body decode_chunked(std::string_view data, std::size_t max_bytes);

}  // namespace iotprobe::parsers
