// The one JSON encoding of a verdict's evidence and conflicts: what the store writes to
// verdicts.evidence / verdicts.conflicts and what every JSON view (iotprobe.host/1, parse
// --json) prints. It lives in db/ because the stored column is its strictest contract
// and db/ may not include the output layer; prober/output reuses it. Never throws.
#pragma once

#include "parsers/model/verdict.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace iotprobe::db {

// [{port, probe, field, value, database, fingerprint, params{}, responses[]}], in evidence
// order (responses: the indexes of the answers that showed the value, responses.seq).
nlohmann::json evidence_json(const std::vector<parsers::evidence>& evidence);

// The column texts: compact JSON, device bytes that are not UTF-8 replaced by U+FFFD.
std::string encode_evidence(const std::vector<parsers::evidence>& evidence);
std::string encode_conflicts(const std::vector<std::string>& conflicts);

}  // namespace iotprobe::db
