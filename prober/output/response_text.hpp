// Readable summaries of parser results and of a verdict for people (the default output
// of `parse`): one "label  value" line per fact. Every string from the input passes
// through terminal_safe; the views are pure and never write to a stream.
#pragma once

#include "parsers/http/http_response.hpp"
#include "parsers/model/verdict.hpp"
#include "parsers/upnp/ssdp_reply.hpp"
#include "parsers/upnp/upnp_description.hpp"

#include <string>

namespace iotprobe::output {

std::string http_response_text(const parsers::http_response& response);
std::string ssdp_reply_text(const parsers::ssdp_reply& reply);
std::string upnp_description_text(const parsers::upnp_description& description);

// An indented "verdict" block (family, vendor, product, version, certainty, one line per
// evidence and conflict), appended to a parse summary by --fingerprint. probe's per-host
// report shows the same verdict as lines of its own (host_views.hpp).
std::string verdict_block_text(const parsers::verdict& verdict);

}  // namespace iotprobe::output
