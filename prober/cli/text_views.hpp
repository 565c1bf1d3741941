// Readable, terminal-safe summaries of parser results for people (the default output
// of `parse`). Device text never reaches the terminal raw: control bytes are escaped
// so that a hostile banner cannot move the cursor or retitle the window.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <string>
#include <string_view>

namespace iotprobe::cli {

// `text` with C0/C1 controls, DEL and invalid UTF-8 bytes written as \xHH.
std::string terminal_safe(std::string_view text);

std::string http_response_summary(const parsers::http_response& response);
std::string ssdp_reply_summary(const parsers::ssdp_reply& reply);
std::string upnp_description_summary(const parsers::upnp_description& description);

}  // namespace iotprobe::cli
