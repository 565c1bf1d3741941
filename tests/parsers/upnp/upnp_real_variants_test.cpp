// Every real device description under tests/fixtures/upnp/real/ must survive the ways the
// same bytes reach us in the wild: CRLF line ends, a UTF-8 BOM, whitespace before "<?xml",
// lower-case element names, and a cut connection. A variant must give the same devices as
// the file itself; a cut before the end of </root> must be a parse_error with no devices.
#include "parsers/upnp/upnp_description.hpp"
#include "tests/parsers/upnp/upnp_real_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using iotprobe::parsers::parse_upnp_description;
using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;

namespace {

std::vector<std::filesystem::path> real_fixtures() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = std::filesystem::path(IOTPROBE_FIXTURES_DIR) / "upnp" / "real";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One comparable line per device: path and the identity fields the CLI prints.
std::vector<std::string> summary(const upnp_description& d) {
  std::vector<std::string> out;
  for (const auto& device : d.devices) {
    std::string line = device.path;
    for (const auto* field : {&device.udn, &device.device_type, &device.friendly_name,
                              &device.manufacturer, &device.model_name, &device.model_number,
                              &device.serial_number, &device.presentation_url}) {
      line += '|';
      line += field->value_or("<absent>");
    }
    line += '|' + std::to_string(device.services.size());
    out.push_back(std::move(line));
  }
  return out;
}

std::string to_crlf(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// Lower-cases the local part of every element name (<UDN> -> <udn>, <dlna:X_DLNADOC> ->
// <dlna:x_dlnadoc>), as a gateway in flyte/upnpclient issue 9 writes them; prefixes and
// attributes are left alone so namespace bindings still hold.
std::string lower_case_tags(const std::string& text) {
  std::string out = text;
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] != '<') continue;
    std::size_t j = out[i + 1] == '/' ? i + 2 : i + 1;
    if (j >= out.size() || out[j] == '?' || out[j] == '!') continue;
    std::size_t end = j;
    while (end < out.size() && out[end] != '>' && out[end] != '/' && out[end] != ' ' &&
           out[end] != '\t' && out[end] != '\r' && out[end] != '\n')
      ++end;
    const std::size_t colon = out.rfind(':', end);
    const std::size_t local = (colon != std::string::npos && colon >= j) ? colon + 1 : j;
    for (std::size_t k = local; k < end; ++k) {
      if (out[k] >= 'A' && out[k] <= 'Z') out[k] = static_cast<char>(out[k] - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Real fixtures: lower-case element names give the same devices", "[upnp][real][variants]") {
  for (const auto& file : real_fixtures()) {
    INFO(file.filename().string());
    const std::string xml = iotprobe::testing::read_real_upnp(file.filename().string());
    const auto expected = summary(parse_upnp_description(xml));
    const upnp_description lowered = parse_upnp_description(lower_case_tags(xml));
    REQUIRE(lowered.status == probe_status::ok);
    CHECK(summary(lowered) == expected);
  }
}

TEST_CASE("Real fixtures: there are at least 15 of them", "[upnp][real][variants]") {
  CHECK(real_fixtures().size() >= 15);
}

TEST_CASE("Real fixtures: CRLF, BOM and leading whitespace give the same devices", "[upnp][real][variants]") {
  for (const auto& file : real_fixtures()) {
    INFO(file.filename().string());
    const std::string xml = iotprobe::testing::read_real_upnp(file.filename().string());
    const upnp_description base = parse_upnp_description(xml);
    REQUIRE(base.status == probe_status::ok);
    REQUIRE_FALSE(base.devices.empty());
    const auto expected = summary(base);
    CHECK(summary(parse_upnp_description(to_crlf(xml))) == expected);
    CHECK(summary(parse_upnp_description("\xEF\xBB\xBF" + xml)) == expected);
    CHECK(summary(parse_upnp_description(" \r\n\t\n" + xml)) == expected);
  }
}

TEST_CASE("Real fixtures: any cut before the end of </root> is a parse_error, never partial",
          "[upnp][real][variants]") {
  for (const auto& file : real_fixtures()) {
    const std::string xml = iotprobe::testing::read_real_upnp(file.filename().string());
    const std::size_t end = xml.rfind('>');
    REQUIRE(end != std::string::npos);
    // 40 cut points spread over the document, plus the last bytes of </root>.
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i <= 40; ++i) cuts.push_back(end * i / 41);
    for (std::size_t back = 1; back <= 6 && back <= end; ++back) cuts.push_back(end + 1 - back);
    for (const std::size_t cut : cuts) {
      INFO(file.filename().string() << " cut at " << cut << " of " << xml.size());
      const upnp_description d = parse_upnp_description(xml.substr(0, cut));
      CHECK(d.status == probe_status::parse_error);
      CHECK(d.devices.empty());
      CHECK_FALSE(d.detail.empty());
    }
  }
}
