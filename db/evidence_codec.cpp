// The evidence/conflicts encoding (see evidence_codec.hpp). Key names are a stored
// contract: rename nothing, add fields only.
#include "db/evidence_codec.hpp"

namespace iotprobe::db {
namespace {

// Evidence values are device bytes and may not be UTF-8: replace, never throw.
std::string compact(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

nlohmann::json evidence_json(const std::vector<parsers::evidence>& evidence) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : evidence) {
    out.push_back({{"port", e.port}, {"probe", parsers::to_string(e.probe)}, {"field", e.field},
                   {"value", e.value}, {"database", e.database}, {"fingerprint", e.fingerprint},
                   {"params", e.params}, {"responses", e.responses}});
  }
  return out;
}

std::string encode_evidence(const std::vector<parsers::evidence>& evidence) {
  return compact(evidence_json(evidence));
}

std::string encode_conflicts(const std::vector<std::string>& conflicts) {
  return compact(nlohmann::json(conflicts));
}

}  // namespace iotprobe::db
