// The terminal-safe printer (see terminal.hpp): a byte-level scan that keeps only
// complete, printable UTF-8 sequences and escapes every other byte.
#include "prober/output/terminal.hpp"

#include <fmt/format.h>

namespace iotprobe::output {
namespace {

// Length of a valid UTF-8 sequence at text[i] that is not a C1 control, else 0.
std::size_t printable_sequence(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead >= 0x20 && lead < 0x7f) return 1;
  const std::size_t length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || text.size() - i < length || lead < 0xC2 || lead > 0xF4) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (lead == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return 0;  // C1
  return length;
}

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = printable_sequence(text, i);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string terminal_safe_or(const std::optional<std::string>& value, std::string_view absent) {
  return value ? terminal_safe(*value) : std::string(absent);
}

}  // namespace iotprobe::output
