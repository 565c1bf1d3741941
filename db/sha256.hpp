// SHA-256 of a byte string as lower-case hex: the body hash stored with each response,
// so identical pages are easy to group. Plain FIPS 180-4; total, never throws.
#pragma once

#include <string>
#include <string_view>

namespace iotprobe::db {

std::string sha256_hex(std::string_view bytes);

}  // namespace iotprobe::db
