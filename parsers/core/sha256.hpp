// SHA-256 of a byte string as lower-case hex: the body hash stored with each response, the
// config hash of a run, and a TLS certificate's identity (the hash of its DER). Plain FIPS
// 180-4, a pure function; total, never throws. Never used for a security decision.
#pragma once

#include <string>
#include <string_view>

namespace iotprobe::parsers {

std::string sha256_hex(std::string_view bytes);

}  // namespace iotprobe::parsers
