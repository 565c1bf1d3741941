// The ground-truth manifest: one JSON object per line per (device, address) of a day.
// Writing uses fmt with JSON escaping (fast for 350k rows); reading uses nlohmann-json
// and throws on a malformed line, since the manifest is ours.
#include "fleet.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace iotprobe::mock {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

std::string json_optional(const std::string& s) { return s.empty() ? "null" : json_string(s); }

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? "," : "") + json_string(item);
  return out + "]";
}

}  // namespace

std::string manifest_json(const manifest_row& r) {
  return fmt::format(
      "{{\"day\":{},\"ip\":{},\"device_id\":{},\"family\":{},\"persona\":{},\"uuid\":{},"
      "\"uuid_raw\":{},\"shared_udn\":{},\"mac\":{},\"model\":{},\"serial\":{},\"lan_ip\":{},"
      "\"epoch\":{},\"epoch_last\":{},\"infected\":{},\"country\":{},\"behind\":{}}}",
      json_string(r.day), json_string(r.ip), r.device_id, json_string(r.family),
      json_string(r.persona), json_optional(r.uuid), json_optional(r.uuid_raw), r.shared_udn,
      json_string(r.mac), json_string(r.model), json_string(r.serial), json_string(r.lan_ip),
      r.epoch, r.epoch_last, r.infected, json_string(r.country), json_strings(r.behind));
}

manifest_row manifest_from_json(std::string_view line) {
  auto j = nlohmann::json::parse(line);
  auto text = [&](const char* key) {
    const auto& v = j.at(key);
    return v.is_null() ? std::string() : v.get<std::string>();
  };
  manifest_row r;
  r.day = text("day");
  r.ip = text("ip");
  r.device_id = j.at("device_id").get<std::uint64_t>();
  r.family = text("family");
  r.persona = text("persona");
  r.uuid = text("uuid");
  r.uuid_raw = text("uuid_raw");
  r.shared_udn = j.at("shared_udn").get<bool>();
  r.mac = text("mac");
  r.model = text("model");
  r.serial = text("serial");
  r.lan_ip = text("lan_ip");
  r.epoch = j.at("epoch").get<int>();
  r.epoch_last = j.at("epoch_last").get<int>();
  r.infected = j.at("infected").get<bool>();
  r.country = text("country");
  if (const auto behind = j.find("behind"); behind != j.end())
    r.behind = behind->get<std::vector<std::string>>();
  return r;
}

std::vector<manifest_row> read_manifest(const std::filesystem::path& fleet_dir,
                                        const std::string& day, int epoch) {
  auto file = fleet_dir / ("manifest-" + day + ".jsonl");
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read manifest " + file.string());
  std::vector<manifest_row> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    manifest_row r = manifest_from_json(line);
    if (epoch < 0 || (r.epoch <= epoch && epoch <= r.epoch_last)) rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace iotprobe::mock
