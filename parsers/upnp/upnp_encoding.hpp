// Re-encoding of UPnP description documents that pugixml cannot read as they are: a
// declared legacy charset (Shift_JIS, GBK, Big5, windows-1252, …) or undeclared bytes
// that are not UTF-8. Pure and total: never throws, never touches a document pugixml
// reads correctly by itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iotprobe::parsers {

// The document converted to UTF-8 when pugixml would misread its bytes, else nullopt
// (UTF-16/32, valid UTF-8 with or without a BOM, or ISO-8859-1, which pugixml converts
// itself). A UTF-8 BOM does not exempt invalid bytes from the rule below.
// Bytes that are not valid UTF-8 under no declaration or a UTF-8 one are read as
// ISO-8859-1: devices send Latin-1 names that way, and ISO-8859-1 keeps every byte
// (U+FFFD would lose them). `document` starts at its first non-blank byte.
std::optional<std::string> upnp_document_to_utf8(std::string_view document);

}  // namespace iotprobe::parsers
