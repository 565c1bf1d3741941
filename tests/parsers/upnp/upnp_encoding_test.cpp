// Names in charsets other than UTF-8, as devices really send them: a Latin-1 "Küche" with
// no declaration or a wrong UTF-8 one, GBK and Shift_JIS router names with a declaration
// pugixml cannot read. Before upnp_encoding these came out as U+FFFD (data lost). Built on
// the real Roku description by swapping its friendlyName for the encoded bytes.
#include "parsers/upnp/upnp_encoding.hpp"
#include "tests/parsers/upnp/upnp_real_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>

using iotprobe::parsers::parse_upnp_description;
using iotprobe::parsers::probe_status;
using iotprobe::parsers::upnp_description;
using iotprobe::parsers::upnp_document_to_utf8;

namespace {

// The Roku document (no XML declaration) with `declaration` in front and `name_bytes`
// as its friendlyName.
std::string roku_with(const std::string& declaration, const std::string& name_bytes) {
  std::string xml = iotprobe::testing::read_real_upnp("roku_4670rw_dial.xml");
  const std::string old_name = "<friendlyName>Rokunub</friendlyName>";
  const auto at = xml.find(old_name);
  REQUIRE(at != std::string::npos);
  xml.replace(at, old_name.size(), "<friendlyName>" + name_bytes + "</friendlyName>");
  return declaration + xml;
}

std::string friendly_name(const std::string& xml) {
  const upnp_description d = parse_upnp_description(xml);
  REQUIRE(d.status == probe_status::ok);
  return d.devices.at(0).friendly_name.value_or("<absent>");
}

}  // namespace

TEST_CASE("UPnP encoding: Latin-1 bytes without a declaration are read as ISO-8859-1", "[upnp][encoding]") {
  CHECK(friendly_name(roku_with("", "K\xFC" "che")) == "K\xC3\xBC" "che");
}

TEST_CASE("UPnP encoding: Latin-1 bytes under a UTF-8 declaration are read as ISO-8859-1", "[upnp][encoding]") {
  const std::string decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  CHECK(friendly_name(roku_with(decl, "Caf\xE9")) == "Caf\xC3\xA9");
}

TEST_CASE("UPnP encoding: declared GBK, Shift_JIS and windows-1252 are converted", "[upnp][encoding]") {
  // "无线路由器" (wireless router) in GBK, "ルーター" in Shift_JIS, "€" in windows-1252.
  CHECK(friendly_name(roku_with("<?xml version='1.0' encoding='GB2312'?>\n",
                                "\xCE\xDE\xCF\xDF\xC2\xB7\xD3\xC9\xC6\xF7")) ==
        "\xE6\x97\xA0\xE7\xBA\xBF\xE8\xB7\xAF\xE7\x94\xB1\xE5\x99\xA8");
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n",
                                "\x83\x8B\x81\x5B\x83\x5E\x81\x5B")) ==
        "\xE3\x83\xAB\xE3\x83\xBC\xE3\x82\xBF\xE3\x83\xBC");
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n", "\x80 5")) ==
        "\xE2\x82\xAC 5");
}

TEST_CASE("UPnP encoding: documents pugixml reads itself are left alone", "[upnp][encoding]") {
  const std::string utf8_name = "\xE4\xB8\xAD\xE6\x96\x87";  // valid UTF-8 stays byte for byte
  CHECK_FALSE(upnp_document_to_utf8(roku_with("", utf8_name)));
  CHECK(friendly_name(roku_with("", utf8_name)) == utf8_name);
  CHECK_FALSE(upnp_document_to_utf8(roku_with("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "\xFC")));
  CHECK_FALSE(upnp_document_to_utf8("\xEF\xBB\xBF<root/>"));
  CHECK(friendly_name("\xEF\xBB\xBF" + roku_with("", "Caf\xE9")) == "Caf\xC3\xA9");  // BOM, then Latin-1
  CHECK_FALSE(upnp_document_to_utf8(std::string("<\0r\0", 4)));  // UTF-16LE without a BOM
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "\xFC")) == "\xC3\xBC");
}

TEST_CASE("UPnP encoding: an unknown declared charset falls back to the UTF-8/Latin-1 rule", "[upnp][encoding]") {
  // "UTF-16" on a document sent in 8 bits is a common mislabel: same rule.
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "Caf\xE9")) == "Caf\xC3\xA9");
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>", "Caf\xE9")) ==
        "Caf\xC3\xA9");
  CHECK(friendly_name(roku_with("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>", "Cafe")) == "Cafe");
}

TEST_CASE("UPnP encoding: a converted document that is cut is still a parse_error", "[upnp][encoding]") {
  const std::string xml = roku_with("<?xml version='1.0' encoding='GB2312'?>\n", "\xCE\xDE\xCF\xDF");
  const upnp_description d = parse_upnp_description(xml.substr(0, xml.size() / 2));
  CHECK(d.status == probe_status::parse_error);
  CHECK(d.devices.empty());
}
