// Recog::Fingerprint#match after the regex: params from fixed values and captures,
// service.protocol and fingerprint_db, {name} interpolation with the cpe23 '-' rule,
// and _tmp.* removal. Also Ruby's lenient base64. Never throws on device input.
#include "parsers/fingerprint/fingerprint_db.hpp"

#include <array>
#include <set>

namespace iotprobe::parsers {
namespace {

// The names a value interpolates, in order of appearance: Ruby scan(/\{([^\s{}]+)\}/).
std::vector<std::string> interpolated_names(std::string_view value) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t open = value.find('{'); open != std::string_view::npos;
       open = value.find('{', open + 1)) {
    std::size_t end = open + 1;
    while (end < value.size() && value[end] != '}' && value[end] != '{' &&
           value[end] != ' ' && value[end] != '\t' && value[end] != '\n' && value[end] != '\r' &&
           value[end] != '\f' && value[end] != '\v')
      ++end;
    if (end == open + 1 || end >= value.size() || value[end] != '}') continue;
    std::string name(value.substr(open + 1, end - open - 1));
    if (seen.insert(name).second) names.push_back(std::move(name));
  }
  return names;
}

void replace_all(std::string& text, const std::string& token, std::string_view with) {
  for (std::size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at + with.size()))
    text.replace(at, token.size(), with);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::array<int, 256> base64_table() {
  std::array<int, 256> table{};
  table.fill(-1);
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  return table;
}

}  // namespace

bool build_match_params(const fingerprint& fp, const regex_captures& captures,
                        std::string_view protocol, std::string_view match_key,
                        std::map<std::string, std::string>& out, std::string& error) {
  out.clear();
  for (const fingerprint_param& p : fp.params) {
    if (p.pos == 0) {
      out[p.name] = p.value;
    } else if (static_cast<std::size_t>(p.pos) < captures.size() &&
               captures[static_cast<std::size_t>(p.pos)]) {
      out[p.name] = *captures[static_cast<std::size_t>(p.pos)];
    } else {
      out.erase(p.name);  // nil: an optional group that did not take part
    }
  }
  if (!protocol.empty() && !out.count("service.protocol"))
    out["service.protocol"] = std::string(protocol);
  if (!match_key.empty()) out["fingerprint_db"] = std::string(match_key);
  for (const fingerprint_param& p : fp.params) {
    if (p.pos != 0) continue;
    for (const std::string& name : interpolated_names(p.value)) {
      const auto found = out.find(name);
      if (found != out.end()) {
        const std::string with = found->second;  // copy: may alias out[p.name]
        replace_all(out[p.name], "{" + name + "}", with);
      } else if (ends_with(p.name, ".cpe23") && ends_with(name, ".version")) {
        replace_all(out[p.name], "{" + name + "}", "-");
      } else {
        error = "nil value {" + name + "} interpolated into " + p.name;
        return false;
      }
    }
  }
  for (auto it = out.begin(); it != out.end();)
    it = it->first.rfind("_tmp.", 0) == 0 ? out.erase(it) : std::next(it);
  return true;
}

std::string ruby_base64_decode(std::string_view text) {
  static const std::array<int, 256> table = base64_table();
  std::string out;
  std::array<int, 4> quad{};
  std::size_t n = 0;
  for (char c : text) {
    if (c == '=' && n >= 2) break;  // padding ends the data (Ruby ignores '=' before that)
    const int v = table[static_cast<unsigned char>(c)];
    if (v < 0) continue;
    quad[n++] = v;
    if (n < 4) continue;
    out += static_cast<char>(quad[0] << 2 | quad[1] >> 4);
    out += static_cast<char>((quad[1] << 4 | quad[2] >> 2) & 0xFF);
    out += static_cast<char>((quad[2] << 6 | quad[3]) & 0xFF);
    n = 0;
  }
  if (n >= 2) out += static_cast<char>((quad[0] << 2 | quad[1] >> 4) & 0xFF);
  if (n >= 3) out += static_cast<char>((quad[1] << 4 | quad[2] >> 2) & 0xFF);
  return out;
}

std::optional<fingerprint_match> fingerprint_db::match_one(std::size_t i, std::string_view value,
                                                           ruby_regex::subject_kind kind,
                                                           std::string& error) const {
  if (i >= fingerprints_.size()) return std::nullopt;
  const fingerprint& fp = fingerprints_[i];
  const auto outcome = fp.regex.search_outcome(value, kind);
  if (outcome.limit_hit) error = std::string(regex_limit_note);
  if (!outcome.captures) return std::nullopt;
  const auto& captures = outcome.captures;
  fingerprint_match m;
  if (!build_match_params(fp, *captures, protocol_, matches_, m.params, error))
    return std::nullopt;
  m.database = name_;
  m.matches = matches_;
  m.description = fp.description;
  m.certainty = fp.certainty;
  m.fingerprint_index = static_cast<int>(i);
  return m;
}

std::optional<fingerprint_match> fingerprint_db::match(std::string_view value,
                                                       ruby_regex::subject_kind kind) const {
  std::string cleaned;
  if (kind == ruby_regex::subject_kind::text) {
    value = as_valid_utf8(value, cleaned);  // Recog re-encodes and retries
    kind = ruby_regex::subject_kind::valid_utf8;
  }
  std::string error;
  if (kind == ruby_regex::subject_kind::valid_utf8 && !value.empty() &&
      value.find('\n') == std::string_view::npos) {
    for (std::uint32_t i : by_first_byte_[static_cast<unsigned char>(value[0])])
      if (auto m = match_one(i, value, kind, error)) return m;
    return std::nullopt;
  }
  for (std::size_t i = 0; i < fingerprints_.size(); ++i)
    if (auto m = match_one(i, value, kind, error)) return m;
  return std::nullopt;
}

}  // namespace iotprobe::parsers
