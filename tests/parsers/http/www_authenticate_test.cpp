// WWW-Authenticate: scheme and realm from the challenges devices send, quoted-string
// aware (commas, escaped quotes and "realm=" inside quotes are data).
#include "parsers/http/www_authenticate.hpp"

#include <catch2/catch.hpp>

using iotprobe::parsers::parse_www_authenticate;

TEST_CASE("GoAhead digest challenge", "[auth]") {
  const auto a = parse_www_authenticate(
      "Digest realm=\"GoAhead\", domain=\":81\",qop=\"auth\", nonce=\"9f3b1a8d\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\",algorithm=\"MD5\", stale=\"FALSE\"");
  REQUIRE(a);
  CHECK(a->scheme == "Digest");
  CHECK(a->realm == "GoAhead");
  CHECK(a->params ==
        "realm=\"GoAhead\", domain=\":81\",qop=\"auth\", nonce=\"9f3b1a8d\", "
        "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\",algorithm=\"MD5\", stale=\"FALSE\"");
}

TEST_CASE("Basic realms, quoted and bare", "[auth]") {
  const auto broadcom = parse_www_authenticate("Basic realm=\"Broadband Router\"");
  REQUIRE(broadcom);
  CHECK(broadcom->scheme == "Basic");
  CHECK(broadcom->realm == "Broadband Router");
  const auto bare = parse_www_authenticate("  basic REALM=DSL-Router , charset=UTF-8 ");
  REQUIRE(bare);
  CHECK(bare->scheme == "basic");
  CHECK(bare->realm == "DSL-Router");
  CHECK(bare->params == "REALM=DSL-Router , charset=UTF-8");
}

TEST_CASE("realm found after other params; quotes protect commas and escapes", "[auth]") {
  const auto huawei = parse_www_authenticate("Digest qop=\"auth\", realm=\"HuaweiHomeGateway\",nonce=\"a\"");
  REQUIRE(huawei);
  CHECK(huawei->realm == "HuaweiHomeGateway");
  const auto tricky = parse_www_authenticate(R"(Digest nonce="x, realm=\"fake\"", realm="a \"b\", c")");
  REQUIRE(tricky);
  CHECK(tricky->realm == "a \"b\", c");
  const auto open = parse_www_authenticate("Basic realm=\"unterminated");
  REQUIRE(open);
  CHECK(open->realm == "unterminated");
}

TEST_CASE("no realm, a second challenge, nothing at all", "[auth]") {
  const auto negotiate = parse_www_authenticate("Negotiate");
  REQUIRE(negotiate);
  CHECK(negotiate->scheme == "Negotiate");
  CHECK_FALSE(negotiate->realm);
  CHECK(negotiate->params.empty());
  const auto two = parse_www_authenticate("Basic realm=\"first\", Digest realm=\"second\"");
  REQUIRE(two);
  CHECK(two->realm == "first");
  const auto other_first = parse_www_authenticate("Bearer error=\"x\", Basic realm=\"second\"");
  REQUIRE(other_first);
  CHECK_FALSE(other_first->realm);
  CHECK_FALSE(parse_www_authenticate(""));
  CHECK_FALSE(parse_www_authenticate("  \"quoted\" realm=x"));
}
